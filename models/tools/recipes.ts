import fs from 'node:fs';
import path from 'node:path';
import { readSignalFile } from '../../electron/node/platform/audio/signal-file';
import { resample, toMono } from '../../electron/node/platform/audio/resample';
import type { MonoSignal } from '../../electron/node/features/diagnosis/extraction/extract';
import { synthesize } from '../../electron/node/features/diagnosis/synth/machine';
import { Rng } from '../../electron/node/features/diagnosis/synth/random';
import { sampleSoundSpec, type SoundSampleOptions, sampleVibrationSpec, type VibrationSampleOptions } from '../../electron/node/features/diagnosis/synth/sample';
import { SOUND_CONDITIONS, type SoundCondition, VIBRATION_CONDITIONS, type VibrationCondition } from '../../electron/node/features/diagnosis/synth/spec';

/**
 * Clips for training and evaluation, described by small recipes (a seed and a few choices) so
 * that a dataset can be listed, split across workers and regenerated exactly.
 *
 * Seed ranges never overlap between uses: training 1e6+, validation 2e6+, held-out evaluation 3e6+,
 * robustness 4e6+, false-alarm checks 5e6+, benchmarks and tests below 1e6.
 */
export const SEEDS = { train: 1_000_000, validation: 2_000_000, heldout: 3_000_000, robustness: 4_000_000, falseAlarm: 5_000_000 } as const;

export interface SoundRecipe {
  kind: 'sound';
  seed: number;
  condition: SoundCondition;
  seconds: number;
  options: SoundSampleOptions;
  /** Clip the recording as an overdriven microphone input would (fraction of the peak kept). */
  clipAt?: number;
}

export interface VibrationRecipe {
  kind: 'vibration';
  seed: number;
  condition: VibrationCondition;
  seconds: number;
  options: VibrationSampleOptions;
}

export interface CwruRecipe {
  kind: 'cwru';
  file: string;
  condition: VibrationCondition;
  rpm: number;
  /** Segment within the recording, seconds. */
  from: number;
  to: number;
  /** Analysis rate the recording is brought to first ("decimated to 3200 Hz" for the ADXL345 check). */
  rate?: number;
}

export type Recipe = SoundRecipe | VibrationRecipe | CwruRecipe;

export function renderSynthetic(recipe: SoundRecipe | VibrationRecipe): MonoSignal {
  if (recipe.kind === 'sound') {
    const spec = sampleSoundSpec(recipe.seed, recipe.condition, recipe.options);
    const samples = synthesize(spec, recipe.seed, recipe.seconds);
    if (recipe.clipAt !== undefined) {
      let peak = 0;
      for (const v of samples) peak = Math.max(peak, Math.abs(v));
      const limit = peak * recipe.clipAt;
      for (let i = 0; i < samples.length; i += 1) samples[i] = Math.max(-limit, Math.min(limit, samples[i]!));
    }
    return { modality: 'sound', sampleRate: spec.sampleRate, samples };
  }
  const spec = sampleVibrationSpec(recipe.seed, recipe.condition, recipe.options);
  return { modality: 'vibration', sampleRate: spec.sampleRate, samples: synthesize(spec, recipe.seed, recipe.seconds) };
}

/** Sound training and validation recipes: every condition, random length, some other rates, a little clipping. */
export function soundRecipes(base: number, perClass: number, variant: 'train' | 'heldout'): SoundRecipe[] {
  const out: SoundRecipe[] = [];
  SOUND_CONDITIONS.forEach((condition, c) => {
    for (let i = 0; i < perClass; i += 1) {
      const seed = base + c * 100_000 + i;
      const rng = new Rng(seed).child('recipe');
      const rate = rng.chance(0.85) ? 16_000 : rng.pick([44_100, 48_000]);
      const loud = rng.chance(0.04);
      out.push({
        kind: 'sound',
        seed,
        condition,
        seconds: rng.range(5, 8),
        options: { variant, sampleRate: rate, ...(loud ? { rmsDbfs: rng.range(-8, -4) } : {}) },
      });
    }
  });
  return out;
}

