import type { Page } from '@playwright/test';
import { addSerialSensor, type RunningFirmwareSensor, startFirmware } from '../support/firmware-sensor';
import { recordFixed, showVisitDetails, startVisit } from '../support/recording-flow';
import { connectOnSensorsPage } from '../support/sensor-sim';
import { expect, openApp, test } from '../support/serve-app';

/**
 * Firmware in the loop, as a technician meets it: the sensor firmware's C core built for this
 * machine (firmware/host) on Wi-Fi and on USB, recorded for 10 s through the whole app.
 */
let sensor: RunningFirmwareSensor | null = null;
test.afterEach(async () => {
  await sensor?.close();
  sensor = null;
});

async function recordTenSeconds(page: Page, deviceId: string, asset: string): Promise<void> {
  await startVisit(page, asset);
  await showVisitDetails(page);
  await recordFixed(page, { kind: 'sensor', deviceId }, 10);
  const recordings = page.getByRole('region', { name: 'Recordings', exact: true });
  const sound = recordings.getByRole('row', { name: /Sound/ });
  await expect(sound).toContainText('10.0 s');
  await expect(sound).toContainText('Complete');
  await expect(recordings.getByRole('row', { name: /Vibration/ })).toContainText('10.0 s');
  await expect(recordings.getByRole('row', { name: /Readings/ })).toBeVisible();
  // The link's own count: not one frame lost.
  await expect(page.getByRole('table', { name: 'Sensor link health' }).getByRole('row', { name: deviceId })).toContainText('✔ 0');
}

test('the sensor firmware on Wi-Fi: found on mDNS, connected, 10 s recorded with no frame lost', async ({ page, app }) => {
  test.setTimeout(120_000);
  sensor = await startFirmware({ deviceId: `fw-wifi-${process.pid}`, wifi: true });
  await openApp(page, app.url);
  await connectOnSensorsPage(page, sensor.deviceId);
  await recordTenSeconds(page, sensor.deviceId, 'Walk-in freezer compressor');
  expect((await sensor.stats()).droppedSamples).toBe(0);
});

test('the sensor firmware on USB: added by its port, 10 s recorded with no frame lost', async ({ page, app }) => {
  test.setTimeout(120_000);
  sensor = await startFirmware({ deviceId: `fw-usb-${process.pid}`, usb: true });
  await openApp(page, app.url);
  await addSerialSensor(page, sensor.serialPath!, sensor.deviceId);
  await recordTenSeconds(page, sensor.deviceId, 'Reach-in cooler compressor');
  expect((await sensor.stats()).droppedSamples).toBe(0);
});
