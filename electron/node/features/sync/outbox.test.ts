import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../platform/storage/database';
import { seedSession } from '../../testing/field-fixtures';
import { tempDir } from '../../testing/fixtures';
import { OutboxRepository, SESSION_REPORT } from './outbox';
import { NETWORK_CODES } from './failure';

let db: Db;
let dir: string;
let cleanup: () => void;
let clock = Date.parse('2026-03-02T09:00:00Z');
const now = () => new Date(clock);
let outbox: OutboxRepository;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = openDatabase(path.join(dir, 'o.db')).db;
  outbox = new OutboxRepository(db, now);
});
afterEach(() => {
  db.close();
  cleanup();
});
const error = (code: 'offline' | 'rejected') => ({ code, status: null, detail: code, at: now().toISOString() });

describe('the outbox', () => {
  it('keeps one unfinished upload per session, even when the database is asked directly', () => {
    const s = seedSession(db, dir);
    const a = outbox.enqueue(SESSION_REPORT, s.sessionId);
    const b = outbox.enqueue(SESSION_REPORT, s.sessionId);
    expect(a.created).toBe(true);
    expect(b).toMatchObject({ created: false, item: { id: a.item.id } });
    expect(() =>
      db.prepare(`INSERT INTO outbox (id, kind, entity_id, created_at, updated_at) VALUES ('x', ?, ?, 'now', 'now')`).run(SESSION_REPORT, s.sessionId),
    ).toThrow(/UNIQUE/);
  });

  it('notes a change made while an upload reads the report, before its snapshot is saved', () => {
    const s = seedSession(db, dir);
    const { item } = outbox.enqueue(SESSION_REPORT, s.sessionId);
    outbox.markUploading(item.id);
    // The verdict changes now: the uploader may already have read the old report.
    outbox.enqueue(SESSION_REPORT, s.sessionId);
    outbox.writeProgress(item.id, { snapshot: { metadata: '{}', idempotencyKey: 'k', bytesTotal: 0, files: [], batches: [], document: null } });
    const next = outbox.markDone(item.id);
    expect(next).toMatchObject({ state: 'queued', entityId: s.sessionId });
    expect(next?.id).not.toBe(item.id);
  });

  it('notes a change made during an upload and queues it when that upload is done', () => {
    const s = seedSession(db, dir);
    const { item } = outbox.enqueue(SESSION_REPORT, s.sessionId);
    outbox.markUploading(item.id);
    outbox.writeProgress(item.id, { snapshot: { metadata: '{}', idempotencyKey: 'k', bytesTotal: 0, files: [], batches: [], document: null } });
    outbox.enqueue(SESSION_REPORT, s.sessionId);
    // The running upload rewrites its progress; the note must survive that.
    outbox.writeProgress(item.id, { step: 'recordings' });
    const next = outbox.markDone(item.id);
    expect(next?.id).not.toBe(item.id);
    expect(next?.state).toBe('queued');
    expect(outbox.lastSuccessAt()).toBe(now().toISOString());
  });

  it('takes due items oldest first, waits on timers, and wakes network waiters when the server is back', () => {
    const a = outbox.enqueue(SESSION_REPORT, seedSession(db, dir).sessionId).item;
    clock += 1000;
    const b = outbox.enqueue(SESSION_REPORT, seedSession(db, dir, { siteName: 'B' }).sessionId).item;
    expect(outbox.due(5, new Set()).map((i) => i.id)).toEqual([a.id, b.id]);
    outbox.markWaiting(a.id, error('offline'), new Date(clock + 60_000));
    outbox.markFailed(b.id, error('rejected'));
    expect(outbox.due(5, new Set())).toEqual([]);
    expect(outbox.nextDueAt()).toBe(new Date(clock + 60_000).toISOString());
    expect(outbox.waitingOnNetwork(NETWORK_CODES)).toBe(1);
    expect(outbox.wakeNetworkWaiters(NETWORK_CODES)).toBe(1);
    expect(outbox.due(5, new Set()).map((i) => i.id)).toEqual([a.id]);
    expect(outbox.get(a.id)?.attempts).toBe(1);
  });

  it('resumes uploads interrupted by a crash, and Retry now starts a failed one over from a fresh snapshot', () => {
    const { item } = outbox.enqueue(SESSION_REPORT, seedSession(db, dir).sessionId);
    outbox.markUploading(item.id);
    expect(outbox.recoverInterrupted()).toBe(1);
    expect(outbox.get(item.id)?.state).toBe('queued');
    outbox.writeProgress(item.id, { filesDone: ['x'] });
    outbox.markFailed(item.id, error('rejected'));
    expect(outbox.requeue(item.id, true)).toBe(true);
    expect(outbox.get(item.id)).toMatchObject({ state: 'queued', progress: {} });
    expect(outbox.counts()).toMatchObject({ queued: 1, failed: 0 });
  });
});
