import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The application's install folder (the one holding package.json and models/). Source files and
 * bundles both sit two levels below it (electron/node/*.ts, dist/node/*.js).
 */
export const APP_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let cachedVersion: string | undefined;

export function appVersion(): string {
  if (cachedVersion === undefined) {
    const pkg = JSON.parse(fs.readFileSync(path.join(APP_ROOT, 'package.json'), 'utf8')) as { version: string };
    cachedVersion = pkg.version;
  }
  return cachedVersion;
}

export const BUNDLED_MODELS_DIR = path.join(APP_ROOT, 'models');
export const RENDERER_DIR = path.join(APP_ROOT, 'dist', 'renderer');
