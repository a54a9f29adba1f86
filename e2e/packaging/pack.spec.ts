import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import asar from '@electron/asar';
import { expect, test } from '@playwright/test';
import yaml from 'js-yaml';
import { loadBuilderConfig, REQUIRED_FUSES } from '../../scripts/packaging/builder-config';
import { ROOT } from '../support/serve-app';
import { makeStandInElectronDist, readFuses } from '../support/stand-in-electron';

/**
 * The packaging configuration, checked after `npm run build` the way a release machine would use
 * it: every file it lists exists, and electron-builder itself packs the app (around a stand-in
 * Electron binary, since the real one cannot be downloaded here) with the fuses flipped, the
 * natives and models outside the asar archive, and only this platform's native binaries.
 */
const config = loadBuilderConfig();
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { main: string; version: string };
const electronVersion = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;

test('every file and folder the configuration lists exists after the build', () => {
  expect(fs.existsSync(path.join(ROOT, pkg.main)), `package.json main: ${pkg.main}`).toBe(true);
  const positive = [...config.files, ...config.asarUnpack].filter((p) => !p.startsWith('!') && !p.startsWith('node_modules/'));
  for (const pattern of positive) {
    const matches = fs.globSync(pattern, { cwd: ROOT });
    expect(matches.length, `"${pattern}" matches nothing`).toBeGreaterThan(0);
  }
  for (const dir of ['better-sqlite3', '@serialport/bindings-cpp', 'onnxruntime-node']) {
    expect(fs.existsSync(path.join(ROOT, 'node_modules', dir)), dir).toBe(true);
  }
  for (const file of [config.win.icon, config.mac.icon, config.linux.icon, config.mac.entitlements]) {
    expect(fs.existsSync(path.join(ROOT, file)), file).toBe(true);
  }
  for (const file of ['dist/electron/preload.cjs', 'dist/renderer/index.html', 'dist/node/cli.js']) {
    expect(fs.existsSync(path.join(ROOT, file)), file).toBe(true);
  }
});

test.describe('electron-builder packs the app', () => {
  test.describe.configure({ timeout: 240_000 });
  let work: string;
  let appDir: string;

  test.beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-pack-'));
    const dist = makeStandInElectronDist(path.join(work, 'electron-dist'), electronVersion);
    const result = spawnSync(
      path.join(ROOT, 'node_modules', '.bin', 'electron-builder'),
      ['--linux', 'dir', '--x64', '--publish', 'never', `-c.electronDist=${dist}`, `-c.directories.output=${path.join(work, 'out')}`],
      { cwd: ROOT, encoding: 'utf8', timeout: 220_000, env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
    );
    if (result.status !== 0) throw new Error(`electron-builder failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
    appDir = path.join(work, 'out', 'linux-unpacked');
  });
  test.afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('the packaged binary has the fuses flipped as configured', () => {
    const fuses = readFuses(path.join(appDir, config.linux.executableName));
    for (const [fuse, wanted] of Object.entries(REQUIRED_FUSES)) expect(fuses[fuse], fuse).toBe(wanted);
    expect(fuses).toEqual(config.electronFuses);
  });

  test('the app loads from app.asar: main, preload, UI, and no source maps', () => {
    const archive = path.join(appDir, 'resources', 'app.asar');
    const files = new Set(asar.listPackage(archive, { isPack: false }).map((f) => f.replaceAll('\\', '/')));
    const packed = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main: string; version: string };
    expect(packed.version).toBe(pkg.version);
    for (const file of [packed.main, 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'dist/node/cli.js']) {
      expect(files.has(`/${file}`), file).toBe(true);
    }
    expect([...files].filter((f) => f.endsWith('.map') && !f.startsWith('/node_modules/'))).toEqual([]);
    // Only what `files` lists: no sources, tests or tooling.
    const topLevel = [...files].filter((f) => f.split('/').length === 2).sort();
    expect(topLevel).toEqual(['/assets', '/bin', '/dist', '/models', '/node_modules', '/package.json']);
    // The customer's PDF embeds these Korean fonts: a report without them would print empty boxes.
    for (const font of ['NotoSansKR-Subset-Regular.otf', 'NotoSansKR-Subset-Bold.otf', 'OFL.txt']) {
      expect(files.has(`/assets/fonts/${font}`), font).toBe(true);
    }
    for (const dep of ['electron-updater', '@sentry/electron', 'pino-roll', 'yazl', 'zod']) {
      expect(files.has(`/node_modules/${dep}/package.json`), dep).toBe(true);
    }
    for (const devOnly of ['electron', 'vitest', '@doyensec/electronegativity', 'sharp', 'typescript']) {
      expect(files.has(`/node_modules/${devOnly}/package.json`), `${devOnly} must not ship`).toBe(false);
    }
  });

  test('native modules and models sit unpacked, with only this platform’s binaries', () => {
    const unpacked = path.join(appDir, 'resources', 'app.asar.unpacked');
    const natives = fs
      .globSync('node_modules/**/*.{node,so,so.*,dll,dylib}', { cwd: unpacked })
      .map((f) => f.replaceAll('\\', '/'))
      .sort();
    expect(natives).toContain('node_modules/better-sqlite3/prebuilds/linux-x64.node');
    expect(natives).toContain('node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node');
    expect(natives.some((f) => f.startsWith('node_modules/@serialport/bindings-cpp/prebuilds/linux-x64/'))).toBe(true);
    const foreign = natives.filter((f) => /darwin|win32|arm64|\.dll$|\.dylib$/.test(f));
    expect(foreign, 'binaries for other platforms are left out').toEqual([]);
    const models = fs.globSync('models/**/*', { cwd: ROOT }).filter((f) => !f.startsWith(path.join('models', 'training')) && fs.statSync(path.join(ROOT, f)).isFile());
    for (const model of models) expect(fs.existsSync(path.join(unpacked, model)), model).toBe(true);
    // The serial process and the diagnosis workers start from real files next to the natives they load.
    for (const entry of ['dist/node/serial-child.js', 'dist/node/diagnosis-worker.js']) {
      expect(fs.existsSync(path.join(unpacked, entry)), entry).toBe(true);
    }
  });

  test('the updater is configured for GitHub releases', () => {
    const updateConfig = yaml.load(fs.readFileSync(path.join(appDir, 'resources', 'app-update.yml'), 'utf8')) as Record<string, string>;
    expect(updateConfig).toMatchObject({ provider: 'github', owner: 'signalcraft', repo: 'signalcraft-field' });
  });
});
