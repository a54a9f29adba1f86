import type { ApiErrorBody, Diagnosis, DiagnosisSource, ModelInfo } from '../../../../../shared/contract';
import type { BearingGeometry } from '../extraction/bearings';
import type { Modality } from '../extraction/extract';
import type { ProgressStage } from './analyze';

/** Messages between the back end and its diagnosis workers (structured clone; samples are transferred). */
export interface Machine {
  speedHz?: number;
  bearing?: BearingGeometry;
  /** The bearing's geometry is estimated from its boundary dimensions (catalogue), not published. */
  bearingApproximate?: boolean;
}

export type ToWorker =
  | { type: 'init'; modelDirs: string[] }
  | { type: 'file'; jobId: string; path: string; modality?: Modality; csvSampleRate?: number; machine: Machine }
  | { type: 'samples'; jobId: string; samples: Float32Array; sampleRate: number; channels: number; modality: Modality; source: DiagnosisSource; machine: Machine };

export type FromWorker =
  | { type: 'ready'; info: ModelInfo }
  | { type: 'progress'; jobId: string; stage: ProgressStage; fraction: number }
  | { type: 'result'; jobId: string; diagnosis: Diagnosis }
  | { type: 'error'; jobId: string; error: ApiErrorBody };
