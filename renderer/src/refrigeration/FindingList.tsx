import { useTranslation } from 'react-i18next';
import type { SystemDiagnosis } from '../../../shared/contract';
import { useLocalized } from '../insight/live';

/** The system diagnosis: each finding in plain words, how sure, and the measurements behind it. */
export function FindingList({ diagnosis: d }: { diagnosis: SystemDiagnosis }) {
  const { t } = useTranslation();
  const local = useLocalized();
  if (d.state === 'no_readings') return <p className="empty">{t('refrigeration.state.no_readings')}</p>;
  if (d.findings.length === 0) {
    const missing = d.missing.map((q) => t(`refrigeration.quantity.${q}`)).join(t('refrigeration.missingJoin'));
    return <p className="empty">{d.state === 'refused' ? t('refrigeration.state.refused') : t('refrigeration.state.incomplete', { missing })}</p>;
  }
  return (
    <section aria-labelledby="system-diagnosis-title" className="system-diagnosis">
      <h3 id="system-diagnosis-title">{t('refrigeration.state.diagnosed')}</h3>
      {d.state === 'diagnosed' && d.issues.length > 0 ? <p className="muted">{t('refrigeration.state.refused')}</p> : null}
      <ol className="findings">
        {d.findings.map((f) => (
          <li key={f.fault} data-fault={f.fault} className={`finding finding-${f.confidence}`}>
            <strong>{t(`refrigeration.fault.${f.fault}`)}</strong>{' '}
            <span className="tag">{t('refrigeration.confidenceLine', { level: t(`refrigeration.confidence.${f.confidence}`), percent: Math.round(f.score * 100) })}</span>
            <p>{local(f.sentence)}</p>
            <ul className="evidence">
              {f.evidence.map((e) => (
                <li key={e.key} className={e.supports ? 'supports' : 'against'}>
                  {t('refrigeration.evidenceLine', {
                    name: e.key === 'current' ? t('refrigeration.quantity.compressorCurrent') : t(`refrigeration.value.${e.key}`),
                    value: `${e.value.toFixed(1)}${e.unit ? ` ${e.unit}` : ''}`,
                    judged: t(`refrigeration.judged.${e.judged}`),
                    lo: e.usualRange[0],
                    hi: e.usualRange[1],
                  })}
                </li>
              ))}
            </ul>
            <p className="advice">{local(f.advice)}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}
