import { Badge, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AssetKind, Recording, RecordingFinding } from '../../../../shared/contract';
import { useLocalized } from '../../insight/live';
import { ImportPanel } from '../ImportPanel';
import { RecordPanel } from '../RecordPanel';
import { type StepKey, type StepState, stepStates } from './steps';

const MARKS: Record<StepState['state'], string> = { done: '✔', next: '▶', todo: '○' };

/**
 * What to measure on this machine, step by step, each with its state and, once diagnosed, its
 * result in place (from the visit verdict's findings). The recorder below records the chosen step
 * with the sensor already chosen; files made elsewhere can be imported into the same steps.
 */
export function GuidedMeasurement({
  sessionId,
  kind,
  recordings,
  findings,
  open,
  chosen,
  onChoose,
}: {
  sessionId: string;
  kind: AssetKind | null;
  recordings: Recording[];
  findings: RecordingFinding[];
  open: boolean;
  chosen: StepKey | null;
  onChoose: (key: StepKey) => void;
}) {
  const { t } = useTranslation();
  const steps = stepStates(kind, recordings);
  const current = steps.find((s) => s.key === chosen) ?? steps.find((s) => s.state === 'next') ?? steps[0]!;
  return (
    <section aria-labelledby="steps-title" className="panel guided">
      <h2 id="steps-title">{t('ui.steps.title')}</h2>
      <ol className="steps" aria-label={t('ui.steps.title')}>
        {steps.map((s, i) => (
          <li key={s.key} className={`step step-${s.state}${s.key === current.key ? ' step-current' : ''}`} data-step={s.key} data-state={s.state}>
            <div className="step-head">
              <span className="step-mark" aria-hidden="true">
                {MARKS[s.state]}
              </span>
              <div className="step-words">
                <Text fw={700}>{t('ui.steps.numbered', { n: i + 1, step: t(`ui.steps.name.${s.key}`) })}</Text>
                <Text size="sm" c="dimmed">
                  {t(`ui.steps.hint.${s.key}`)}
                </Text>
              </div>
              <Badge variant={s.state === 'done' ? 'filled' : 'outline'} color={s.state === 'done' ? 'green.9' : 'gray'} size="lg" className="step-state">
                {t(`ui.steps.state.${s.state}`)}
              </Badge>
              {open && s.stream !== 'readings' && s.key !== current.key ? (
                <Button size="md" variant={s.state === 'next' ? 'filled' : 'default'} onClick={() => onChoose(s.key)}>
                  {s.state === 'done' ? t('ui.steps.again') : t('ui.steps.measure')}
                </Button>
              ) : null}
            </div>
            <StepResults ids={s.recordingIds} findings={findings} />
          </li>
        ))}
      </ol>
      {open ? <RecordPanel sessionId={sessionId} disabled={!open} seconds={current.seconds} stepLabel={t(`ui.steps.name.${current.key}`)} /> : null}
      {open ? (
        <section aria-labelledby="import-title" className="import-section">
          <h3 id="import-title">{t('ui.sections.import')}</h3>
          <ImportPanel sessionId={sessionId} disabled={!open} />
        </section>
      ) : null}
    </section>
  );
}

/** The step's result where the step is: what each of its recordings heard or felt, in a sentence. */
function StepResults({ ids, findings }: { ids: string[]; findings: RecordingFinding[] }) {
  const { t } = useTranslation();
  const local = useLocalized();
  if (ids.length === 0) return null;
  return (
    <ul className="step-results">
      {ids.map((id) => {
        const f = findings.find((x) => x.recordingId === id);
        return (
          <li key={id} data-finding-state={f?.state ?? 'pending'}>
            {f ? (
              <Group gap="xs" wrap="wrap">
                <Text fw={700}>{local(f.title)}</Text>
                <Text>{local(f.summary.text)}</Text>
              </Group>
            ) : (
              <Text>{t('ui.steps.diagnosing')}</Text>
            )}
          </li>
        );
      })}
    </ul>
  );
}
