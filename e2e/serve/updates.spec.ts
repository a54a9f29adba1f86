import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { bundleHarness } from '../../electron/node/testing/bundle-harness';
import { ROOT } from '../support/serve-app';

/**
 * The update UI driven by the real policy and electron-updater (electron/node/testing/
 * update-harness.ts: serve mode whose updater downloads from a local update server). What the
 * technician sees: the banner, the About page, an install that waits for a recording.
 */
let harnessFile: string;
let harness: ChildProcess | null = null;
let dataDir: string;
let output = '';

test.beforeAll(async () => {
  harnessFile = await bundleHarness('update-harness');
});
test.afterAll(() => fs.rmSync(harnessFile, { force: true }));

async function startHarness(env: Record<string, string> = {}): Promise<string> {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-updates-'));
  output = '';
  harness = spawn(process.execPath, [harnessFile], {
    cwd: ROOT,
    env: { ...process.env, HARNESS_DATA_DIR: dataDir, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  harness.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  harness.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  await expect.poll(() => output, { timeout: 20_000 }).toMatch(/running at http/);
  return /running at (\S+)/.exec(output)![1]!;
}

async function command(line: 'begin' | 'end'): Promise<void> {
  harness!.stdin!.write(`${line}\n`);
  await expect.poll(() => output).toContain(`${line} done`);
}

test.afterEach(async () => {
  if (harness && harness.exitCode === null) {
    const exited = new Promise((r) => harness!.once('exit', r));
    harness.kill('SIGTERM');
    await exited;
  }
  harness = null;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('an update downloads in the background, waits for the recording, and installs when it ends', async ({ page }) => {
  const url = await startHarness();
  await page.goto(url);
  const banner = page.getByRole('status').filter({ hasText: 'SignalCraft Field 0.2.0' });
  await expect(banner).toContainText('is ready', { timeout: 20_000 });

  // The technician starts recording, then asks to install: it waits and says why.
  await command('begin');
  await banner.getByRole('button', { name: 'Install and restart' }).click();
  await expect(banner).toContainText('installs when this finishes: recording (Recording Showcase compressor 1)');
  expect(output).not.toContain('installed');

  await page.getByRole('navigation').getByRole('link', { name: 'About', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Updates' });
  await expect(panel.getByRole('status')).toHaveText('Version 0.2.0 will be installed when this finishes: recording (Recording Showcase compressor 1).');
  await expect(panel.getByRole('button', { name: 'Don’t install yet' })).toBeVisible();

  // The recording ends: the update installs by itself.
  await command('end');
  await expect(banner).toContainText('Installing SignalCraft Field 0.2.0');
  await expect.poll(() => output).toContain('installed silent=true runAfter=true');
});

test('a download with the wrong checksum is discarded and the technician is told', async ({ page }) => {
  const url = await startHarness({ HARNESS_BAD_CHECKSUM: '1' });
  await page.goto(url);
  await page.getByRole('navigation').getByRole('link', { name: 'About', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Updates' });
  await expect(panel.getByRole('status')).toHaveText('The downloaded update was damaged and has been discarded. Nothing was installed.', {
    timeout: 20_000,
  });
  await expect(panel.getByRole('button', { name: 'Install and restart' })).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'is ready' })).toHaveCount(0);
  expect(output).not.toContain('installed');
});
