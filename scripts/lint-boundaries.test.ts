import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The architecture's boundaries are lint rules (eslint.config.js). These tests write small probe
 * files into each runtime's folder, lint them with the project's real configuration, and check
 * that crossing a boundary fails the lint (and that allowed imports pass).
 */
const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });
const probes: string[] = [];

// The first lint builds the TypeScript program for the whole project (type-aware rules): tens of
// seconds on a loaded 2-core machine. Paid once here, so no single test's timeout absorbs it.
beforeAll(async () => {
  await eslint.lintText('export {};\n', { filePath: path.join(root, 'shared', 'lint-probe-warmup.ts') });
}, 180_000);

afterAll(() => {
  for (const file of probes) fs.rmSync(file, { force: true });
});

async function violations(relativeFile: string, code: string) {
  const file = path.join(root, relativeFile);
  probes.push(file);
  fs.writeFileSync(file, code);
  const [result] = await eslint.lintFiles([file]);
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax' || m.ruleId === 'fence/feature-fence');
}

async function restrictedImports(relativeFile: string, code: string): Promise<string[]> {
  return (await violations(relativeFile, code)).map((m) => m.message);
}

/** The lines that broke a boundary (one import may break several rules). */
async function offendingLines(relativeFile: string, code: string): Promise<number[]> {
  return [...new Set((await violations(relativeFile, code)).map((m) => m.line))].sort((a, b) => a - b);
}

const probeName = (dir: string, ext = 'ts') => `${dir}/lint-probe-${process.pid}-${probes.length}.${ext}`;
/** A probe named as a test file: the fence applies to tests too. */
const testProbeName = (dir: string) => `${dir}/lint-probe-${process.pid}-${probes.length}.test.ts`;

