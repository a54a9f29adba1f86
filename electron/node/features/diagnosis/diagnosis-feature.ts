import fs from 'node:fs';
import path from 'node:path';
import { AppError, type AnalyzeFileParams, type Diagnosis, type DiagnosisSource, type diagnosisMethods, type MachineFacts, type ModelInfo } from '../../../../shared/contract';
import type { z } from 'zod';
import { APP_ROOT, unpackedPath } from '../../platform/app-meta';
import type { BackendContext, Feature } from '../../platform/feature';
import { plainDiagnosis } from '../verdict';
import { catalogueGeometry } from './extraction/bearings';
import type { Modality } from './extraction/extract';
import { DiagnosisPool } from './engine/pool';
import type { ProgressStage } from './engine/analyze';
import type { Machine } from './engine/protocol';

/**
 * The diagnosis engine as the rest of the back end sees it: analyse a file or samples already in
 * memory (a recording), and describe the installed models. Every analysis runs as an activity
 * (the updater waits) on a worker thread, and reports progress as `diagnosis.progress` events.
 */
export interface DiagnosisEngine {
  analyzeFile(params: z.output<typeof AnalyzeFileParams>, onProgress?: (stage: ProgressStage, fraction: number) => void): Promise<Diagnosis>;
  /** For the recording feature: a finished recording's samples (mono or first channel), by value. */
  analyzeSamples(input: { samples: Float32Array; sampleRate: number; channels?: number; modality: Modality; source: DiagnosisSource; machine?: z.output<typeof MachineFacts>; jobId?: string }): Promise<Diagnosis>;
  modelInfo(): Promise<ModelInfo>;
  /** Drops the loaded models after a model set was installed: the next analysis loads the new ones. */
  reloadModels(): Promise<void>;
}

export interface DiagnosisFeatureOptions {
  modelDirs: string[];
  /** The bundled worker script; default dist/node/diagnosis-worker.js in the app folder. */
  workerEntry?: string;
  poolSize?: number;
}

export const DEFAULT_WORKER_ENTRY = unpackedPath(path.join(APP_ROOT, 'dist', 'node', 'diagnosis-worker.js'));

export function machineFromFacts(facts: z.output<typeof MachineFacts> | undefined): Machine {
  const machine: Machine = {};
  if (facts?.rpm) machine.speedHz = facts.rpm / 60;
  const b = facts?.bearing;
  if (b?.designation) {
    // The contract has already refused designations the catalogue does not have.
    const known = catalogueGeometry(b.designation);
    if (known) {
      machine.bearing = known.geometry;
      if (known.approximate) machine.bearingApproximate = true;
    }
  } else if (b?.balls !== undefined && b.ballRatio !== undefined) {
    machine.bearing = { balls: b.balls, ballRatio: b.ballRatio, contactDeg: b.contactDeg ?? 0 };
  }
  return machine;
}

export function diagnosisFeature(ctx: BackendContext, options: DiagnosisFeatureOptions): Feature<keyof typeof diagnosisMethods> & { engine: DiagnosisEngine } {
  const workerEntry = options.workerEntry ?? DEFAULT_WORKER_ENTRY;
  let pool: DiagnosisPool | null = null;
  let jobs = 0;
  const getPool = (): DiagnosisPool => {
    if (!fs.existsSync(workerEntry)) {
      throw new AppError('unavailable', `The diagnosis engine is not built (${workerEntry} is missing). Run "npm run build", or reinstall the app.`);
    }
    pool ??= new DiagnosisPool({ workerEntry, modelDirs: options.modelDirs, ...(options.poolSize ? { size: options.poolSize } : {}) });
    return pool;
  };
  const progress = (jobId: string) => (stage: ProgressStage, fraction: number) =>
    ctx.events.emit('diagnosis.progress', { jobId, stage, fraction: Math.min(1, Math.max(0, fraction)) });
  const nextJobId = () => `diagnosis-${++jobs}`;

  const engine: DiagnosisEngine = {
    analyzeFile: (p, onProgress) => {
      const jobId = p.jobId ?? nextJobId();
      const emit = progress(jobId);
      return ctx.activity.during('analysis', `Analysing ${path.basename(p.path)}`, () =>
        getPool().analyzeFile(
          { path: p.path, machine: machineFromFacts(p.machine), ...(p.modality ? { modality: p.modality } : {}), ...(p.csvSampleRate ? { csvSampleRate: p.csvSampleRate } : {}) },
          (stage, fraction) => {
            emit(stage, fraction);
            onProgress?.(stage, fraction);
          },
        ),
      );
    },
    analyzeSamples: (input) => {
      const jobId = input.jobId ?? nextJobId();
      const label = input.source.kind === 'recording' ? `recording ${input.source.recordingId}` : input.source.kind === 'file' ? input.source.name : input.source.label;
      return ctx.activity.during('analysis', `Analysing ${label}`, () =>
        getPool().analyzeSamples(
          { samples: input.samples, sampleRate: input.sampleRate, channels: input.channels ?? 1, modality: input.modality, source: input.source, machine: machineFromFacts(input.machine) },
          progress(jobId),
        ),
      );
    },
    modelInfo: async () => {
      try {
        return await getPool().modelInfo();
      } catch (error) {
        if (error instanceof AppError) return { status: 'invalid', version: null, directory: null, createdAt: null, models: [], problems: [error.message], loadMs: null };
        throw error;
      }
    },
    reloadModels: async () => {
      const old = pool;
      pool = null;
      await old?.close();
    },
  };

  return {
    engine,
    handlers: {
      // What the UI reads is in the catalogues' plain words; the engine's own sentences stay in the record.
      'diagnosis.analyzeFile': async (p) => plainDiagnosis(await engine.analyzeFile(p)),
      'diagnosis.modelInfo': () => engine.modelInfo(),
    },
    close: async () => {
      await pool?.close();
      pool = null;
    },
  };
}
