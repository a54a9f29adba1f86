import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EnsembleSession, type EnsembleOutput } from './ensemble';
import { Golden, Manifest, type ManifestModel, schemaMismatch } from './manifest';

/**
 * Finds, checks and loads the diagnosis models. A model is used only if its file is intact (SHA-256
 * as in the manifest), its feature schema is the one this app computes, and it reproduces its
 * golden vectors in onnxruntime; otherwise it is refused with the reason, and analyses that need
 * it answer "unavailable" with that reason. A refused model never falls back to anything.
 */
export interface LoadedModel {
  entry: ManifestModel;
  session: EnsembleSession | null;
  problem: string | null;
}

export interface ModelSet {
  dir: string | null;
  manifest: Manifest | null;
  models: LoadedModel[];
  problems: string[];
  loadMs: number;
}

/** How far onnxruntime may stray from the trainer's numbers at load time before the model is refused. */
export const SELF_CHECK_TOLERANCE = 1e-4;

export function findManifest(dirs: readonly string[]): string | null {
  for (const dir of dirs) if (fs.existsSync(path.join(dir, 'manifest.json'))) return dir;
  return null;
}

export async function loadModelSet(dirs: readonly string[]): Promise<ModelSet> {
  const started = performance.now();
  const dir = findManifest(dirs);
  const done = (partial: Omit<ModelSet, 'loadMs'>): ModelSet => ({ ...partial, loadMs: performance.now() - started });
  if (!dir) {
    return done({ dir: null, manifest: null, models: [], problems: ['No diagnosis model is installed: recordings can be kept but not diagnosed.'] });
  }
  let manifest: Manifest;
  try {
    manifest = Manifest.parse(JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')));
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : (error as Error).message.split('\n')[0];
    return done({ dir, manifest: null, models: [], problems: [`The model manifest ${path.join(dir, 'manifest.json')} is unreadable (${detail}). Reinstall the app or the model.`] });
  }
  const models: LoadedModel[] = [];
  for (const entry of manifest.models) models.push(await loadOne(dir, entry));
  const problems = models.filter((m) => m.problem).map((m) => `Model ${m.entry.id} was refused: ${m.problem}.`);
  return done({ dir, manifest, models, problems });
}

async function loadOne(dir: string, entry: ManifestModel): Promise<LoadedModel> {
  const refuse = (problem: string): LoadedModel => ({ entry, session: null, problem });
  const mismatch = schemaMismatch(entry);
  if (mismatch) return refuse(mismatch);
  const file = path.join(dir, entry.file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return refuse(`its file ${entry.file} is missing`);
  }
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== entry.sha256) return refuse(`its file ${entry.file} is damaged or was replaced (SHA-256 ${digest.slice(0, 12)}… instead of ${entry.sha256.slice(0, 12)}…)`);
  let session: EnsembleSession;
  try {
    session = await EnsembleSession.create(entry, bytes);
  } catch (error) {
    return refuse(`onnxruntime could not load it (${(error as Error).message.split('\n')[0]})`);
  }
  try {
    const golden = Golden.parse(JSON.parse(fs.readFileSync(path.join(dir, entry.golden), 'utf8')));
    const worst = await selfCheck(session, golden);
    if (worst.error > SELF_CHECK_TOLERANCE) {
      await session.release();
      return refuse(`it does not reproduce its golden vectors (${worst.output} differs by ${worst.error.toExponential(1)})`);
    }
  } catch (error) {
    await session.release();
    return refuse(`its self-check could not run (${(error as Error).message.split('\n')[0]})`);
  }
  return { entry, session, problem: null };
}

/** Largest difference between onnxruntime's outputs and the trainer's on the golden inputs (relative for the OOD distance). */
export async function selfCheck(session: EnsembleSession, golden: Golden): Promise<{ output: string; error: number }> {
  const out: EnsembleOutput = await session.run(golden.inputs);
  let worst = { output: 'none', error: 0 };
  const compare = (name: string, got: readonly ArrayLike<number>[], want: readonly number[][], relative = false) => {
    want.forEach((row, r) => {
      row.forEach((value, c) => {
        const diff = Math.abs(got[r]![c]! - value) / (relative ? Math.max(1, Math.abs(value)) : 1);
        if (!(diff <= worst.error)) worst = { output: name, error: Number.isFinite(diff) ? diff : Infinity };
      });
    });
  };
  compare('probabilities', out.probabilities, golden.outputs.probabilities);
  compare('rf_probabilities', out.members.rf, golden.outputs.rf_probabilities);
  compare('gb_probabilities', out.members.gb, golden.outputs.gb_probabilities);
  compare('mlp_probabilities', out.members.mlp, golden.outputs.mlp_probabilities);
  compare('ood_distance', out.oodDistance.map((d) => [d]), golden.outputs.ood_distance, true);
  return worst;
}

export async function releaseModelSet(set: ModelSet): Promise<void> {
  for (const m of set.models) await m.session?.release();
}
