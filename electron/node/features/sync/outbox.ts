import { v7 as uuidv7 } from 'uuid';
import type { SyncError, SyncErrorCode, SyncItemState, SyncStep } from '../../../../shared/contract';
import type { FieldReport } from '../reports';
import type { Db } from '../../platform/storage/database';

/**
 * The outbox: uploads waiting for the network, in the local database (table outbox, schema 2;
 * one unfinished item per session, schema 4). Its rows are the only record of what is still to
 * send, so every change is one small committed write; nothing here deletes local data.
 */
export const SESSION_REPORT = 'session_report';

/** What an item has already done; the server stays the authority on what it has (GET before PATCH). */
export interface Progress {
  /** The report as first prepared: retries send exactly these bytes. */
  snapshot?: Snapshot;
  step?: SyncStep;
  filesDone?: string[];
  batchesDone?: string[];
  documentDone?: boolean;
  bytesSent?: number;
}

export interface Snapshot extends Omit<FieldReport, 'metadata'> {
  /** The metadata JSON exactly as sent, and the key the server knows it by. */
  metadata: string;
  idempotencyKey: string;
  bytesTotal: number;
}

export interface OutboxItem {
  id: string;
  kind: string;
  entityId: string;
  state: SyncItemState;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: SyncError | null;
  progress: Progress;
  /** Queued again while this item was under way: another upload follows when it is done. */
  followUp: boolean;
  createdAt: string;
  updatedAt: string;
  doneAt: string | null;
}

interface Row {
  id: string;
  kind: string;
  entity_id: string;
  state: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  progress: string;
  created_at: string;
  updated_at: string;
  done_at: string | null;
  follow_up: number;
}

const STATES: readonly SyncItemState[] = ['queued', 'uploading', 'waiting', 'failed', 'done'];

function parseError(text: string | null): SyncError | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as SyncError;
    if (typeof value.code === 'string') return value;
  } catch {
    // an older plain-text error
  }
  return { code: 'internal', status: null, detail: text, at: new Date(0).toISOString() };
}

function toItem(row: Row): OutboxItem {
  let progress: Progress;
  try {
    progress = JSON.parse(row.progress) as Progress;
  } catch {
    progress = {};
  }
  return {
    id: row.id,
    kind: row.kind,
    entityId: row.entity_id,
    state: (STATES as readonly string[]).includes(row.state) ? (row.state as SyncItemState) : 'queued',
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: parseError(row.last_error),
    progress,
    followUp: row.follow_up === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    doneAt: row.done_at,
  };
}

const COLUMNS = 'id, kind, entity_id, state, attempts, next_attempt_at, last_error, progress, created_at, updated_at, done_at, follow_up';

