import type { SyncError, SyncErrorCode } from '../../../../shared/contract';
import type { ActivityTracker } from '../../platform/activity';
import type { Logger } from '../../platform/logging/log';
import { type FieldReportSources, LocalFileProblem, SessionGone } from '../reports';
import type { SyncAccount } from './account';
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF } from './backoff';
import { NETWORK_CODES, SyncFailure } from './failure';
import type { OutboxItem, OutboxRepository, Progress } from './outbox';
import { uploadItem } from './uploader';

/**
 * Runs the outbox in the background: takes due items (a few at a time), uploads them, and on
 * failure schedules the next try with exponential backoff and jitter. Everything is asynchronous
 * I/O in small steps, so the UI and the event loop never wait for the network. A 401 pauses the
 * whole queue until the technician signs in again; nothing is dropped or counted as a failure.
 */
export interface WorkerOptions {
  /** Items uploaded at the same time. */
  concurrency: number;
  /** First chunk of each file; later ones adapt to the link between the two bounds below. */
  chunkBytes: number;
  minChunkBytes: number;
  maxChunkBytes: number;
  /** How long one chunk should take on the measured link. */
  chunkTargetSeconds: number;
  backoff: BackoffPolicy;
  /** While items wait because of the network, how often to ask the server whether it is back. */
  probeIntervalMs: number;
  /** How often to look for items queued directly in the database (by another feature). */
  pollIntervalMs: number;
  random: () => number;
  /**
   * Told after each look at the queue: whether uploads were allowed (signed in) and which items it
   * started. The worker's own record of what it decided, so a test can wait for decisions instead
   * of sleeping and hoping nothing happened.
   */
  onPass?: (pass: { ready: boolean; started: string[] }) => void;
}

export const DEFAULT_WORKER_OPTIONS: WorkerOptions = {
  concurrency: 2,
  chunkBytes: 1024 * 1024,
  minChunkBytes: 128 * 1024,
  // The server's limit (docs/server-api.md).
  maxChunkBytes: 8 * 1024 * 1024,
  chunkTargetSeconds: 2,
  backoff: DEFAULT_BACKOFF,
  probeIntervalMs: 10_000,
  pollIntervalMs: 5_000,
  random: Math.random,
};

export interface WorkerDeps {
  outbox: OutboxRepository;
  account: SyncAccount;
  sources: FieldReportSources;
  activity: ActivityTracker;
  log: Logger;
  now: () => Date;
  /** An item changed (state, progress): the feature tells the UI. */
  onItem: (id: string, progressOnly: boolean) => void;
  /** The queue as a whole changed (counts, pause, last success). */
  onStatus: () => void;
}

export class OutboxWorker {
  private readonly options: WorkerOptions;
  private readonly running = new Map<string, Promise<void>>();
  /** Where running uploads stand right now (the database has it only at step boundaries). */
  private readonly live = new Map<string, Progress>();
  private readonly stop = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private kickQueued = false;
  private started = false;
  private lastProbeAt = 0;
  private probing = false;

  constructor(
    private readonly deps: WorkerDeps,
    options: Partial<WorkerOptions> = {},
  ) {
    this.options = { ...DEFAULT_WORKER_OPTIONS, ...options };
  }

  get active(): number {
    return this.running.size;
  }

  liveProgress(id: string): Progress | undefined {
    return this.live.get(id);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const recovered = this.deps.outbox.recoverInterrupted();
    if (recovered > 0) this.deps.log.info({ recovered }, 'resuming uploads interrupted by the last shutdown');
    this.kick();
  }

  /** Look at the queue now (an item was queued, a sign-in happened, Retry now was pressed). */
  kick(): void {
    if (!this.started || this.stop.signal.aborted || this.kickQueued) return;
    this.kickQueued = true;
    setImmediate(() => {
      this.kickQueued = false;
      this.pump();
    });
  }

