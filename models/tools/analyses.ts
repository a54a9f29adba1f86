import type { BearingGeometry } from '../../electron/node/features/diagnosis/extraction/bearings';
import { analyze } from '../../electron/node/features/diagnosis/engine/analyze';
import { loadModelSet, type ModelSet } from '../../electron/node/features/diagnosis/model/loader';
import { type Recipe } from './recipes';
import { renderRecipe } from './parallel';
import { runOnWorkers, serveJobs } from './workers';
import type { SoundSpec } from '../../electron/node/features/diagnosis/synth/spec';
import { synthesize } from '../../electron/node/features/diagnosis/synth/machine';

/**
 * Whole diagnoses (features, model, uncertainty decision) of many clips on worker threads, for
 * the evaluation: the report measures the app's own pipeline, not a re-implementation of it.
 */
export interface AnalysisJob {
  id: number;
  /** A recipe, or a hand-made sound spec (for machines outside the synthesizer's sampled ranges). */
  recipe?: Recipe;
  spec?: { spec: SoundSpec; seed: number; seconds: number };
  /** Replace the clip by white noise of this RMS (an unrelated signal). */
  whiteNoise?: { seconds: number; seed: number };
  modelDir: string;
  machine: { speedHz?: number; bearing?: BearingGeometry };
}

export interface AnalysisResult {
  id: number;
  status: string;
  condition: string | null;
  confidence: number | null;
  probabilities: Record<string, number>;
  reasons: string[];
  severity: string | null;
  unavailable: string | null;
  featuresMs: number;
  inferenceMs: number;
  seconds: number;
  error?: string;
}

const sets = new Map<string, Promise<ModelSet>>();

async function runJob(job: AnalysisJob): Promise<AnalysisResult> {
  try {
    let set = sets.get(job.modelDir);
    if (!set) {
      set = loadModelSet([job.modelDir]);
      sets.set(job.modelDir, set);
    }
    const models = await set;
    let signal;
    if (job.recipe) signal = await renderRecipe(job.recipe);
    else if (job.spec) signal = { modality: 'sound' as const, sampleRate: job.spec.spec.sampleRate, samples: synthesize(job.spec.spec, job.spec.seed, job.spec.seconds) };
    else {
      const n = Math.round((job.whiteNoise?.seconds ?? 10) * 16000);
      let s = (job.whiteNoise?.seed ?? 1) >>> 0 || 1;
      const samples = new Float32Array(n);
      for (let i = 0; i < n; i += 1) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        samples[i] = 0.05 * ((s / 2 ** 32) * 2 - 1);
      }
      signal = { modality: 'sound' as const, sampleRate: 16000, samples };
    }
    const d = await analyze({ signal, channels: 1, source: { kind: 'samples', label: `eval ${job.id}` }, machine: job.machine }, { models });
    return {
      id: job.id,
      status: d.status,
      condition: d.condition?.key ?? null,
      confidence: d.confidence,
      probabilities: Object.fromEntries(d.probabilities.map((p) => [p.key, p.probability])),
      reasons: d.uncertainReasons.map((r) => r.code),
      severity: d.severity,
      unavailable: d.unavailable?.code ?? null,
      featuresMs: d.timings.featuresMs,
      inferenceMs: d.timings.inferenceMs,
      seconds: d.quality?.durationS ?? 0,
    };
  } catch (error) {
    return { id: job.id, status: 'error', condition: null, confidence: null, probabilities: {}, reasons: [], severity: null, unavailable: null, featuresMs: 0, inferenceMs: 0, seconds: 0, error: (error as Error).message };
  }
}

export const serveAnalysesAsWorker = (): boolean => serveJobs(runJob);

export async function runAnalyses(entry: URL, jobs: readonly AnalysisJob[], onProgress?: (done: number, total: number) => void): Promise<Map<number, AnalysisResult>> {
  const results = new Map<number, AnalysisResult>();
  await runOnWorkers<AnalysisJob, AnalysisResult>(entry, jobs, (result) => {
    results.set(result.id, result);
    onProgress?.(results.size, jobs.length);
  });
  return results;
}
