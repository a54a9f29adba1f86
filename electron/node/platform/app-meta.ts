import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The application's install folder (the one holding package.json and models/). Source files and
 * bundles both sit two levels below it (electron/node/*.ts, dist/node/*.js); benchmark bundles sit
 * deeper (node_modules/.cache/...), so the nearest folder above with our package.json wins.
 */
export const APP_ROOT = findAppRoot(path.dirname(fileURLToPath(import.meta.url)));

function findAppRoot(start: string): string {
  let dir = start;
  for (let i = 0; i < 6; i += 1) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === 'signalcraft-field') return dir;
    } catch {
      // no package.json here: look further up
    }
    dir = path.dirname(dir);
  }
  return path.resolve(start, '..', '..');
}

let cachedVersion: string | undefined;

export function appVersion(): string {
  if (cachedVersion === undefined) {
    const pkg = JSON.parse(fs.readFileSync(path.join(APP_ROOT, 'package.json'), 'utf8')) as { version: string };
    cachedVersion = pkg.version;
  }
  return cachedVersion;
}

/**
 * Where an asarUnpack'ed file really is in the packaged app. Electron's fs reads through app.asar,
 * but native code (onnxruntime opening a model), child processes and worker threads need the real
 * file under app.asar.unpacked; outside a package the path is returned unchanged.
 */
export function unpackedPath(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

export const BUNDLED_MODELS_DIR = unpackedPath(path.join(APP_ROOT, 'models'));
export const RENDERER_DIR = path.join(APP_ROOT, 'dist', 'renderer');
