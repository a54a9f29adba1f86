import fs from 'node:fs';
import path from 'node:path';
import { bundleForNode } from './bundle';
import { BUNDLED_MODELS_DIR } from '../platform/app-meta';

/** Helpers for the diagnosis tests: the worker bundled as the build bundles it, and the committed models. */
export function bundleDiagnosisWorker(dir: string): string {
  const out = path.join(dir, 'diagnosis-worker.mjs');
  return fs.existsSync(out) ? out : bundleForNode(path.resolve(import.meta.dirname, '..', 'features', 'diagnosis', 'engine', 'worker.ts'), out);
}

/**
 * The bundled worker resolves bare imports (onnxruntime-node...) from its own folder upwards, so it
 * must live inside the project: a cache folder under node_modules.
 */
export function workerDir(): string {
  const dir = path.resolve(import.meta.dirname, '..', '..', '..', 'node_modules', '.cache', 'scf-test-worker', String(process.pid));
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export const MODELS_DIR = BUNDLED_MODELS_DIR;

/** Seeded randomness for tests outside diagnosis that make signals (the synthesizer's own). */
export { Rng } from '../features/diagnosis/synth/random';

/** A copy of the committed model set in `dir`, to damage in tests. */
export function copyModels(dir: string): string {
  const target = path.join(dir, 'models');
  fs.mkdirSync(target, { recursive: true });
  for (const f of fs.readdirSync(MODELS_DIR)) {
    if (f.endsWith('.onnx') || f.endsWith('.json')) fs.copyFileSync(path.join(MODELS_DIR, f), path.join(target, f));
  }
  return target;
}