  /** Stops taking items, aborts transfers in flight (they resume at the next start) and waits for them. */
  async close(): Promise<void> {
    this.stop.abort();
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.running.values()]);
  }

  private pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.stop.signal.aborted) return;
    const ready = this.deps.account.state() === 'ready';
    const started: string[] = [];
    if (ready) {
      const free = this.options.concurrency - this.running.size;
      if (free > 0) {
        for (const item of this.deps.outbox.due(free, new Set(this.running.keys()))) {
          this.run(item);
          started.push(item.id);
        }
      }
    }
    this.options.onPass?.({ ready, started });

    let delay = this.options.pollIntervalMs;
    const next = this.deps.outbox.nextDueAt();
    if (next) delay = Math.min(delay, Math.max(0, Date.parse(next) - this.deps.now().getTime()));
    if (ready && this.deps.outbox.waitingOnNetwork(NETWORK_CODES) > 0) {
      const sinceProbe = Date.now() - this.lastProbeAt;
      if (sinceProbe >= this.options.probeIntervalMs) void this.probe();
      else delay = Math.min(delay, this.options.probeIntervalMs - sinceProbe);
    }
    this.timer = setTimeout(() => this.pump(), Math.max(delay, 10));
    // Timers must not keep a CLI process alive.
    this.timer.unref();
  }

  /** Asks the server whether it is back; if so, whatever waits on the network goes now. */
  private async probe(): Promise<void> {
    if (this.probing) return;
    this.probing = true;
    this.lastProbeAt = Date.now();
    try {
      const client = await this.deps.account.client(this.stop.signal);
      if (!client) return;
      await client.health();
      const woken = this.deps.outbox.wakeNetworkWaiters(NETWORK_CODES);
      if (woken > 0) {
        this.deps.log.info({ woken }, 'server reachable again; resuming uploads');
        this.deps.onStatus();
        this.kick();
      }
    } catch {
      // still unreachable: the items keep their own backoff
    } finally {
      this.probing = false;
    }
  }

  private run(item: OutboxItem): void {
    // The visit's verdict settles while the item is still queued: computed for the first time, it
    // is announced as a change, which is not a change made during this upload (the outbox notes
    // those for a follow-up). A deleted visit fails in the upload itself, with its own message.
    try {
      this.deps.sources.verdicts.forVisit(item.entityId);
    } catch {
      // see the upload
    }
    this.deps.outbox.markUploading(item.id);
    this.deps.onItem(item.id, false);
    this.deps.onStatus();
    const task = this.upload(item).finally(() => {
      this.running.delete(item.id);
      this.live.delete(item.id);
      this.deps.onItem(item.id, false);
      this.deps.onStatus();
      this.kick();
    });
    this.running.set(item.id, task);
  }

  private async upload(item: OutboxItem): Promise<void> {
    const activity = this.deps.activity.begin('upload', `Uploading the report of session ${item.entityId}`);
    try {
      const client = await this.deps.account.client(this.stop.signal);
      if (!client) throw new SyncFailure('no_server', 'No server address in Settings.', { retryable: false });
      await uploadItem(
        {
          client,
          outbox: this.deps.outbox,
          sources: this.deps.sources,
          chunks: {
            initialBytes: this.options.chunkBytes,
            minBytes: this.options.minChunkBytes,
            maxBytes: this.options.maxChunkBytes,
            targetSeconds: this.options.chunkTargetSeconds,
          },
          onProgress: (progress: Progress) => {
            this.live.set(item.id, progress);
            this.deps.onItem(item.id, true);
          },
          signal: this.stop.signal,
        },
        item,
      );
      const followUp = this.deps.outbox.markDone(item.id);
      this.deps.log.info({ item: item.id, session: item.entityId }, 'report uploaded and verified');
      if (followUp) this.deps.onItem(followUp.id, false);
    } catch (error) {
      this.failed(item, error);
    } finally {
      activity.end();
    }
  }

  private failed(item: OutboxItem, error: unknown): void {
    const now = this.deps.now();
    const current = this.deps.outbox.get(item.id);
    const attempts = (current?.attempts ?? item.attempts) + 1;
    const record = (code: SyncErrorCode, detail: string, status: number | null = null): SyncError => ({ code, status, detail, at: now.toISOString() });

    if (this.stop.signal.aborted) {
      // Closing: not a failure, it resumes at the next start.
      this.deps.outbox.markQueued(item.id, null);
      return;
    }
    if (error instanceof SyncFailure) {
      if (error.code === 'signed_out') {
        this.deps.account.markExpired();
        this.deps.outbox.markQueued(item.id, record('signed_out', error.message, error.status));
        return;
      }
      if (error.retryable) {
        const wait = Math.max(backoffDelay(attempts, this.options.backoff, this.options.random), error.retryAfterMs ?? 0);
        this.deps.outbox.markWaiting(item.id, record(error.code, error.message, error.status), new Date(now.getTime() + wait));
        this.deps.log.warn({ item: item.id, code: error.code, status: error.status, attempts, retryInMs: wait }, 'upload failed; will retry');
        return;
      }
      this.deps.outbox.markFailed(item.id, record(error.code, error.message, error.status));
      this.deps.log.warn({ item: item.id, code: error.code, status: error.status }, 'upload refused; waiting for the technician');
      return;
    }
    if (error instanceof LocalFileProblem) {
      this.deps.outbox.markFailed(item.id, record(error.kind === 'missing' ? 'file_missing' : 'file_damaged', error.message));
      this.deps.log.error({ item: item.id, file: error.file, kind: error.kind }, 'a local file of the report is missing or damaged; not uploaded');
      return;
    }
    if (error instanceof SessionGone) {
      this.deps.outbox.markFailed(item.id, record('session_missing', error.message));
      return;
    }
    // A bug or an unexpected local failure (disk): log it, and try again later rather than give up.
    this.deps.log.error({ err: error, item: item.id }, 'upload failed unexpectedly');
    const wait = backoffDelay(attempts, this.options.backoff, this.options.random);
    this.deps.outbox.markWaiting(item.id, record('internal', 'Unexpected error while uploading; see the log.'), new Date(now.getTime() + wait));
  }
}
