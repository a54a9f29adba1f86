import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Localized, Recording, RecordingInsight, SessionInsight } from '../../../shared/contract';
import { useApi, useApiQuery } from '../app/api';
import { QueryState } from '../components/common';
import { formatDateTime } from '../components/format';
import { Alert } from '../recording/Alert';
import { recordingErrorMessage } from '../recording/errors';
import { CombinedViews } from './CombinedView';
import { LabelForm } from './LabelForm';
import { useInsightLive, useLocalized } from './live';
import { ResultCard } from './ResultCard';
import './insight.css';

/** The session page's diagnosis section: a result card per sound or vibration recording, diagnosed in the background as soon as it is saved. */
export function DiagnosisPanel({ sessionId, recordings }: { sessionId: string; recordings: Recording[] }) {
  const { t } = useTranslation();
  const insight = useApiQuery('insight.session', { sessionId });
  const progress = useInsightLive();
  return (
    <section aria-labelledby="diagnosis-title" className="panel">
      <h2 id="diagnosis-title">{t('insight.panel.title')}</h2>
      <QueryState query={insight}>
        {(s) => (
          <>
            <BaselineLine insight={s} />
            <CombinedViews insight={s} recordings={recordings} />
            {s.recordings.length === 0 ? <p className="empty">{t('insight.panel.none')}</p> : null}
            {s.recordings.map((r) => (
              <RecordingDiagnosis key={r.recordingId} insight={s} item={r} recording={recordings.find((x) => x.id === r.recordingId) ?? null} progress={progress[r.recordingId] ?? 0} />
            ))}
            <Labels insight={s} />
          </>
        )}
      </QueryState>
    </section>
  );
}

function BaselineLine({ insight }: { insight: SessionInsight }) {
  const { t } = useTranslation();
  const counts = insight.baseline.filter((b) => b.recordings > 0);
  if (counts.length === 0) return <p className="muted">{t('insight.baseline.none')}</p>;
  return (
    <p className="muted" data-baseline={counts.reduce((n, b) => n + b.recordings, 0)}>
      {counts.map((b) => t('insight.baseline.count', { count: b.recordings })).join(' · ')}
    </p>
  );
}

function RecordingDiagnosis({ insight, item, recording, progress }: { insight: SessionInsight; item: RecordingInsight; recording: Recording | null; progress: number }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const { client } = useApi();
  const [error, setError] = useState<string | null>(null);
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(recordingErrorMessage(e, t));
    }
  };
  const [latest, ...older] = item.results;
  // Titled by what it is, so the sound and vibration cards (sensor or imported) are told apart.
  const title = recording
    ? [t(`ui.cards.${recording.stream}`), t(`ui.cards.source.${recording.source}`), formatDateTime(recording.startedAt)].join(' · ')
    : t('insight.panel.recording', { when: '' });
  return (
    <section className="recording-diagnosis" aria-label={title} data-recording={item.recordingId} data-state={item.state}>
      <div className="page-header">
        <h3>
          {title}
          {recording?.originalName ? <span className="muted">{` · ${recording.originalName}`}</span> : null}
        </h3>
        <div className="actions">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={item.inBaseline}
              disabled={!latest?.diagnosis.baseline}
              onChange={(e) => void act(() => client.call('insight.setBaseline', { recordingId: item.recordingId, inBaseline: e.target.checked }))}
            />{' '}
            {t('insight.baseline.mark')}
          </label>
          <button type="button" disabled={item.state === 'queued' || item.state === 'running'} onClick={() => void act(() => client.call('insight.diagnose', { recordingId: item.recordingId }))}>
            {t('insight.panel.rerun')}
          </button>
        </div>
      </div>
      {item.suggestBaseline ? <p className="hint">{t('insight.baseline.suggested')}</p> : null}
      {item.state === 'queued' ? <p role="status">{t('insight.panel.queued')}</p> : null}
      {item.state === 'running' ? (
        <p role="status">
          <progress max={1} value={progress} /> {t('insight.panel.running', { percent: Math.round(progress * 100) })}
        </p>
      ) : null}
      {item.state === 'failed' ? <Alert message={t('insight.panel.failed')} /> : null}
      <Alert message={error} />
      {latest ? <ResultCard result={latest} /> : item.state === 'idle' ? <p className="empty">{t('insight.panel.notYet')}</p> : null}
      {latest && latest.diagnosis.status !== 'unavailable' ? (
        <LabelForm
          sessionId={insight.sessionId}
          diagnosisId={latest.id}
          suggested={latest.diagnosis.condition?.key ?? null}
          classes={latest.diagnosis.probabilities}
          earlier={insight.earlierSessions}
        />
      ) : null}
      {older.length > 0 ? (
        <details className="older-results">
          <summary>{t('insight.panel.older', { count: older.length })}</summary>
          <ul>
            {older.map((o) => (
              <li key={o.id}>
                {t('insight.panel.olderLine', {
                  when: formatDateTime(o.createdAt),
                  model: o.diagnosis.model?.version ?? '—',
                  condition: o.diagnosis.condition ? local(o.diagnosis.condition.name) : t('insight.result.unavailable'),
                })}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

/** A condition key in words: the models' own name for it, or "other". Keys never reach the screen. */
function conditionName(insight: SessionInsight, key: string, local: (text: Localized) => string, t: (key: string) => string): string {
  for (const r of insight.recordings) for (const d of r.results) for (const p of d.diagnosis.probabilities) if (p.key === key) return local(p.name);
  return t('insight.label.other');
}

function Labels({ insight }: { insight: SessionInsight }) {
  const { t } = useTranslation();
  const local = useLocalized();
  if (insight.labels.length === 0) return null;
  return (
    <>
      <h3>{t('insight.label.list')}</h3>
      <ul className="labels" aria-label={t('insight.label.list')}>
        {insight.labels.map((l) => (
          <li key={l.id} data-label={l.condition}>
            {t('insight.label.line', { condition: conditionName(insight, l.condition, local, t), verdict: t(`insight.label.${l.verdict}`), technician: l.technician ?? t('insight.label.nobody') })}
            {l.found ? ` · ${l.found}` : ''}
            {l.repaired ? ` · ${l.repaired}` : ''}
          </li>
        ))}
      </ul>
    </>
  );
}
