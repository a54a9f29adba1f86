import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError, type ApiErrorBody } from '../../../../shared/contract';
import { APP_ROOT, unpackedPath } from '../../platform/app-meta';
import type { Logger } from '../../platform/logging/log';
import { type ImportJob, type PreparedImport, prepareImport } from './import-prepare';

export const DEFAULT_IMPORT_WORKER = unpackedPath(path.join(APP_ROOT, 'dist', 'node', 'import-worker.js'));

/**
 * The worker's JavaScript heap. Decoded samples live in typed arrays outside it; this bounds what a
 * pathological file (a CSV with two million columns) can take before it is refused.
 */
const WORKER_HEAP_MB = 1024;
/** An idle worker is ended after this long, returning its memory (loading one costs about a second). */
const IDLE_MS = 30_000;

type Reply = { jobId: number; ok: true; prepared: PreparedImport } | { jobId: number; ok: false; error: ApiErrorBody };

interface Pending {
  name: string;
  resolve: (p: PreparedImport) => void;
  reject: (e: unknown) => void;
}

/**
 * Runs the heavy half of imports in a worker thread (issue 14, case 3): one thread, started on the
 * first import, taking jobs in turn and ended when idle. A worker that dies (out of memory on a
 * pathological file) fails the jobs it had with a clear error and is replaced at the next import.
 * When the worker script is missing (running from source without `npm run build`) the work runs on
 * the event loop, and the log says so.
 */
export class ImportWorkers {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextJob = 0;
  private idleTimer: NodeJS.Timeout | null = null;
  private warned = false;
  /** Where the last import ran (tests check that it was a worker). */
  lastRanIn: 'worker' | 'event-loop' | null = null;

  constructor(
    private readonly entry: string,
    private readonly log: Logger,
  ) {}

  async prepare(job: ImportJob): Promise<PreparedImport> {
    if (!fs.existsSync(this.entry)) {
      if (!this.warned) this.log.warn({ entry: this.entry }, 'the import worker is not built; imports run on the event loop (run "npm run build")');
      this.warned = true;
      this.lastRanIn = 'event-loop';
      return prepareImport(job);
    }
    this.lastRanIn = 'worker';
    const worker = this.ensureWorker();
    worker.ref();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const jobId = (this.nextJob += 1);
    return new Promise<PreparedImport>((resolve, reject) => {
      this.pending.set(jobId, { name: job.name, resolve, reject });
      worker.postMessage({ jobId, job });
    });
  }

  /** Ends the worker (the app is closing); jobs still running fail. */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.entry, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    worker.on('message', (reply: Reply) => {
      const job = this.pending.get(reply.jobId);
      if (!job) return;
      this.pending.delete(reply.jobId);
      if (reply.ok) job.resolve(reply.prepared);
      else {
        // The reason code crosses the thread too, so the UI words the refusal itself (fileErrors.*).
        const { code, message, field, reason, values } = reply.error;
        job.reject(new AppError(code, message, field, reason ? { reason, values: values ?? {} } : undefined));
      }
      this.idleCheck();
    });
    worker.on('error', (error: Error & { code?: string }) => this.died(worker, error));
    worker.on('exit', (code) => this.died(worker, new Error(`the import worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private died(worker: Worker, error: Error & { code?: string }): void {
    if (this.worker === worker) this.worker = null;
    const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
    if (this.pending.size > 0) this.log.warn({ err: error }, 'the import worker stopped during an import');
    for (const [id, job] of this.pending) {
      this.pending.delete(id);
      job.reject(
        outOfMemory
          ? new AppError('invalid_file', `${job.name} is too large or too complex to read (it needs more than ${WORKER_HEAP_MB} MB). Split it into smaller files.`, 'file')
          : error,
      );
    }
  }

  private idleCheck(): void {
    if (this.pending.size > 0 || !this.worker) return;
    // Idle: it must not keep a CLI process alive.
    this.worker.unref();
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.pending.size === 0) void this.close();
    }, IDLE_MS);
    this.idleTimer.unref();
  }
}
