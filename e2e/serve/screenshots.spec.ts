import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { fakeQrCamera } from '../support/fake-camera';
import { toneWav } from '../support/recording-flow';
import { addAsset, createSite } from '../support/register-flow';
import { type SimProcess, startSimulatedSensor } from '../support/sensor-sim';
import { expect, openApp, test } from '../support/serve-app';

/**
 * The README's pictures, made from a real run: `SIGNALCRAFT_SCREENSHOTS=docs/screenshots npx
 * playwright test e2e/serve/screenshots.spec.ts --workers=1`. Skipped otherwise (it only takes pictures).
 */
const SHOTS = process.env.SIGNALCRAFT_SCREENSHOTS ?? '';
const TAG = 'SHOT-QR-7';
// The camera films a damaged code, so the picture shows the scanner still looking (a readable one is read at once).
test.use(fakeQrCamera(TAG, { unreadable: true }));

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage });
}

test('screenshots of the dashboard, the visit page and the camera scan, light and dark', async ({ page, app }) => {
  test.skip(SHOTS === '', 'set SIGNALCRAFT_SCREENSHOTS to a folder to take the pictures');
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page, app.url);
  await shot(page, 'first-launch-light');
  const profile = page.getByRole('region', { name: 'Who is doing the work?' });
  await profile.getByLabel('Your name').fill('Kim Technician');
  await profile.getByLabel('Company').fill('Cool Service Co.');
  await profile.getByRole('button', { name: 'Save' }).click();

  await createSite(page, { name: 'Happy Mart Gangnam', customer: 'Happy Mart' });
  await addAsset(page, { name: 'Walk-in cooler compressor', kindLabel: 'Compressor', tag: TAG });
  await page.getByRole('button', { name: 'Start a visit' }).click();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-shots-'));
  await page.locator('input[type="file"][accept*=".flac"]').setInputFiles([1, 2, 3, 4].map((i) => toneWav(path.join(dir, `compressor-${i}.wav`), 2, 16000)));
  for (const i of [1, 2, 3, 4]) await expect(page.getByText(`compressor-${i}.wav imported.`)).toBeVisible({ timeout: 60_000 });
  const verdict = page.getByRole('region', { name: 'Verdict', exact: true });
  await expect(verdict.getByText('Some recordings are still being diagnosed')).toHaveCount(0, { timeout: 90_000 });
  await expect(page.locator('[data-finding-state="pending"]')).toHaveCount(0, { timeout: 90_000 });
  const visit = page.url();
  await shot(page, 'visit-light');
  await shot(page, 'visit-guided-light', true);

  await page.getByRole('link', { name: 'Home', exact: true }).click();
  await expect(page.locator('[data-open-visit]')).toHaveCount(1);
  await shot(page, 'dashboard-light');

  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByText('Dark (plant rooms)').click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await page.goto(visit);
  await expect(verdict).toBeVisible();
  await shot(page, 'visit-dark');
  await page.getByRole('link', { name: 'Home', exact: true }).click();
  await expect(page.locator('[data-open-visit]')).toHaveCount(1);
  await shot(page, 'dashboard-dark');

  await page.getByRole('button', { name: 'Scan with camera' }).click();
  await expect(page.getByText('Hold the tag (QR code or barcode) in the middle of the picture.')).toBeVisible({ timeout: 30_000 });
  await shot(page, 'camera-scan-dark');
  fs.rmSync(dir, { recursive: true, force: true });
});

let sim: SimProcess | null = null;
test.afterEach(async () => {
  await sim?.stop();
  sim = null;
});

test('screenshots of the sensors page with a connected sensor, light and dark', async ({ page, app }) => {
  test.skip(SHOTS === '', 'set SIGNALCRAFT_SCREENSHOTS to a folder to take the pictures');
  sim = await startSimulatedSensor();
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page, app.url);
  await page.getByRole('region', { name: 'Who is doing the work?' }).getByRole('button', { name: 'Later' }).click();
  await page.getByRole('link', { name: 'Sensors', exact: true }).click();
  const row = page.getByRole('row', { name: sim.deviceId });
  await row.getByRole('button', { name: 'Connect' }).click({ timeout: 20_000 });
  await expect(row.locator('[data-state]')).toHaveText(/Connected/, { timeout: 15_000 });
  await expect(row).toContainText(/frames/);
  await shot(page, 'sensors-light');
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByText('Dark (plant rooms)').click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await shot(page, 'settings-dark');
  await page.getByRole('link', { name: 'Sensors', exact: true }).click();
  await expect(row.locator('[data-state]')).toHaveText(/Connected/);
  await shot(page, 'sensors-dark');
});
