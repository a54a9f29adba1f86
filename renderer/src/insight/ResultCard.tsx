import { useTranslation } from 'react-i18next';
import type { StoredDiagnosis } from '../../../shared/contract';
import { DeviationView } from './DeviationView';
import { useLocalized } from './live';
import { SeverityBadge } from './SeverityBadge';
import { NoveltyView } from './NoveltyView';
import { SpectrumChart } from './SpectrumChart';

/** One diagnosis as the technician reads it: what, how bad, how sure, why, what to do, and how it compares with this machine's healthy sound. */
export function ResultCard({ result }: { result: StoredDiagnosis }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const d = result.diagnosis;
  const condition = d.condition ? local(d.condition.name) : null;
  return (
    <article
      className={`result-card result-${d.status}`}
      aria-label={t('insight.result.condition')}
      data-status={d.status}
      data-condition={d.condition?.key ?? ''}
      data-novelty={d.novelty?.kind ?? ''}
      data-modality={d.modality}
    >
      <header className="result-head">
        {d.severity ? <SeverityBadge severity={d.severity} /> : null}
        <h4 className="result-condition">
          {d.status === 'unavailable'
            ? t('insight.result.unavailable')
            : d.novelty
              ? t(d.novelty.kind === 'no_machine' ? 'insight.engine.noMachine' : 'insight.engine.unknownMachine')
            : d.status === 'uncertain' && condition
              ? t('insight.result.notSure', { condition })
              : condition}
        </h4>
        {d.confidence !== null && d.status !== 'unavailable' ? (
          <span className="result-confidence">{t('insight.result.confidence', { percent: Math.round(d.confidence * 100) })}</span>
        ) : null}
        {d.model ? <span className="muted">{t('insight.result.model', { version: d.model.version })}</span> : null}
      </header>
      {d.unavailable ? <p className="banner banner-warn">{local(d.unavailable.message)}</p> : null}
      {d.novelty ? <NoveltyView novelty={d.novelty} /> : null}
      {d.novelty && result.deviation ? (
        <>
          <p className="muted">{t('insight.engine.baselineFirst')}</p>
          <DeviationView deviation={result.deviation} />
        </>
      ) : null}
      {d.uncertainReasons.length > 0 ? (
        <ul className="advice" aria-label={t('insight.result.condition')}>
          {d.uncertainReasons.map((r) => (
            <li key={r.code} data-reason={r.code}>
              <span aria-hidden="true">{'▲ '}</span>
              {t(`insight.advice.${r.code}`)}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="result-facts muted">
        {d.running ? t('insight.result.running', { hz: d.running.hz.toFixed(1), rpm: Math.round(d.running.rpm) }) : null}
        {d.vibration ? ` · ${t('insight.result.iso', { zone: d.vibration.isoZone, velocity: d.vibration.velocityRmsMmS.toFixed(2) })}` : null}
      </p>
      {d.coverage ? (
        <p className="muted" data-coverage={d.coverage.misses.join(' ')}>
          {local(d.coverage.statement)}
        </p>
      ) : null}
      {d.evidence.length > 0 ? (
        <>
          <h5>{t('insight.result.evidence')}</h5>
          <ul className="evidence">
            {d.evidence.map((e, i) => (
              <li key={`${e.key}-${i}`} data-evidence={e.key}>
                {local(e.statement)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <div className="result-charts">
        {d.spectrum ? <SpectrumChart view={d.spectrum} kind="spectrum" title={t('insight.result.spectrum')} /> : null}
        {d.envelopeSpectrum ? (
          <SpectrumChart
            view={d.envelopeSpectrum}
            kind="envelope"
            title={t('ui.cards.envelope', { lo: Math.round(d.envelopeSpectrum.band?.loHz ?? 0), hi: Math.round(d.envelopeSpectrum.band?.hiHz ?? 0) })}
          />
        ) : null}
      </div>
      {d.recommendations.length > 0 ? (
        <>
          <h5>{t('insight.result.recommendations')}</h5>
          <ul className="recommendations">
            {d.recommendations.map((r, i) => (
              <li key={i}>{local(r)}</li>
            ))}
          </ul>
        </>
      ) : null}
      {d.novelty && d.probabilities.length > 0 ? (
        <details className="result-probabilities">
          <summary>{t('insight.engine.probabilities')}</summary>
          <ul>
            {d.probabilities.map((p) => (
              <li key={p.key} data-probability={p.key}>
                {local(p.name)} {Math.round(p.probability * 100)} %
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {result.deviation && !d.novelty ? <DeviationView deviation={result.deviation} /> : null}
    </article>
  );
}
