import { Button, Group, Stack, Text } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VisitVerdict } from '../../../shared/contract';
import { useApi } from '../app/api';
import { apiErrorMessage } from '../components/errors';
import { SeverityBadge } from '../insight/SeverityBadge';
import { useLocalized } from '../insight/live';
import { OverrideForm } from './OverrideForm';
import { StatusMark } from './StatusMark';

/**
 * The answer, first: what state the machine is in (shape, word and colour), how sure the app is,
 * what it means and what to do now, then the next step. Everything here is the back end's visit
 * verdict, shown as it is (the PDF and the server get the same); the evidence with its numbers is
 * one press away. The technician accepts it, or changes it with a reason kept beside it.
 */
export function VerdictPanel({ verdict: v, next, conditions }: { verdict: VisitVerdict; next: ReactNode; conditions: { key: string; name: { ko: string; en: string } }[] }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const { client } = useApi();
  const [overriding, setOverriding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const c = v.computed;
  const e = v.effective;
  const status = e.status;

  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
    } catch (err) {
      setError(apiErrorMessage(err, t));
    }
  };

  return (
    <section aria-labelledby="verdict-title" className={`verdict verdict-${status}`} data-verdict-status={status} data-verdict-by={e.by}>
      <h2 id="verdict-title" className="verdict-label">
        {t('ui.verdict.title')}
      </h2>
      <div className="verdict-top">
        <StatusMark status={status} size="xl" />
        <div className="verdict-words">
          <p className="verdict-headline">{local(e.headline)}</p>
          <Group gap="sm" wrap="wrap">
            {/* "Watch" already says how serious; warning and critical add to "Fault". */}
            {e.severity === 'warning' || e.severity === 'critical' ? <SeverityBadge severity={e.severity} /> : null}
            {e.by === 'computed' && c.certainty ? (
              <Text fw={700} data-certainty={c.certainty}>
                {c.confidence !== null
                  ? t('ui.verdict.certaintyWithPercent', { certainty: t(`ui.verdict.certainty.${c.certainty}`), percent: Math.round(c.confidence * 100) })
                  : t(`ui.verdict.certainty.${c.certainty}`)}
              </Text>
            ) : null}
            {e.by === 'technician' ? <Text fw={700}>{t('ui.verdict.byTechnician')}</Text> : null}
          </Group>
        </div>
      </div>
      {e.by === 'computed' ? <Text className="verdict-meaning">{local(c.meaning)}</Text> : null}
      {c.baselineNote ? <Text className="verdict-note">{local(c.baselineNote)}</Text> : null}
      {c.disagreement ? <Text className="verdict-note">{local(c.disagreement)}</Text> : null}
      {!c.complete ? (
        <Text role="status" className="verdict-note">
          <span aria-hidden="true">{'… '}</span>
          {t('ui.verdict.incomplete')}
        </Text>
      ) : null}
      {c.reasons.length > 0 ? (
        <ul className="verdict-reasons">
          {c.reasons.map((r, i) => (
            <li key={i}>{local(r)}</li>
          ))}
        </ul>
      ) : null}
      {v.override ? (
        <Text className="verdict-note">
          {t('ui.verdict.overrideReason', { reason: v.override.reason, computed: local(c.headline) })}
        </Text>
      ) : null}
      {c.actions.length > 0 ? (
        <div className="verdict-actions">
          <Text fw={700}>{t('ui.verdict.whatToDo')}</Text>
          <ol>
            {c.actions.map((a, i) => (
              <li key={i}>{local(a)}</li>
            ))}
          </ol>
        </div>
      ) : null}
      <div className="verdict-next">{next}</div>
      <Group gap="sm" wrap="wrap" className="verdict-buttons">
        {e.by === 'computed' && (status === 'fault' || status === 'watch' || status === 'healthy') ? (
          v.accepted ? (
            <Text fw={700} role="status">
              <span aria-hidden="true">{'✔ '}</span>
              {t('ui.verdict.accepted')}
            </Text>
          ) : (
            <Button variant="default" size="md" onClick={() => void act(() => client.call('visits.acceptVerdict', { visitId: v.visitId }))}>
              {t('ui.verdict.accept')}
            </Button>
          )
        ) : null}
        {v.override ? (
          <Button variant="default" size="md" onClick={() => void act(() => client.call('visits.clearOverride', { visitId: v.visitId }))}>
            {t('ui.verdict.clearOverride')}
          </Button>
        ) : (
          <Button variant="default" size="md" aria-expanded={overriding} onClick={() => setOverriding((o) => !o)}>
            {t('ui.verdict.override')}
          </Button>
        )}
      </Group>
      {error ? (
        <Text role="alert" className="text-fail" fw={700}>
          {error}
        </Text>
      ) : null}
      {overriding && !v.override ? <OverrideForm visitId={v.visitId} conditions={conditions} onDone={() => setOverriding(false)} /> : null}
      {c.evidence.length > 0 ? (
        <details className="verdict-evidence">
          <summary>{t('ui.verdict.evidence', { count: c.evidence.length })}</summary>
          <Stack gap="xs" component="ul" className="evidence-list">
            {c.evidence.map((item, i) => (
              <li key={i}>
                <Text>{local(item.text)}</Text>
                {item.details.length > 0 ? (
                  <details>
                    <summary>{t('ui.verdict.numbers')}</summary>
                    <ul className="evidence-numbers">
                      {item.details.map((d, j) => (
                        <li key={j}>{local(d)}</li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </li>
            ))}
          </Stack>
        </details>
      ) : null}
    </section>
  );
}
