import { useTranslation } from 'react-i18next';
import type { Diagnosis, Recording, SessionInsight } from '../../../shared/contract';
import { combineDiagnoses } from '../../../shared/diagnosis/combine';
import { useLocalized } from './live';

/** One sensor's sound and vibration of the same capture, read together: where they agree and where they do not. */
export function CombinedViews({ insight, recordings }: { insight: SessionInsight; recordings: Recording[] }) {
  const pairs = capturePairs(insight, recordings);
  return (
    <>
      {pairs.map((p) => (
        <CombinedView key={p.captureId} sound={p.sound} vibration={p.vibration} />
      ))}
    </>
  );
}

function capturePairs(insight: SessionInsight, recordings: Recording[]) {
  const latest = (id: string) => insight.recordings.find((r) => r.recordingId === id)?.results[0]?.diagnosis ?? null;
  const byCapture = new Map<string, { sound?: Diagnosis; vibration?: Diagnosis }>();
  for (const r of recordings) {
    if (!r.captureId) continue;
    const d = latest(r.id);
    if (!d || d.status === 'unavailable') continue;
    const entry = byCapture.get(r.captureId) ?? {};
    entry[d.modality] = d;
    byCapture.set(r.captureId, entry);
  }
  return [...byCapture.entries()].flatMap(([captureId, e]) => (e.sound && e.vibration ? [{ captureId, sound: e.sound, vibration: e.vibration }] : []));
}

function CombinedView({ sound, vibration }: { sound: Diagnosis; vibration: Diagnosis }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const name = (d: Diagnosis) => (d.condition ? local(d.condition.name) : '');
  const points = combineDiagnoses(sound, vibration);
  return (
    <section className="combined-result" aria-label={t('insight.engine.combined')} data-combined={points.some((p) => p.agree === false) ? 'disagree' : 'agree'}>
      <h3>{t('insight.engine.combined')}</h3>
      <ul>
        {points.map((p) => (
          <li key={p.kind} data-point={p.kind} data-agree={p.agree === null ? 'n/a' : String(p.agree)}>
            {p.agree === true ? `${t('insight.engine.agree')}: ` : p.agree === false ? `${t('insight.engine.disagree')}: ` : ''}
            {t(`insight.engine.combine.${p.kind}`, { soundHz: p.values.soundHz, vibrationHz: p.values.vibrationHz, sound: name(sound), vibration: name(vibration) })}
          </li>
        ))}
      </ul>
      {vibration.coverage ? <p className="muted">{local(vibration.coverage.statement)}</p> : null}
    </section>
  );
}
