import os from 'node:os';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { SKF_6205 } from '../features/bearings';
import { type Extracted, extractFeatures, type ExtractOptions, type MonoSignal } from '../features/extract';
import { sampleSoundSpec, sampleVibrationSpec } from '../synth/sample';
import { type Recipe, renderCwru, renderSynthetic } from './recipes';

/**
 * Runs recipes through the real feature extractor on worker threads (the tools are bundled into
 * one file that is both the main program and its workers).
 */
export interface RowResult {
  index: number;
  schemaId: string;
  features: number[];
  meta: Record<string, number | string | boolean>;
  error?: string;
}

export type SpeedSource = 'given' | 'estimated';

/** What the user would tell the app about the machine: its speed (when given) and, for vibration, its bearing. */
export function machineFacts(recipe: Recipe, speed: SpeedSource): ExtractOptions {
  if (recipe.kind === 'cwru') return { bearing: SKF_6205, ...(speed === 'given' ? { speedHz: recipe.rpm / 60 } : {}) };
  if (recipe.kind === 'vibration') {
    const spec = sampleVibrationSpec(recipe.seed, recipe.condition, recipe.options);
    return { bearing: spec.machine.bearing, ...(speed === 'given' ? { speedHz: spec.machine.shaftHz } : {}) };
  }
  const spec = sampleSoundSpec(recipe.seed, recipe.condition, recipe.options);
  return speed === 'given' ? { speedHz: spec.machine.shaftHz } : {};
}

export async function renderRecipe(recipe: Recipe): Promise<MonoSignal> {
  return recipe.kind === 'cwru' ? renderCwru(recipe) : renderSynthetic(recipe);
}

function describe(recipe: Recipe, extracted: Extracted): RowResult['meta'] {
  const base = { condition: recipe.condition, speedHz: extracted.analysis.speed.hz, speedFound: extracted.analysis.speed.found };
  if (recipe.kind === 'cwru') return { ...base, file: recipe.file, rpm: recipe.rpm, from: recipe.from, to: recipe.to };
  if (recipe.kind === 'vibration') {
    const spec = sampleVibrationSpec(recipe.seed, recipe.condition, recipe.options);
    return { ...base, seed: recipe.seed, severity: spec.severity, trueSpeedHz: spec.machine.shaftHz, rig: recipe.options.rig ?? 'random', rate: spec.sampleRate };
  }
  const spec = sampleSoundSpec(recipe.seed, recipe.condition, recipe.options);
  return {
    ...base,
    seed: recipe.seed,
    severity: spec.severity,
    trueSpeedHz: spec.machine.shaftHz,
    lineHz: spec.machine.lineHz,
    snrDb: spec.microphone.snrDb,
    backgrounds: spec.background.map((b) => b.kind).join('+'),
    rate: spec.sampleRate,
    clipped: extracted.quality.clippedFraction,
  };
}

async function runOne(recipe: Recipe, index: number, speed: SpeedSource): Promise<RowResult> {
  try {
    const signal = await renderRecipe(recipe);
    const extracted = await extractFeatures(signal, machineFacts(recipe, speed));
    return { index, schemaId: extracted.schemaId, features: Array.from(extracted.analysis.features), meta: describe(recipe, extracted) };
  } catch (error) {
    return { index, schemaId: '', features: [], meta: {}, error: (error as Error).message };
  }
}

interface Job {
  recipes: Recipe[];
  offset: number;
  speed: SpeedSource;
}

/** Call at the top of a tool's entry: turns the thread into a worker when it is one. */
export function serveAsWorker(): boolean {
  if (isMainThread || !parentPort) return false;
  const port = parentPort;
  port.on('message', (job: Job) => {
    void (async () => {
      for (let i = 0; i < job.recipes.length; i += 1) port.postMessage(await runOne(job.recipes[i]!, job.offset + i, job.speed));
      port.postMessage({ done: true });
    })();
  });
  return true;
}

export async function extractAll(
  entry: string | URL,
  recipes: readonly Recipe[],
  options: { speed: SpeedSource; workers?: number; onProgress?: (done: number, total: number) => void },
): Promise<RowResult[]> {
  const count = Math.max(1, Math.min(options.workers ?? os.availableParallelism(), recipes.length));
  const results: RowResult[] = new Array(recipes.length);
  let done = 0;
  const chunk = Math.ceil(recipes.length / count);
  await Promise.all(
    Array.from({ length: count }, (_, w) => {
      const slice = recipes.slice(w * chunk, (w + 1) * chunk);
      if (slice.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const worker = new Worker(entry);
        worker.on('message', (m: RowResult | { done: true }) => {
          if ('done' in m) {
            void worker.terminate();
            resolve();
            return;
          }
          results[m.index] = m;
          done += 1;
          options.onProgress?.(done, recipes.length);
        });
        worker.on('error', reject);
        worker.postMessage({ recipes: slice, offset: w * chunk, speed: options.speed } satisfies Job);
      });
    }),
  );
  return results;
}
