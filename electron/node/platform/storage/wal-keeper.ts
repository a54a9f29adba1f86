import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logging/log';
import type { Db } from './database';

/** The write-ahead log is forced to the disk this often when it changed (the WAVs are synced as often). */
export const WAL_SYNC_MS = 500;
/** A changed log is checkpointed into the database file this often... */
export const CHECKPOINT_EVERY_MS = 30_000;
/** ...but not while a capture records (see `deferWhile`), for at most this long. */
export const CHECKPOINT_DEFER_MAX_MS = 10 * 60_000;

/**
 * The checkpointing thread: its own connection to the database, one PASSIVE checkpoint per
 * message (it never waits for the app's connection and the app's connection never waits for it).
 * Plain CommonJS run with `eval`, so it needs no build step; the SQLite driver's path is passed in.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
parentPort.on('message', (m) => {
  if (m === 'close') { db.close(); parentPort.close(); return; }
  try {
    const r = db.pragma('wal_checkpoint(PASSIVE)')[0];
    parentPort.postMessage({ ok: true, busy: r.busy, log: r.log, checkpointed: r.checkpointed });
  } catch (e) {
    parentPort.postMessage({ ok: false, message: String((e && e.message) || e) });
  }
});
`;

interface CheckpointReply {
  ok: boolean;
  message?: string;
  busy?: number;
  log?: number;
  checkpointed?: number;
}

/**
 * Keeps the database's durability off the event loop (issue 14, case 3).
 *
 * The connection runs in WAL mode with `synchronous=NORMAL` (database.ts): a commit appends to
 * `signalcraft.db-wal` and returns without waiting for the disk, so the recorder's commits every
 * 500 ms never hold up the loop that carries sensor data, however busy the disk is. A kill -9
 * loses nothing committed (the log is in the OS cache, which outlives the process). For power cuts
 * this keeper does what `synchronous=FULL` did on every commit, in libuv's thread pool: every
 * 500 ms, when the log changed, it `fsync`s the log, so a power cut loses at most the last ~0.5 s
 * of commits, as it does of the WAVs. SQLite's automatic checkpoints (which sync the log and the
 * database file inside whichever commit crosses 1,000 pages) are turned off on the app's
 * connection; instead a worker thread with its own connection checkpoints every 30 s when the log
 * changed, and not while a capture records (up to 10 minutes), because the first commit after a
 * checkpoint rewrites and syncs the log's header (SQLite's own ordering guarantee; one small sync).
 *
 * If the worker cannot start, SQLite's automatic checkpoints are turned back on (they then run on
 * the event loop, as before) and the log says so.
 */
export class WalKeeper {
  private timer: NodeJS.Timeout | null = null;
  private handle: fs.promises.FileHandle | null = null;
  private handleIno: bigint | null = null;
  private lastSynced = '';
  private changedSinceCheckpoint = false;
  private lastCheckpointMs = Date.now();
  private ticking: Promise<void> | null = null;
  private worker: Worker | null = null;
  private workerFailed = false;
  private deferring: () => boolean = () => false;
  private closed = false;
  /** Counters for tests and diagnostics. */
  readonly stats = { walSyncs: 0, checkpoints: 0 };

  constructor(
    private readonly db: Db,
    private readonly file: string,
    private readonly log: Logger,
    private readonly options: { syncMs?: number; checkpointEveryMs?: number; deferMaxMs?: number } = {},
  ) {}

  start(): void {
    if (this.timer || this.closed) return;
    this.db.pragma('wal_autocheckpoint = 0');
    this.timer = setInterval(() => void this.tick(), this.options.syncMs ?? WAL_SYNC_MS);
    this.timer.unref();
  }

  /** Checkpoints wait while this says so (a capture records). */
  deferWhile(busy: () => boolean): void {
    this.deferring = busy;
  }

  /** One round now: sync the log if it changed, checkpoint if due. Resolves when done. */
  tick(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.ticking ??= this.round().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  /** Syncs what was committed, ends the checkpointing thread. The connection's close then checkpoints. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
    this.closed = true;
    await this.handle?.close().catch(() => undefined);
    this.handle = null;
    const worker = this.worker;
    this.worker = null;
    if (worker) {
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('close');
      const timeout = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(timeout);
    }
  }

  private async round(): Promise<void> {
    try {
      await this.syncWal();
      const now = Date.now();
      const due = this.changedSinceCheckpoint && now - this.lastCheckpointMs >= (this.options.checkpointEveryMs ?? CHECKPOINT_EVERY_MS);
      const overdue = now - this.lastCheckpointMs >= (this.options.deferMaxMs ?? CHECKPOINT_DEFER_MAX_MS);
      if (due && (!this.deferring() || overdue)) await this.checkpoint();
    } catch (error) {
      this.log.warn({ err: error }, 'keeping the database log synced failed; SQLite still has every commit');
    }
  }

  /** Forces the log to the disk when it changed since the last time. */
  private async syncWal(): Promise<void> {
    const wal = `${this.file}-wal`;
    const st = await fs.promises.stat(wal, { bigint: true }).catch(() => null);
    if (!st || this.closed) return;
    const key = `${st.ino}:${st.size}:${st.mtimeNs}`;
    if (key === this.lastSynced) return;
    if (!this.handle || this.handleIno !== st.ino) {
      await this.handle?.close().catch(() => undefined);
      // Read-write: Windows flushes only handles opened for writing. Nothing is written through it.
      this.handle = await fs.promises.open(wal, 'r+');
      this.handleIno = st.ino;
    }
    await this.handle.sync();
    this.lastSynced = key;
    this.changedSinceCheckpoint = true;
    this.stats.walSyncs += 1;
  }

  private async checkpoint(): Promise<void> {
    const worker = this.ensureWorker();
    if (!worker) return;
    const reply = await new Promise<CheckpointReply>((resolve) => {
      const onExit = () => resolve({ ok: false, message: 'the checkpoint thread stopped' });
      worker.once('exit', onExit);
      worker.once('message', (m: CheckpointReply) => {
        worker.off('exit', onExit);
        resolve(m);
      });
      worker.postMessage('checkpoint');
    });
    if (!reply.ok) {
      this.log.warn({ reason: reply.message }, 'a database checkpoint failed; it is tried again later');
      return;
    }
    this.lastCheckpointMs = Date.now();
    this.changedSinceCheckpoint = false;
    this.stats.checkpoints += 1;
  }

  private ensureWorker(): Worker | null {
    if (this.worker || this.workerFailed || this.closed) return this.worker;
    try {
      const driver = createRequire(import.meta.url).resolve('better-sqlite3');
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file: this.file } });
      worker.unref();
      worker.on('error', (error) => this.fallBack(error));
      worker.on('exit', () => {
        if (this.worker === worker) this.worker = null;
      });
      this.worker = worker;
      return worker;
    } catch (error) {
      this.fallBack(error);
      return null;
    }
  }

  /** No checkpointing thread: SQLite checkpoints by itself again, on the event loop. */
  private fallBack(error: unknown): void {
    if (this.workerFailed) return;
    this.workerFailed = true;
    this.worker = null;
    this.log.warn({ err: error }, 'the database checkpoint thread could not run; SQLite checkpoints on the event loop instead');
    try {
      if (this.db.open) this.db.pragma('wal_autocheckpoint = 1000');
    } catch {
      // the connection is closing
    }
  }
}
