import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { HealthCheck } from '../../../../../shared/contract';
import { findManifest } from './loader';
import { Manifest, schemaMismatch } from './manifest';

/**
 * The `model` health check (doctor, About page): the manifest, each model file's SHA-256 and its
 * feature schema, without starting onnxruntime (the workers run the full self-check when they load).
 */
export function checkInstalledModels(dirs: readonly string[]): HealthCheck {
  const dir = findManifest(dirs);
  if (!dir) return { id: 'model', status: 'warn', detail: 'No diagnosis model is installed: recordings are kept, but cannot be diagnosed yet.', reason: 'model_missing' };
  const file = path.join(dir, 'manifest.json');
  let manifest: Manifest;
  try {
    manifest = Manifest.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (error) {
    return { id: 'model', status: 'fail', detail: `The model manifest ${file} is unreadable: ${(error as Error).message.split('\n')[0]}. Reinstall the app or the model.`, reason: 'model_unreadable' };
  }
  const problems: string[] = [];
  for (const m of manifest.models) {
    const mismatch = schemaMismatch(m);
    if (mismatch) {
      problems.push(`${m.id}: ${mismatch}`);
      continue;
    }
    try {
      const digest = createHash('sha256').update(fs.readFileSync(path.join(dir, m.file))).digest('hex');
      if (digest !== m.sha256) problems.push(`${m.id}: ${m.file} is damaged (SHA-256 differs from the manifest)`);
    } catch {
      problems.push(`${m.id}: ${m.file} is missing`);
    }
  }
  if (problems.length > 0) return { id: 'model', status: 'fail', detail: `Model set ${manifest.version} in ${dir}: ${problems.join('; ')}. Those analyses will answer "unavailable"; reinstall the app.`, reason: 'model_damaged', values: { version: manifest.version } };
  return { id: 'model', status: 'ok', detail: `model set ${manifest.version} in ${dir}: ${manifest.models.map((m) => m.id).join(', ')}`, reason: 'model_ready', values: { version: manifest.version, count: String(manifest.models.length) } };
}
