import type { SyncItem, SyncItemState, SyncStatus } from '../../../../shared/contract';

/** Shape and word, not colour alone. */
export const STATE_SHAPE: Record<SyncItemState, string> = { queued: '○', uploading: '↑', waiting: '↻', failed: '✖', done: '✔' };
const OVERALL_CLASS: Record<SyncStatus['state'], string> = {
  no_server: 'status-warn',
  signed_out: 'status-warn',
  expired: 'status-fail',
  offline: 'status-warn',
  syncing: 'status-ok',
  idle: 'status-ok',
};

export type Summary = { key: string; count: number; className: string; shape: string };

/**
 * The line at the top, from the same queue the table below shows: the connection's state when it
 * stops uploads, otherwise the worst thing in the queue. "Up to date" only when nothing waits,
 * fails or uploads, never while an upload is failing or waiting to retry.
 */
export function syncSummary(status: SyncStatus, items: readonly SyncItem[] | null): Summary {
  if (status.state !== 'idle' && status.state !== 'syncing') return { key: `sync.state.${status.state}`, count: 0, className: OVERALL_CLASS[status.state], shape: '' };
  const count = (state: SyncItemState) => (items ? items.filter((i) => i.state === state).length : status.counts[state]);
  if (count('failed') > 0) return { key: 'ui.sync.failed', count: count('failed'), className: 'status-fail', shape: STATE_SHAPE.failed };
  if (count('waiting') > 0) return { key: 'ui.sync.waiting', count: count('waiting'), className: 'status-warn', shape: STATE_SHAPE.waiting };
  if (count('uploading') > 0 || status.state === 'syncing') return { key: 'sync.state.syncing', count: count('uploading'), className: 'status-ok', shape: STATE_SHAPE.uploading };
  if (count('queued') > 0) return { key: 'ui.sync.queued', count: count('queued'), className: 'status-warn', shape: STATE_SHAPE.queued };
  return { key: 'sync.state.idle', count: 0, className: 'status-ok', shape: STATE_SHAPE.done };
}