/** Synthetic vibration: half on a CWRU-like rig (SKF 6205, ~1750-1800 rpm), half on random machines and bearings. */
export function vibrationRecipes(base: number, perClass: number, variant: 'train' | 'heldout', sampleRate: number): VibrationRecipe[] {
  const out: VibrationRecipe[] = [];
  VIBRATION_CONDITIONS.forEach((condition, c) => {
    for (let i = 0; i < perClass; i += 1) {
      const seed = base + 50_000 + c * 100_000 + i;
      const rng = new Rng(seed).child('recipe');
      out.push({ kind: 'vibration', seed, condition, seconds: rng.range(4, 8), options: { variant, sampleRate, rig: i % 2 === 0 ? 'cwru' : 'random' } });
    }
  });
  return out;
}

/** The CWRU subset: $SIGNALCRAFT_CWRU_DIR, or the shared datasets folder next to the checkout. */
export function findCwruDir(): string | null {
  const candidates = [
    process.env.SIGNALCRAFT_CWRU_DIR,
    path.resolve(process.cwd(), '../shared/datasets/cwru-bearing'),
    path.resolve(process.cwd(), '../../shared/datasets/cwru-bearing'),
    '/work/shared/datasets/cwru-bearing',
  ];
  return candidates.find((d): d is string => d !== undefined && fs.existsSync(path.join(d, 'labels.csv'))) ?? null;
}

function cwruDir(): string {
  const dir = findCwruDir();
  if (!dir) throw new Error('The CWRU bearing dataset was not found: set SIGNALCRAFT_CWRU_DIR to its folder.');
  return dir;
}

export interface CwruFile {
  file: string;
  condition: VibrationCondition;
  fault: string;
  rpm: number;
  diameterMil: number;
  sampleRate: number;
  seconds: number;
}

export function cwruFiles(dir = cwruDir()): CwruFile[] {
  const lines = fs.readFileSync(path.join(dir, 'labels.csv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [file, label, fault, rpm, mil, , rate, seconds] = line.split(',');
    return {
      file: file!,
      condition: label as VibrationCondition,
      fault: fault || 'none',
      rpm: Number(rpm),
      diameterMil: Number(mil),
      sampleRate: Number(rate),
      seconds: Number(seconds),
    };
  });
}

/** Overlapping 5 s segments of each recording (the 3 s healthy one gives three 2 s segments). */
export function cwruRecipes(files: readonly CwruFile[], rate?: number): CwruRecipe[] {
  return files.flatMap((f) => {
    const long = f.seconds >= 8;
    const length = long ? 5 : 2;
    const hop = long ? 2.5 : 0.5;
    const segments: CwruRecipe[] = [];
    for (let from = 0; from + length <= f.seconds + 1e-6; from += hop) {
      segments.push({ kind: 'cwru', file: f.file, condition: f.condition, rpm: f.rpm, from, to: from + length, ...(rate ? { rate } : {}) });
    }
    return segments;
  });
}

const cwruCache = new Map<string, MonoSignal>();

export async function renderCwru(recipe: CwruRecipe, dir = cwruDir()): Promise<MonoSignal> {
  let whole = cwruCache.get(recipe.file);
  if (!whole) {
    const read = await readSignalFile(path.join(dir, recipe.file));
    if (read.format !== 'wav') throw new Error(`${recipe.file} is not a WAV file`);
    whole = { modality: 'vibration', sampleRate: read.audio.sampleRate, samples: toMono(read.audio.channels) };
    cwruCache.set(recipe.file, whole);
  }
  const from = Math.round(recipe.from * whole.sampleRate);
  const to = Math.min(whole.samples.length, Math.round(recipe.to * whole.sampleRate));
  const segment = whole.samples.slice(from, to);
  if (!recipe.rate || recipe.rate === whole.sampleRate) return { modality: 'vibration', sampleRate: whole.sampleRate, samples: segment };
  return { modality: 'vibration', sampleRate: recipe.rate, samples: await resample(segment, whole.sampleRate, recipe.rate) };
}

/** The motor load (hp) of a CWRU recording, from its speed: 1797 rpm is 0 hp, 1772 is 1 hp, 1750 is 2 hp. */
export const cwruLoad = (rpm: number): number => ({ 1797: 0, 1772: 1, 1750: 2 })[rpm] ?? -1;
