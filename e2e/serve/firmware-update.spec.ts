import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildImageSet } from '../../electron/node/testing/sensors/esp-images';
import { addSerialSensor } from '../support/firmware-sensor';
import { startRomEmulator } from '../support/rom-emulator';
import { expect, openApp, startServe, stopServe, test } from '../support/serve-app';

/**
 * A technician updates a USB sensor's firmware from the Sensors page: an emulated ESP32-S3 (ROM
 * bootloader and app, on a pty) running 1.0.0, the app carrying 1.1.0. A pty has no reset lines,
 * so the page asks for BOOT and EN, and the test presses them as the technician would.
 */
const ID = `sc-s3-e2e-${process.pid}`;

test('Update firmware on the Sensors page writes the new version, shows the steps, and the sensor comes back with it', async ({ page }) => {
  test.setTimeout(180_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-fw-e2e-'));
  const images = path.join(dir, 'images');
  fs.mkdirSync(images);
  const files = buildImageSet({ chip: 'esp32s3', version: '1.1.0', seed: 5 });
  const manifestFiles = files.map((f, i) => {
    fs.writeFileSync(path.join(images, `part-${i}.bin`), f.data);
    return { offset: f.offset, file: `part-${i}.bin`, sha256: createHash('sha256').update(f.data).digest('hex') };
  });
  fs.writeFileSync(path.join(images, 'manifest.json'), JSON.stringify({ version: '1.1.0', idfVersion: 'v5.3.2', images: [{ board: 'esp32s3', files: manifestFiles }] }));
  const emulator = await startRomEmulator({ chip: 'esp32s3', dir, link: 'ttyACM0', deviceId: ID, firmware: '1.0.0' });
  const serve = await startServe(path.join(dir, 'data'), [], { SIGNALCRAFT_FIRMWARE_DIR: images });
  try {
    await openApp(page, serve.url);
    await addSerialSensor(page, emulator.hostPath, ID);
    const row = page.getByRole('row', { name: ID });
    await row.getByRole('button', { name: 'Set up' }).click();
    const panel = page.getByRole('region', { name: 'Sensor firmware' });
    await expect(panel.getByText('This app carries firmware 1.1.0 for this sensor.')).toBeVisible({ timeout: 15_000 });
    await panel.getByRole('button', { name: 'Update firmware' }).click();

    // The technician's part, when the page asks for it.
    await expect(panel.getByText(/Now on the sensor: hold BOOT, press and release EN/)).toBeVisible({ timeout: 30_000 });
    await expect(panel.getByRole('progressbar', { name: 'Firmware update progress' })).toBeVisible();
    emulator.send('boot');
    await expect(panel.getByText('Press EN (RST) on the sensor to start the new firmware.')).toBeVisible({ timeout: 60_000 });
    emulator.send('reset');

    await expect(panel.getByRole('status').filter({ hasText: 'Updated: the sensor now runs firmware 1.1.0.' })).toBeVisible({ timeout: 30_000 });
    for (const f of files) expect(await emulator.md5(f.offset, f.data.length)).toBe(createHash('md5').update(f.data).digest('hex'));
    // Back on its live link, with the new version, and nothing more to offer.
    await expect(row.locator('.sensor-fw')).toHaveText('1.1.0', { timeout: 20_000 });
    await expect(row.locator('[data-state]')).toHaveText(/Connected/, { timeout: 20_000 });
  } finally {
    // Leave the page before its server stops, as the app fixture does: a reconnecting WebSocket
    // would log a refused connection and fail the test, depending on timing.
    await page.goto('about:blank').catch(() => undefined);
    await stopServe(serve.process);
    await emulator.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
