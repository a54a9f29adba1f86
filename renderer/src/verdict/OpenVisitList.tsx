import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Result } from '../../../shared/contract';
import { formatDateTime } from '../components/format';
import { useLocalized } from '../insight/live';
import { StatusMark } from './StatusMark';

type OpenVisit = Result<'visits.open'>[number];

/** Visits not finished yet, newest first: one card each, with its verdict so far and a way back in. */
export function OpenVisitList({ visits }: { visits: OpenVisit[] }) {
  const { t } = useTranslation();
  const local = useLocalized();
  if (visits.length === 0) return <p className="empty">{t('ui.visits.none')}</p>;
  return (
    <Stack gap="sm" component="ul" className="plain-list" aria-label={t('ui.visits.title')}>
      {visits.map((v) => (
        <Card component="li" key={v.id} withBorder padding="md" data-open-visit={v.id}>
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Stack gap={2}>
              <Text fw={700} size="lg">
                {v.assetName}
              </Text>
              <Text c="dimmed">{`${v.siteName} · ${t('ui.visits.started', { when: formatDateTime(v.startedAt) })}`}</Text>
              {v.verdict ? (
                <Group gap="xs">
                  <StatusMark status={v.verdict.status} />
                  <Text>{local(v.verdict.headline)}</Text>
                </Group>
              ) : null}
            </Stack>
            <Button component={Link} to={`/sessions/${v.id}`} aria-label={t('ui.visits.continueNamed', { asset: v.assetName })}>
              {t('ui.visits.continue')}
            </Button>
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
