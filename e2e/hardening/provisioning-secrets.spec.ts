import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { readZip } from '../../electron/node/testing/unzip';
import { addSerialSensor, type RunningFirmwareSensor, startFirmware } from '../support/firmware-sensor';
import { openApp, startServe, stopServe } from '../support/serve-app';

/**
 * A technician sets up a USB sensor (the firmware's host build on a pty) with a name and the
 * site's Wi-Fi from the Sensors page. The sensor stores them; the password is then searched for,
 * with the network name, in every log file (written at debug level) and in a diagnostics bundle.
 */
const SSID = 'Mart-Backroom-5G';
const PASSWORD = 'Cold-Room-Passw0rd!';

let sensor: RunningFirmwareSensor | null = null;
test.afterEach(async () => {
  await sensor?.close();
  sensor = null;
});

test('the Sensors page names a USB sensor and gives it the Wi-Fi; the credentials reach no log and no diagnostics bundle', async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-provision-'));
  const serve = await startServe(dataDir, [], { SIGNALCRAFT_LOG_LEVEL: 'debug' });
  sensor = await startFirmware({ deviceId: `fw-setup-${process.pid}`, usb: true });
  let bundle: string;
  try {
    await openApp(page, serve.url);
    await addSerialSensor(page, sensor.serialPath!, sensor.deviceId);
    const row = page.getByRole('row', { name: sensor.deviceId });
    await row.getByRole('button', { name: 'Set up' }).click();
    const panel = page.getByRole('region', { name: `Set up ${sensor.deviceId}` });
    await expect(panel.getByText('host build (no chip)')).toBeVisible({ timeout: 15_000 });
    await expect(panel.locator('[data-wifi]')).toHaveText('No network stored');

    // A password too short is caught before it leaves the page.
    await panel.getByLabel('Sensor name').fill('2층 냉동기');
    await panel.getByLabel('Network name (SSID)').fill(SSID);
    await panel.getByLabel('Wi-Fi password').fill('short');
    await panel.getByRole('button', { name: 'Save to the sensor' }).click();
    await expect(panel.getByRole('alert')).toContainText('Enter 8 to 63 letters');

    await panel.getByLabel('Wi-Fi password').fill(PASSWORD);
    await panel.getByRole('button', { name: 'Save to the sensor' }).click();
    await expect(panel.getByRole('status').filter({ hasText: 'Saved on the sensor.' })).toBeVisible({ timeout: 15_000 });
    await expect(panel.locator('[data-wifi]')).toHaveText('A network is stored');
    await expect(panel.getByLabel('Sensor name')).toHaveValue('2층 냉동기');
    await expect(panel.getByLabel('Wi-Fi password')).toHaveValue(''); // not kept on the page either
    // The sensor stored them (its flash, here a file standing in for NVS).
    expect(fs.readFileSync(path.join(path.dirname(sensor.serialPath!), 'nvs.txt'), 'utf8')).toContain(`ssid=${SSID}`);

    await page.getByRole('navigation').getByRole('link', { name: 'About', exact: true }).click();
    await page.getByRole('button', { name: 'Export diagnostics bundle' }).click();
    const saved = page.getByRole('status').filter({ hasText: 'Saved:' });
    await expect(saved).toBeVisible();
    bundle = /(\/\S+\.zip)/.exec((await saved.textContent()) ?? '')?.[1] ?? '';
  } finally {
    await stopServe(serve.process);
  }

  const logDir = path.join(dataDir, 'logs');
  const logs = fs.readdirSync(logDir).map((f) => fs.readFileSync(path.join(logDir, f), 'utf8')).join('\n');
  expect(logs.length).toBeGreaterThan(0);
  for (const secret of [PASSWORD, SSID]) expect(logs, `the Wi-Fi credentials in ${logDir}`).not.toContain(secret);
  expect(fs.existsSync(bundle), `the bundle at "${bundle}"`).toBe(true);
  const entries = await readZip(bundle);
  expect([...entries.keys()].some((name) => name.startsWith('logs/'))).toBe(true);
  for (const [name, content] of entries) {
    for (const secret of [PASSWORD, SSID]) expect(content.includes(secret), `${secret} in ${name} of the bundle`).toBe(false);
  }
  // Nor in the sensor's own output (what its serial console would show).
  expect(sensor!.output()).not.toContain(PASSWORD);
  fs.rmSync(dataDir, { recursive: true, force: true });
});
