import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleForNode, projectRoot } from '../bundle';

/**
 * Bundles the serial process from source into a temp folder inside the project (so `serialport`
 * resolves to its node_modules): tests and benchmarks never run a stale dist/.
 */
export function bundleSerialChild(): { entry: string; cleanup: () => void } {
  const base = path.join(projectRoot(), 'node_modules', '.cache');
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, `scf-serial-child-${os.userInfo().uid}-`));
  const entry = path.join(dir, 'serial-child.mjs');
  bundleForNode(path.join('electron', 'node', 'features', 'sensors', 'serial', 'serial-child.ts'), entry);
  return { entry, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
