import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../shared/contract';
import { loadModelSet, releaseModelSet } from '../diagnosis';
import { Manifest } from '../diagnosis';

/**
 * Installs a model set from disk (a folder holding `manifest.json`, or the manifest itself) into
 * the data folder's `models`, which the engine searches before the bundled set. The set is copied
 * into a staging folder and checked there exactly as the engine checks it at start (manifest,
 * SHA-256 of every file, feature-schema hash, golden vectors in onnxruntime); only a set with
 * every model ready replaces the installed one, by renames, so a refused or interrupted install
 * leaves the old models working.
 */
export async function installModelSet(source: string, installDir: string): Promise<{ version: string }> {
  const manifestFile = fs.existsSync(source) && fs.statSync(source).isDirectory() ? path.join(source, 'manifest.json') : source;
  if (!fs.existsSync(manifestFile)) {
    throw new AppError('invalid_file', `No model manifest at ${manifestFile}. Choose the folder of the model set (it holds manifest.json).`, 'path');
  }
  let manifest: Manifest;
  try {
    manifest = Manifest.parse(JSON.parse(fs.readFileSync(manifestFile, 'utf8')));
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : (error as Error).message.split('\n')[0];
    throw new AppError('invalid_file', `The model manifest ${manifestFile} is unreadable (${detail}). The installed model was kept.`, 'path');
  }
  const from = path.dirname(manifestFile);
  const parent = path.dirname(installDir);
  fs.mkdirSync(parent, { recursive: true });
  const staging = fs.mkdtempSync(path.join(parent, `${path.basename(installDir)}.staging-`));
  try {
    fs.copyFileSync(manifestFile, path.join(staging, 'manifest.json'));
    for (const entry of manifest.models) {
      for (const name of [entry.file, entry.golden]) {
        // Names in a manifest are plain file names next to it: nothing may reach outside the folder.
        if (path.basename(name) !== name) throw new AppError('invalid_file', `The manifest names a file outside its folder (${name}). The installed model was kept.`, 'path');
        const file = path.join(from, name);
        if (!fs.existsSync(file)) throw new AppError('invalid_file', `Model ${entry.id}: its file ${name} is missing next to the manifest. The installed model was kept.`, 'path');
        fs.copyFileSync(file, path.join(staging, name));
      }
    }
    const set = await loadModelSet([staging]);
    await releaseModelSet(set);
    if (set.problems.length > 0 || set.models.length === 0) {
      throw new AppError('invalid_file', `${set.problems.join(' ') || 'The manifest lists no model.'} The installed model was kept.`, 'path');
    }
    const previous = `${installDir}.previous`;
    fs.rmSync(previous, { recursive: true, force: true });
    if (fs.existsSync(installDir)) fs.renameSync(installDir, previous);
    fs.renameSync(staging, installDir);
    fs.rmSync(previous, { recursive: true, force: true });
    return { version: manifest.version };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