describe('architecture boundaries', () => {
  it('fails when the renderer imports electron', async () => {
    const messages = await restrictedImports(probeName('renderer/src'), "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n");
    expect(messages.join('\n')).toMatch(/Only the Electron shell/);
  });

  it('fails when the back-end core imports electron', async () => {
    const messages = await restrictedImports(probeName('electron/node'), "import { app } from 'electron';\nexport const x = app;\n");
    expect(messages.join('\n')).toMatch(/Only the Electron shell/);
  });

  it('fails when shared code imports electron or a Node built-in', async () => {
    const lines = await offendingLines(
      probeName('shared'),
      "import fs from 'node:fs';\nimport path from 'path';\nimport { app } from 'electron';\nexport const x = [fs, path, app];\n",
    );
    expect(lines).toEqual([1, 2, 3]);
  });

  it('fails when the renderer imports Node, a native module or back-end code', async () => {
    const lines = await offendingLines(
      probeName('renderer/src'),
      [
        "import fs from 'node:fs';",
        "import os from 'os';",
        "import Database from 'better-sqlite3';",
        "import { SerialPort } from 'serialport';",
        "import { createBackend } from '../../electron/node/hosts/backend';",
        'export const x = [fs, os, Database, SerialPort, createBackend];',
        '',
      ].join('\n'),
    );
    expect(lines).toEqual([1, 2, 3, 4, 5]);
  });

  it('lets the renderer use browser packages whose names contain "electron", but not the shell or back end', async () => {
    const lines = await offendingLines(
      probeName('renderer/src'),
      [
        "import { init } from '@sentry/electron/renderer';",
        "import { app } from 'electron';",
        "import { handleIpcCall } from '../../electron/main/ipc-handler';",
        "import { Dispatcher } from '../../electron/node/platform/api/dispatcher';",
        'export const x = [init, app, handleIpcCall, Dispatcher];',
        '',
      ].join('\n'),
    );
    expect(lines).toEqual([2, 3, 4]);
  });

  it('fails on hard-coded text in the UI', async () => {
    const messages = await restrictedImports(
      probeName('renderer/src', 'tsx'),
      'export const X = () => <button title="Delete">Delete everything</button>;\n',
    );
    expect(messages.join('\n')).toMatch(/i18n catalogs/);
    expect(messages).toHaveLength(2);
  });

  it('lets the Electron shell import electron and the back end', async () => {
    const messages = await restrictedImports(
      probeName('electron/main'),
      "import { app } from 'electron';\nimport { createBackend } from '../node/hosts/backend';\nexport const x = [app, createBackend];\n",
    );
    expect(messages).toEqual([]);
  });

  it('lets tools and benchmarks import back-end code (a path through electron/ is not electron)', async () => {
    const messages = await restrictedImports(
      probeName('scripts'),
      "import { openDatabase } from '../electron/node/platform/storage/database';\nexport const x = openDatabase;\n",
    );
    expect(messages).toEqual([]);
  });

  it('lets the renderer import the shared contract', async () => {
    const messages = await restrictedImports(
      probeName('renderer/src'),
      "import { ApiClient } from '../../shared/contract';\nexport const x = ApiClient;\n",
    );
    expect(messages).toEqual([]);
  });

  describe('the back-end feature fence', () => {
    it("fails on a test's import of another feature's internal file", async () => {
      const messages = await restrictedImports(
        testProbeName('electron/node/features/recording'),
        "import { DeviceLink } from '../sensors/link/device-link';\nexport const x = DeviceLink;\n",
      );
      expect(messages.join('\n')).toMatch(/Import 'sensors' \(its index\.ts\), not its internal file sensors\/link\/device-link/);
    });

    it("lets a feature use another's public entry, and its own files", async () => {
      const messages = await restrictedImports(
        probeName('electron/node/features/insight'),
        "import { analyze } from '../diagnosis';\nimport { insightFeature } from './insight-feature';\nexport const x = [analyze, insightFeature];\n",
      );
      expect(messages).toEqual([]);
    });

    it("keeps another feature's test support out of production code, and lets tests use it", async () => {
      const code = "import { recordingBackend } from '../../testing/recording';\nexport const x = recordingBackend;\n";
      expect((await restrictedImports(probeName('electron/node/features/sync'), code)).join('\n')).toMatch(/testing\/recording is test support/);
      expect(await restrictedImports(testProbeName('electron/node/features/sync'), code)).toEqual([]);
    });

    it('fails when the platform depends on a feature, even through its public entry', async () => {
      const messages = await restrictedImports(probeName('electron/node/platform/storage'), "import { recordingFeature } from '../../features/recording';\nexport const x = recordingFeature;\n");
      expect(messages.join('\n')).toMatch(/The platform must not depend on a feature \(recording\)/);
    });

    it('lets only hosts and tests start the app: a feature importing hosts/ fails', async () => {
      const code = "import { createBackend } from '../../hosts/backend';\nexport const x = createBackend;\n";
      expect((await restrictedImports(probeName('electron/node/features/sync'), code)).join('\n')).toMatch(/Only hosts .* may use hosts\//);
      expect(await restrictedImports(testProbeName('electron/node/features/sync'), code)).toEqual([]);
    });

    it("lets a feature's test support use that feature's internals, and no other's", async () => {
      const own = "import { RecordingsRepository } from '../../features/recording/recordings-repository';\nexport const x = RecordingsRepository;\n";
      expect(await restrictedImports(probeName('electron/node/testing/recording'), own)).toEqual([]);
      const other = "import { DeviceLink } from '../../features/sensors/link/device-link';\nexport const x = DeviceLink;\n";
      expect((await restrictedImports(probeName('electron/node/testing/recording'), other)).join('\n')).toMatch(/Import 'sensors' \(its index\.ts\)/);
    });

    it('sees through deeper folders and dynamic imports', async () => {
      const lines = await offendingLines(
        probeName('electron/node/features/sensors/link'),
        "import { ClockEstimator } from './clock';\nexport const load = () => import('../../reports/pdf-chart');\nexport const x = ClockEstimator;\n",
      );
      expect(lines).toEqual([2]);
    });
  });
});
