import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { APP_ROOT as ROOT } from '../app-meta';

/**
 * Bundles a TypeScript test harness from electron/node/testing into a runnable .mjs (for tests
 * that run the back end in a process of its own). Its
 * import.meta.url is made to look like dist/node's, so app-meta finds package.json and the built
 * UI as the real CLI does.
 */
export async function bundleHarness(name: string): Promise<string> {
  const outDir = path.join(ROOT, 'node_modules', '.cache', 'scf-harness');
  fs.mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `${name}-${process.pid}.mjs`);
  await build({
    entryPoints: [path.join(ROOT, 'electron', 'node', 'testing', `${name}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'warning',
    define: { 'import.meta.url': JSON.stringify(`file://${path.join(ROOT, 'dist', 'node', `${name}.mjs`)}`) },
  });
  return outfile;
}
