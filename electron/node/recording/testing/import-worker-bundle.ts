import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

/**
 * The import worker bundled as `npm run build` bundles it, for tests and benchmarks. It resolves
 * bare imports (csv-parse, the FLAC decoder, libsamplerate) from its own folder upwards, so it
 * lives inside the project, under node_modules/.cache; one bundle per process.
 */
export function bundleImportWorker(): string {
  const dir = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'node_modules', '.cache', 'scf-import-worker', String(process.pid));
  const out = path.join(dir, 'import-worker.mjs');
  if (!fs.existsSync(out)) {
    fs.mkdirSync(dir, { recursive: true });
    buildSync({
      entryPoints: [path.resolve(import.meta.dirname, '..', 'import-worker.ts')],
      outfile: out,
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'silent',
    });
  }
  return out;
}