export class OutboxRepository {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  get(id: string): OutboxItem | null {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE id = ?`).get(id) as Row | undefined;
    return row ? toItem(row) : null;
  }

  /** The unfinished item of an entity, if any. */
  active(kind: string, entityId: string): OutboxItem | null {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM outbox WHERE kind = ? AND entity_id = ? AND done_at IS NULL`).get(kind, entityId) as Row | undefined;
    return row ? toItem(row) : null;
  }

  latestFor(kind: string, entityId: string): OutboxItem | null {
    const row = this.db
      .prepare(`SELECT ${COLUMNS} FROM outbox WHERE kind = ? AND entity_id = ? ORDER BY created_at DESC, id DESC LIMIT 1`)
      .get(kind, entityId) as Row | undefined;
    return row ? toItem(row) : null;
  }

  /**
   * Queues an upload of `entityId`. Idempotent: an unfinished item is reused (if it has already
   * started, a follow-up is noted so the later change is sent after it). Safe to call inside the
   * caller's own transaction (finishing a session and queueing it commit together).
   */
  enqueue(kind: string, entityId: string): { item: OutboxItem; created: boolean } {
    return this.db.transaction(() => {
      const existing = this.active(kind, entityId);
      const now = this.now().toISOString();
      if (existing) {
        // A failed item starts over from a fresh snapshot, which includes the change; one that is
        // under way keeps its snapshot and is followed by another upload. "Under way" starts when
        // the uploader takes the item, before its snapshot is saved: the report it is reading
        // then may already be the old one.
        if (existing.state === 'failed') this.requeue(existing.id, true);
        else if (existing.state === 'uploading' || existing.progress.snapshot) this.db.prepare('UPDATE outbox SET follow_up = 1 WHERE id = ?').run(existing.id);
        return { item: this.get(existing.id)!, created: false };
      }
      const id = uuidv7();
      this.db
        .prepare(`INSERT INTO outbox (id, kind, entity_id, state, created_at, updated_at) VALUES (?, ?, ?, 'queued', ?, ?)`)
        .run(id, kind, entityId, now, now);
      return { item: this.get(id)!, created: true };
    })();
  }

  /** Drops the unfinished uploads of an entity that no longer exists; finished ones stay as history. */
  dropUnfinished(kind: string, entityId: string): number {
    return this.db.prepare('DELETE FROM outbox WHERE kind = ? AND entity_id = ? AND done_at IS NULL').run(kind, entityId).changes;
  }

  list(options: { includeDone?: boolean | undefined; limit?: number | undefined } = {}): OutboxItem[] {
    const rows = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM outbox ${options.includeDone ? '' : 'WHERE done_at IS NULL'}
         ORDER BY (done_at IS NOT NULL), coalesce(done_at, created_at) DESC, id DESC LIMIT ?`,
      )
      .all(options.limit ?? 200) as Row[];
    return rows.map(toItem);
  }

  /** Items whose turn has come, oldest first. */
  due(limit: number, exclude: ReadonlySet<string>): OutboxItem[] {
    const now = this.now().toISOString();
    const rows = this.db
      .prepare(
        `SELECT ${COLUMNS} FROM outbox WHERE state IN ('queued', 'waiting') AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
         ORDER BY coalesce(next_attempt_at, created_at), id LIMIT ?`,
      )
      .all(now, limit + exclude.size) as Row[];
    return rows.map(toItem).filter((i) => !exclude.has(i.id)).slice(0, limit);
  }

  /** When the next waiting item is due, or null when nothing waits on a timer. */
  nextDueAt(): string | null {
    const row = this.db.prepare(`SELECT min(next_attempt_at) AS at FROM outbox WHERE state = 'waiting'`).get() as { at: string | null };
    return row.at;
  }

  hasPending(): boolean {
    return this.db.prepare(`SELECT 1 FROM outbox WHERE state IN ('queued', 'waiting', 'uploading') LIMIT 1`).get() !== undefined;
  }

  markUploading(id: string): void {
    this.db.prepare(`UPDATE outbox SET state = 'uploading', updated_at = ? WHERE id = ?`).run(this.now().toISOString(), id);
  }

  writeProgress(id: string, progress: Progress): void {
    this.db.prepare('UPDATE outbox SET progress = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(progress), this.now().toISOString(), id);
  }

  /** A retryable failure: wait until `nextAttemptAt`; counts as an attempt. */
  markWaiting(id: string, error: SyncError, nextAttemptAt: Date, countAttempt = true): void {
    this.db
      .prepare(`UPDATE outbox SET state = 'waiting', attempts = attempts + ?, last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?`)
      .run(countAttempt ? 1 : 0, JSON.stringify(error), nextAttemptAt.toISOString(), this.now().toISOString(), id);
  }

  /** Put back in line without counting an attempt (the queue paused for a sign-in). */
  markQueued(id: string, error: SyncError | null): void {
    this.db
      .prepare(`UPDATE outbox SET state = 'queued', last_error = coalesce(?, last_error), next_attempt_at = NULL, updated_at = ? WHERE id = ?`)
      .run(error ? JSON.stringify(error) : null, this.now().toISOString(), id);
  }

  /** Stops until someone presses "Retry now". */
  markFailed(id: string, error: SyncError): void {
    this.db
      .prepare(`UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?, next_attempt_at = NULL, updated_at = ? WHERE id = ?`)
      .run(JSON.stringify(error), this.now().toISOString(), id);
  }

  /** Done and verified. A noted follow-up becomes a new queued item in the same transaction. */
  markDone(id: string): OutboxItem | null {
    return this.db.transaction(() => {
      const item = this.get(id);
      if (!item) return null;
      const now = this.now().toISOString();
      this.db
        .prepare(`UPDATE outbox SET state = 'done', done_at = ?, next_attempt_at = NULL, last_error = NULL, updated_at = ? WHERE id = ?`)
        .run(now, now, id);
      this.db.prepare(`INSERT INTO sync_state (key, value) VALUES ('last_success_at', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`).run(JSON.stringify(now));
      return item.followUp ? this.enqueue(item.kind, item.entityId).item : null;
    })();
  }

  /**
   * "Retry now". A failed item also starts over from a fresh snapshot (the technician may have
   * fixed what was wrong), under a new idempotency key since its content may differ.
   */
  requeue(id: string, fresh: boolean): boolean {
    const item = this.get(id);
    if (!item || item.state === 'done' || item.state === 'uploading') return false;
    // A fresh snapshot includes any change a follow-up was noted for.
    const progress: Progress = fresh ? {} : item.progress;
    this.db
      .prepare(`UPDATE outbox SET state = 'queued', next_attempt_at = NULL, progress = ?, follow_up = follow_up * ?, updated_at = ? WHERE id = ?`)
      .run(JSON.stringify(progress), fresh ? 0 : 1, this.now().toISOString(), id);
    return true;
  }

  /** After a crash or restart: an upload that was running starts again (from where the server is). */
  recoverInterrupted(): number {
    return this.db.prepare(`UPDATE outbox SET state = 'queued', updated_at = ? WHERE state = 'uploading'`).run(this.now().toISOString()).changes;
  }

  /** The server is reachable again: whatever waits because of the network goes now. */
  wakeNetworkWaiters(codes: ReadonlySet<SyncErrorCode>): number {
    const waiting = this.db.prepare(`SELECT id, last_error FROM outbox WHERE state = 'waiting'`).all() as { id: string; last_error: string | null }[];
    const ids = waiting.filter((w) => codes.has(parseError(w.last_error)?.code ?? 'internal')).map((w) => w.id);
    const now = this.now().toISOString();
    const update = this.db.prepare('UPDATE outbox SET next_attempt_at = ?, updated_at = ? WHERE id = ?');
    this.db.transaction(() => ids.forEach((id) => update.run(now, now, id)))();
    return ids.length;
  }

  /** Waiting items whose last failure was the network's. */
  waitingOnNetwork(codes: ReadonlySet<SyncErrorCode>): number {
    const waiting = this.db.prepare(`SELECT last_error FROM outbox WHERE state = 'waiting'`).all() as { last_error: string | null }[];
    return waiting.filter((w) => codes.has(parseError(w.last_error)?.code ?? 'internal')).length;
  }

  counts(): Record<SyncItemState, number> {
    const rows = this.db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as { state: string; n: number }[];
    const counts: Record<SyncItemState, number> = { queued: 0, uploading: 0, waiting: 0, failed: 0, done: 0 };
    for (const r of rows) if ((STATES as readonly string[]).includes(r.state)) counts[r.state as SyncItemState] += r.n;
    return counts;
  }

  lastSuccessAt(): string | null {
    const row = this.db.prepare(`SELECT value FROM sync_state WHERE key = 'last_success_at'`).get() as { value: string } | undefined;
    if (!row) return null;
    try {
      return JSON.parse(row.value) as string;
    } catch {
      return null;
    }
  }
}
