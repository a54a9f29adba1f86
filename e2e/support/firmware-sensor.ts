import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Bonjour } from 'bonjour-service';
import type { Page } from '@playwright/test';
import { SENSOR_SERVICE_TYPE, sensorTxt } from '../../electron/node/features/sensors/lan/mdns';
import { buildFirmwareSensor, type FirmwareSensor, startFirmwareSensor } from '../../electron/node/testing/sensors/firmware-sensor';
import { expect } from './serve-app';

export interface RunningFirmwareSensor extends FirmwareSensor {
  close(): Promise<void>;
}

/**
 * The sensor firmware's core built for this machine (firmware/host), as a technician's sensor: on
 * Wi-Fi (TCP, advertised on mDNS here as the chip's mDNS responder does) or on a USB-like pty in a
 * private folder (added by its path on the Sensors page).
 */
export async function startFirmware(options: { deviceId: string; wifi?: boolean; usb?: boolean }): Promise<RunningFirmwareSensor> {
  buildFirmwareSensor();
  const ptyDir = options.usb ? fs.mkdtempSync(path.join(os.tmpdir(), 'scf-fw-usb-')) : undefined;
  const sensor = await startFirmwareSensor({
    deviceId: options.deviceId,
    tcp: options.wifi ?? false,
    ...(ptyDir ? { ptyDir, state: path.join(ptyDir, 'nvs.txt') } : {}),
    args: options.wifi ? ['--host', '0.0.0.0'] : [],
  });
  let bonjour: Bonjour | null = null;
  if (options.wifi) {
    bonjour = new Bonjour();
    bonjour.publish({
      name: `SignalCraft sensor ${options.deviceId}`,
      type: SENSOR_SERVICE_TYPE,
      protocol: 'tcp',
      port: sensor.tcpPort!,
      txt: sensorTxt(options.deviceId, '0.1.0', 'SignalCraft ESP32 sensor (host build)'),
    });
  }
  return {
    ...sensor,
    close: async () => {
      await sensor.stop();
      if (bonjour) {
        const b = bonjour;
        await new Promise<void>((resolve) => b.unpublishAll(() => resolve()));
        await new Promise<void>((resolve) => b.destroy(() => resolve()));
      }
      if (ptyDir) fs.rmSync(ptyDir, { recursive: true, force: true });
    },
  };
}

/** Adds a USB sensor by its port path on the Sensors page and waits until it is connected. */
export async function addSerialSensor(page: Page, portPath: string, deviceId: string): Promise<void> {
  await page.getByRole('link', { name: 'Sensors', exact: true }).click();
  await page.getByLabel('Connection').selectOption('serial');
  await page.getByLabel(/Serial port path/).fill(portPath);
  await page.getByRole('button', { name: 'Add and connect' }).click();
  const row = page.getByRole('row', { name: deviceId });
  // The port's first probe (the hub's scan) may win the race with the add's own: then it is only found.
  await expect(row.locator('[data-state]')).toHaveText(/Found|Connected/, { timeout: 20_000 });
  const connect = row.getByRole('button', { name: 'Connect' });
  if (await connect.isVisible()) await connect.click();
  await expect(row.locator('[data-state]')).toHaveText(/Connected/, { timeout: 20_000 });
}
