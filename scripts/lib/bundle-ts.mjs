import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

/** The project folder (scripts/lib/..). */
export const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * Bundles a TypeScript entry for plain Node, as scripts/build-node.mjs does for the app, into a
 * cache folder inside the project (ESM ignores NODE_PATH, so bare imports must resolve from a
 * folder under the project's node_modules). Returns the bundle's path.
 */
export async function bundleTs(entry, cacheName, fileName, options = {}) {
  const outDir = path.join(ROOT, 'node_modules', '.cache', cacheName);
  fs.mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, fileName);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'warning',
    ...(options.define ? { define: options.define } : {}),
  });
  return outfile;
}
