import { describe, expect, it } from 'vitest';
import type { SyncItem, SyncStatus } from '../../../../shared/contract';
import { syncSummary } from './sync-summary';

const status = (state: SyncStatus['state'], counts: Partial<SyncStatus['counts']> = {}): SyncStatus =>
  ({ state, serverUrl: 'http://127.0.0.1:8787', account: null, lastSuccessAt: null, counts: { queued: 0, uploading: 0, waiting: 0, failed: 0, done: 0, ...counts }, secretStorage: 'user_only_file' }) as SyncStatus;
const item = (state: SyncItem['state']) => ({ state }) as SyncItem;

describe('the Sync screen summary', () => {
  it('is never "up to date" while an upload fails or waits to retry, from the table the screen shows', () => {
    expect(syncSummary(status('idle'), [item('waiting')]).key).toBe('ui.sync.waiting');
    expect(syncSummary(status('idle'), [item('waiting'), item('failed')])).toMatchObject({ key: 'ui.sync.failed', count: 1, className: 'status-fail' });
    expect(syncSummary(status('idle'), [item('queued')]).key).toBe('ui.sync.queued');
    expect(syncSummary(status('idle'), [item('done')]).key).toBe('sync.state.idle');
  });
  it('uses the queue counts until the table has loaded, and the connection state when it stops uploads', () => {
    expect(syncSummary(status('idle', { waiting: 2 }), null)).toMatchObject({ key: 'ui.sync.waiting', count: 2 });
    expect(syncSummary(status('offline', { failed: 1 }), [item('failed')]).key).toBe('sync.state.offline');
    expect(syncSummary(status('syncing'), [item('uploading')]).key).toBe('sync.state.syncing');
  });
});
