import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { formatFindings, scanElectronApp, stageBuiltApp } from '../../scripts/security/electron-scan';
import { ROOT } from '../support/serve-app';

/**
 * The Electron security scan as CI runs it (also `npm run scan:electron`): the built app passes,
 * and the gate does fail on the mistakes it exists to catch.
 */
test.describe.configure({ timeout: 120_000 });
const electronVersion = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;

test('the built app has no high or unreviewed finding', async () => {
  const staged = stageBuiltApp(ROOT);
  try {
    const result = await scanElectronApp(staged, electronVersion);
    expect(result.errors, 'main and preload must be readable by the scanner').toEqual([]);
    expect(result.failures, formatFindings(result.failures)).toEqual([]);
    // It did scan the shell: the reviewed preload finding points into the main bundle.
    expect(result.findings.map((f) => f.id)).toContain('PRELOAD_JS_CHECK');
  } finally {
    fs.rmSync(staged, { recursive: true, force: true });
  }
});

test('a window without isolation, sandbox, CSP, permission handler or navigation limits fails the gate', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-scan-bad-'));
  try {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'bad', main: 'main.js', devDependencies: { electron: electronVersion } }));
    fs.writeFileSync(
      path.join(dir, 'main.js'),
      [
        "const { app, BrowserWindow } = require('electron');",
        'app.whenReady().then(() => {',
        '  const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });',
        "  win.loadURL('https://example.com/');",
        '});',
        '',
      ].join('\n'),
    );
    const result = await scanElectronApp(dir, electronVersion);
    const high = result.failures.filter((f) => f.severity === 'HIGH').map((f) => f.id);
    expect(high).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']));
    expect(result.failures.map((f) => f.id), formatFindings(result.failures)).toEqual(
      expect.arrayContaining(['SANDBOX_JS_CHECK', 'CSP_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK']),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
