import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';

/**
 * Tests and benchmarks run child processes and workers from source, bundled the way
 * scripts/build-node.mjs bundles them, so they never run a stale dist/. The bundle must live
 * inside the project (bare imports such as onnxruntime-node resolve from its folder upwards).
 */
export function bundleForNode(entry: string, outfile: string, options: { define?: Record<string, string> } = {}): string {
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  buildSync({
    ...(options.define ? { define: options.define } : {}),
    entryPoints: [path.isAbsolute(entry) ? entry : path.join(projectRoot(), entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'silent',
  });
  return outfile;
}

/** A folder for bundles under node_modules/.cache, one per purpose and process. */
export function bundleCacheDir(purpose: string): string {
  const dir = path.join(projectRoot(), 'node_modules', '.cache', purpose, String(process.pid));
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The folder holding this project's package.json (benchmarks bundle this file elsewhere). */
export function projectRoot(): string {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'signalcraft-field') return dir;
    } catch {
      // not here
    }
    if (path.dirname(dir) === dir) throw new Error('run from inside the signalcraft-field project');
  }
}
