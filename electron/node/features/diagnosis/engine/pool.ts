import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppError, type Diagnosis, type DiagnosisSource, type ModelInfo } from '../../../../../shared/contract';
import type { Modality } from '../extraction/extract';
import type { ProgressStage } from './analyze';
import { unavailableDiagnosis } from './analyze';
import type { FromWorker, Machine, ToWorker } from './protocol';
import { unavailable } from './reasons';
import { quietOnnxRuntime } from '../model/ort-env';

// Before any onnxruntime session in this process (see ort-env.ts).
quietOnnxRuntime();

/**
 * Diagnosis worker threads (onnxruntime-node runs in worker_threads; checked here, unlike the
 * serial port binding). Workers start on first use, each loading and self-checking the models once;
 * jobs queue and go to the next free worker. A worker that dies mid-analysis gives that analysis an
 * "unavailable" result saying so (never a made-up one) and is replaced.
 */
export interface PoolOptions {
  /** The bundled worker script (dist/node/diagnosis-worker.js). */
  workerEntry: string | URL;
  modelDirs: string[];
  /** Worker threads; default: one per core minus one for the event loop, 1 to 4. */
  size?: number;
}

export type ProgressListener = (stage: ProgressStage, fraction: number) => void;

type Job = {
  message: Exclude<ToWorker, { type: 'init' }>;
  transfer: ArrayBuffer[];
  onProgress: ProgressListener | undefined;
  resolve: (d: Diagnosis) => void;
  reject: (e: unknown) => void;
  fallback: { source: DiagnosisSource; modality: Modality };
};

interface Slot {
  worker: Worker;
  ready: Promise<ModelInfo>;
  job: Job | null;
}

export const defaultPoolSize = (): number => Math.max(1, Math.min(4, os.availableParallelism() - 1));

export class DiagnosisPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closed = false;
  readonly size: number;

  constructor(private readonly options: PoolOptions) {
    this.size = options.size ?? defaultPoolSize();
  }

  /** Model status as the first worker found it (starting it if needed). */
  async modelInfo(): Promise<ModelInfo> {
    this.ensureWorkers(1);
    return this.slots[0]!.ready;
  }

  analyzeFile(input: { path: string; modality?: Modality; csvSampleRate?: number; machine: Machine }, onProgress?: ProgressListener): Promise<Diagnosis> {
    const jobId = this.id();
    const name = input.path.split(/[\\/]/).pop() ?? input.path;
    return this.submit(
      { type: 'file', jobId, path: input.path, machine: input.machine, ...(input.modality ? { modality: input.modality } : {}), ...(input.csvSampleRate ? { csvSampleRate: input.csvSampleRate } : {}) },
      [],
      onProgress,
      { source: { kind: 'file', name, format: name.toLowerCase().endsWith('.csv') ? 'csv' : 'wav' }, modality: input.modality ?? 'sound' },
    );
  }

  /** Analyses samples already in memory (a recording); the buffer is transferred, not copied. */
  analyzeSamples(
    input: { samples: Float32Array; sampleRate: number; channels: number; modality: Modality; source: DiagnosisSource; machine: Machine },
    onProgress?: ProgressListener,
  ): Promise<Diagnosis> {
    const jobId = this.id();
    const samples = input.samples.byteOffset === 0 && input.samples.byteLength === input.samples.buffer.byteLength ? input.samples : input.samples.slice();
    return this.submit({ type: 'samples', jobId, ...input, samples }, [samples.buffer as ArrayBuffer], onProgress, { source: input.source, modality: input.modality });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new AppError('unavailable', 'The app is closing: the analysis was not run.'));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private id(): string {
    this.nextId += 1;
    return `job-${this.nextId}`;
  }

  private submit(message: Job['message'], transfer: ArrayBuffer[], onProgress: ProgressListener | undefined, fallback: Job['fallback']): Promise<Diagnosis> {
    if (this.closed) return Promise.reject(new AppError('unavailable', 'The diagnosis engine is shut down.'));
    return new Promise((resolve, reject) => {
      this.queue.push({ message, transfer, onProgress, resolve, reject, fallback });
      this.ensureWorkers(Math.min(this.size, this.queue.length + this.busyCount()));
      this.dispatch();
    });
  }

  private busyCount(): number {
    return this.slots.filter((s) => s.job).length;
  }

  private ensureWorkers(count: number): void {
    while (this.slots.length < count) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const worker = new Worker(this.options.workerEntry);
    worker.unref();
    let markReady!: (info: ModelInfo) => void;
    const slot: Slot = { worker, ready: new Promise((r) => (markReady = r)), job: null };
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'ready') {
        markReady(m.info);
        return;
      }
      const job = slot.job;
      if (!job || m.jobId !== job.message.jobId) return;
      if (m.type === 'progress') {
        job.onProgress?.(m.stage, m.fraction);
        return;
      }
      slot.job = null;
      if (m.type === 'result') job.resolve(m.diagnosis);
      // With its reason, so the UI and the CLI can say in the technician's words what is wrong with the file.
      else job.reject(new AppError(m.error.code, m.error.message, m.error.field, m.error.reason ? { reason: m.error.reason, values: m.error.values ?? {} } : undefined));
      this.dispatch();
    });
    const died = (why: string) => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      this.slots.splice(index, 1);
      markReady({ status: 'invalid', version: null, directory: null, createdAt: null, models: [], problems: [`The diagnosis worker stopped: ${why}`], loadMs: null });
      const job = slot.job;
      slot.job = null;
      if (job) {
        const reason = unavailable('model_failed', `The analysis process stopped unexpectedly (${why}); no diagnosis was made. Try again; if it happens again, report it with "signalcraft-field doctor --json".`);
        job.resolve(unavailableDiagnosis({ source: job.fallback.source, modality: job.fallback.modality, reason }));
      }
      if (!this.closed && this.queue.length > 0) {
        this.ensureWorkers(Math.min(this.size, this.queue.length));
        this.dispatch();
      }
    };
    worker.on('error', (error) => died(error.message));
    worker.on('exit', (code) => died(`exit code ${code}`));
    worker.postMessage({ type: 'init', modelDirs: this.options.modelDirs } satisfies ToWorker);
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.job || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage(job.message, job.transfer);
    }
    for (const slot of this.slots) if (!slot.job) slot.worker.unref();
  }
}
