import { SKF_6205 } from '../../electron/node/features/diagnosis/extraction/bearings';
import { type Extracted, extractFeatures, type ExtractOptions, type MonoSignal } from '../../electron/node/features/diagnosis/extraction/extract';
import { sampleSoundSpec, sampleVibrationSpec } from '../../electron/node/features/diagnosis/synth/sample';
import { type Recipe, renderCwru, renderSynthetic } from './recipes';
import { runOnWorkers, serveJobs } from './workers';

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
  recipe: Recipe;
  index: number;
  speed: SpeedSource;
}

/** Call at the top of a tool's entry: turns the thread into a worker when it is one. */
export const serveAsWorker = (): boolean => serveJobs((job: Job) => runOne(job.recipe, job.index, job.speed));

export async function extractAll(
  entry: string | URL,
  recipes: readonly Recipe[],
  options: { speed: SpeedSource; onProgress?: (done: number, total: number) => void },
): Promise<RowResult[]> {
  const results: RowResult[] = new Array(recipes.length);
  let done = 0;
  await runOnWorkers<Job, RowResult>(
    entry,
    recipes.map((recipe, index) => ({ recipe, index, speed: options.speed })),
    (row) => {
      results[row.index] = row;
      done += 1;
      options.onProgress?.(done, recipes.length);
    },
  );
  return results;
}
