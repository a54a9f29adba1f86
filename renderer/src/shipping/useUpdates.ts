import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { TFunction } from 'i18next';
import type { UpdateStatus } from '../../../shared/contract';
import { useApi, useApiQuery } from '../app/api';

/** The updater's state, kept current by the back end's updates.changed events. */
export function useUpdateStatus() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const query = useApiQuery('updates.status', {});
  useEffect(
    () => client.on('updates.changed', (status) => queryClient.setQueryData(['updates.status', {}], status)),
    [client, queryClient],
  );
  return query;
}

/** One sentence for where the updater is, in the technician's language. */
export function describeUpdate(status: UpdateStatus, t: TFunction): string {
  const phase = status.phase;
  switch (phase.state) {
    case 'unsupported':
      return t(`shipping.updates.state.unsupported_${phase.reason}`);
    case 'idle':
    case 'checking':
      return t(`shipping.updates.state.${phase.state}`);
    case 'downloading':
      return t('shipping.updates.state.downloading', { version: phase.release.version, percent: Math.floor(phase.percent) });
    case 'waiting':
      return t('shipping.updates.state.waiting', { version: phase.release.version, activities: activityList(phase.activities, t) });
    case 'error':
      return t(`shipping.updates.error.${phase.code}`);
    default:
      return t(`shipping.updates.state.${phase.state}`, { version: phase.release.version });
  }
}

/** "recording (Showcase compressor 1), upload" */
export function activityList(activities: { kind: string; label: string }[], t: TFunction): string {
  return activities.map((a) => `${t(`shipping.updates.activity.${a.kind}`)} (${a.label})`).join(', ');
}
