import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AssetUrgency } from '../../../shared/contract';
import { SeverityBadge } from '../insight/SeverityBadge';
import { StatusMark } from './StatusMark';

/**
 * A piece of equipment's latest visit verdict in a list row: the status by shape, word and colour,
 * how serious a fault is, and how sure the app is (or that the technician set it). The same words
 * as the visit page: these come from the back end's verdict, never a single recording's result.
 */
export function AssetVerdictState({ urgency: a }: { urgency: AssetUrgency }) {
  const { t } = useTranslation();
  if (!a.status) return <Text c="dimmed">{t('insight.urgency.never')}</Text>;
  return (
    <Group gap="xs" wrap="wrap" data-verdict-status={a.status} data-severity={a.severity ?? undefined}>
      <StatusMark status={a.status} />
      {a.severity === 'warning' || a.severity === 'critical' ? <SeverityBadge severity={a.severity} /> : null}
    </Group>
  );
}

/** "Sure (97 %)", "Likely (71 %)", "Not sure", or "Set by the technician"; nothing without a verdict. */
export function AssetVerdictCertainty({ urgency: a }: { urgency: AssetUrgency }) {
  const { t } = useTranslation();
  if (a.by === 'technician') return <>{t('ui.verdict.byTechnician')}</>;
  if (!a.certainty) return null;
  const word = t(`ui.verdict.certainty.${a.certainty}`);
  return <>{a.confidence !== null ? t('ui.verdict.certaintyWithPercent', { certainty: word, percent: Math.round(a.confidence * 100) }) : word}</>;
}
