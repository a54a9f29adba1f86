import fs from 'node:fs';
import path from 'node:path';
import { APP_ROOT } from '../../platform/app-meta';
import { bundleForNode } from '../bundle';

/**
 * The crash child (a back end that records until it is killed) bundled for a test that kills it.
 * It sits inside the project, two levels below it like dist/node, so its bare imports and
 * APP_ROOT resolve; each test gets its own folder, removed afterwards.
 */
export function bundleCrashChild(folder: string): { child: string; remove: () => void } {
  const child = path.join(APP_ROOT, 'dist', folder, 'crash-child.mjs');
  bundleForNode(path.join(import.meta.dirname, 'crash-child.ts'), child);
  return { child, remove: () => fs.rmSync(path.dirname(child), { recursive: true, force: true }) };
}
