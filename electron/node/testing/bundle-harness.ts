import fs from 'node:fs';
import path from 'node:path';
import { APP_ROOT } from '../platform/app-meta';
import { bundleForNode } from './bundle';

/**
 * Bundles a TypeScript test harness from electron/node/testing into a runnable .mjs (for tests
 * that run the back end in a process of its own). Its import.meta.url is made to look like
 * dist/node's, so app-meta finds package.json and the built UI as the real CLI does.
 */
export async function bundleHarness(name: string): Promise<string> {
  const outDir = path.join(APP_ROOT, 'node_modules', '.cache', 'scf-harness');
  fs.mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, `${name}-${process.pid}.mjs`);
  bundleForNode(path.join('electron', 'node', 'testing', `${name}.ts`), outfile, {
    define: { 'import.meta.url': JSON.stringify(`file://${path.join(APP_ROOT, 'dist', 'node', `${name}.mjs`)}`) },
  });
  return outfile;
}
