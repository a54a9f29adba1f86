import fs from 'node:fs';
import path from 'node:path';
import { bundleCacheDir, bundleForNode } from '../bundle';

/**
 * The import worker bundled as `npm run build` bundles it, for tests and benchmarks. It resolves
 * bare imports (csv-parse, the FLAC decoder, libsamplerate) from its own folder upwards, so it
 * lives inside the project, under node_modules/.cache; one bundle per process.
 */
export function bundleImportWorker(): string {
  const out = path.join(bundleCacheDir('scf-import-worker'), 'import-worker.mjs');
  return fs.existsSync(out) ? out : bundleForNode(path.resolve(import.meta.dirname, '..', '..', 'features', 'recording', 'import-worker.ts'), out);
}
