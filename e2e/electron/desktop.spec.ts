import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, type ElectronApplication, expect, type Page, test } from '@playwright/test';
import { findElectronBinary } from '../support/electron-binary';
import { addAsset, createSite, openByTag } from '../support/register-flow';
import { ROOT } from '../support/serve-app';

const binary = findElectronBinary();
if ('reason' in binary) console.log(`[electron e2e skipped] ${binary.reason}`);
test.skip('reason' in binary, 'reason' in binary ? binary.reason : '');

let app: ElectronApplication;
let page: Page;
let dataDir: string;

test.beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-electron-'));
  app = await electron.launch({
    executablePath: (binary as { path: string }).path,
    args: [ROOT, `--data-dir=${dataDir}`, '--no-sandbox'],
    env: { ...process.env, LANG: 'en_US.UTF-8' },
  });
  page = await app.firstWindow();
});
test.afterEach(async () => {
  await app.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('the desktop app registers a site and equipment through the preload bridge', async () => {
  // The app opens on Home (the day's work).
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
  await createSite(page, { name: 'Desktop Mart' });
  await addAsset(page, { name: 'Desktop compressor', tag: 'DESK-1' });
  await openByTag(page, 'desk-1');
  await expect(page.getByRole('heading', { level: 1, name: 'Desktop compressor' })).toBeVisible();
});

test('the window is isolated: no Node, only the two-function bridge, app:// origin, navigation denied', async () => {
  const surface = await page.evaluate(() => ({
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    bridge: Object.keys((window as unknown as { signalcraft: object }).signalcraft).sort(),
    origin: location.protocol + '//' + location.host,
  }));
  expect(surface).toEqual({ require: 'undefined', process: 'undefined', bridge: ['call', 'onEvent'], origin: 'app://signalcraft' });
  await page.evaluate(() => {
    location.href = 'https://example.com/';
  });
  // A navigation the main process denies never commits: wait for the page to answer a script (the
  // attempt has been decided by then) and check it is still the app.
  await page.evaluate(() => document.readyState);
  expect(page.url()).toMatch(/^app:\/\/signalcraft\//);
  const opened = await page.evaluate(() => window.open('https://example.com/') === null);
  expect(opened).toBe(true);
});
