import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './serve-app';

/**
 * Where the Electron executable is, without triggering Electron's lazy download (requiring the
 * `electron` package from Node would start it). Returns the reason when there is none.
 */
export function findElectronBinary(): { path: string } | { reason: string } {
  const pkgDir = path.join(ROOT, 'node_modules', 'electron');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : 'electron';
  const candidate = override ? path.join(override, relative) : path.join(pkgDir, 'dist', relative);
  if (fs.existsSync(candidate)) return { path: candidate };
  return {
    reason:
      'Electron binary not installed (it downloads on first launch, which needs the network): run `npx electron --version` once on a connected machine, or set ELECTRON_OVERRIDE_DIST_PATH.',
  };
}
