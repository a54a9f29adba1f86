import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';

/** Bundles one entry (project-relative) from source, as scripts/build-node.mjs does, into `outfile`. */
export function bundleForNode(entry: string, outfile: string, options: { define?: Record<string, string> } = {}): void {
  buildSync({
    ...(options.define ? { define: options.define } : {}),
    entryPoints: [path.join(projectRoot(), entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'silent',
  });
}

/**
 * Bundles the serial process from source into a temp folder inside the project (so `serialport`
 * resolves to its node_modules): tests and benchmarks never run a stale dist/.
 */
export function bundleSerialChild(): { entry: string; cleanup: () => void } {
  const base = path.join(projectRoot(), 'node_modules', '.cache');
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, `scf-serial-child-${os.userInfo().uid}-`));
  const entry = path.join(dir, 'serial-child.mjs');
  bundleForNode(path.join('electron', 'node', 'sensors', 'serial', 'serial-child.ts'), entry);
  return { entry, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
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
