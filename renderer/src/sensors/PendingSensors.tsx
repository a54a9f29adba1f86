import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { IngestConsentState, PendingIngestDevice } from '../../../shared/contract';
import { useApiMutation } from '../app/api';
import { ErrorBanner } from '../components/common';
import { formatDateTime } from '../components/format';
import { ListHead, ListTable } from '../components/ListTable';
import { Notice } from '../components/Notice';
import { usePendingIngest, useStorePendingState } from './useSensors';

/**
 * Sensors that posted to the HTTP ingest and wait for the technician's decision (issue 14,
 * case 6): nothing of theirs is kept until accepted. Shown only when there is something to decide
 * or to know (a full list, refused requests, ignored sensors).
 */
export function PendingSensors() {
  const query = usePendingIngest();
  const state = query.data;
  if (!state || (state.pending.length === 0 && state.ignored.length === 0 && state.dropped === 0 && state.limited === 0)) return null;
  return <PendingPanel state={state} />;
}

function PendingPanel({ state }: { state: IngestConsentState }) {
  const { t } = useTranslation();
  const unignore = useApiMutation('sensors.pending.unignore');
  const store = useStorePendingState();
  return (
    <Stack component="section" className="pending-panel" aria-labelledby="pending-title" gap="sm" my="md">
      <Title order={2} size="h3" id="pending-title">
        {t('sensors.pending.title')}
      </Title>
      <Text c="dimmed">{t('sensors.pending.explain')}</Text>
      {state.dropped > 0 ? <Notice tone="warn">{t('sensors.pending.dropped', { count: state.dropped, cap: state.cap })}</Notice> : null}
      {state.limited > 0 ? <Text c="dimmed">{t('sensors.pending.limited', { count: state.limited })}</Text> : null}
      {state.pending.length > 0 ? (
        <ListTable className="pending-table" minWidth={800}>
          <ListHead columns={[t('sensors.pending.columns.sensor'), t('sensors.pending.columns.address'), t('sensors.pending.columns.sends'), t('sensors.pending.columns.seen'), t('sensors.pending.columns.actions')]} />
          <Table.Tbody>
            {state.pending.map((device) => (
              <PendingRow key={device.deviceId} device={device} />
            ))}
          </Table.Tbody>
        </ListTable>
      ) : null}
      {state.ignored.length > 0 ? (
        <details className="pending-ignored">
          <summary>
            {t('sensors.pending.ignoredTitle')} ({state.ignored.length})
          </summary>
          <Stack component="ul" className="plain-list" gap="xs">
            {state.ignored.map((deviceId) => (
              <Group component="li" key={deviceId} gap="sm">
                <span className="mono">{deviceId}</span>
                <Button variant="default" disabled={unignore.isPending} onClick={() => unignore.mutate({ deviceId }, { onSuccess: store })}>
                  {t('sensors.pending.unignore')}
                </Button>
              </Group>
            ))}
          </Stack>
          <ErrorBanner error={unignore.error} />
        </details>
      ) : null}
    </Stack>
  );
}

function PendingRow({ device }: { device: PendingIngestDevice }) {
  const { t } = useTranslation();
  const accept = useApiMutation('sensors.pending.accept');
  const ignore = useApiMutation('sensors.pending.ignore');
  const store = useStorePendingState();
  const busy = accept.isPending || ignore.isPending;
  return (
    <Table.Tr data-pending={device.deviceId} aria-label={device.deviceId}>
      <Table.Th scope="row">
        <span className="mono sensor-id">{device.deviceId}</span>
      </Table.Th>
      <Table.Td className="mono">{device.address}</Table.Td>
      <Table.Td>{device.streams.map((s) => t(`sensors.pending.streams.${s}`)).join(', ')}</Table.Td>
      <Table.Td>
        <span className="sensor-source">{t('sensors.pending.requests', { count: device.requests })}</span>
        <span className="sensor-source">{t('sensors.pending.lastSeen', { time: formatDateTime(new Date(device.lastSeenMs).toISOString()) })}</span>
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="wrap">
          <Button disabled={busy} onClick={() => accept.mutate({ deviceId: device.deviceId }, { onSuccess: store })}>
            {t('sensors.pending.accept')}
          </Button>
          <Button variant="default" disabled={busy} onClick={() => ignore.mutate({ deviceId: device.deviceId }, { onSuccess: store })}>
            {t('sensors.pending.ignore')}
          </Button>
        </Group>
        <ErrorBanner error={accept.error ?? ignore.error} />
      </Table.Td>
    </Table.Tr>
  );
}
