import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SensorBoardInfo } from '../../../../../shared/contract/sensors';
import { silentLogger } from '../../../platform/logging/log';
import { nodeLauncher } from '../../../platform/process/launcher';
import { tempDir } from '../../../testing/fixtures';
import { buildFirmwareSensor, startFirmwareSensor } from '../../../testing/sensors/firmware-sensor';
import { eventually, testHub } from '../../../testing/sensors/hub-fixture';
import { bundleSerialChild } from '../../../testing/sensors/serial-child-bundle';
import { compareVersions, planFirmwareUpdate, recognizeBoard } from './firmware-update';
import { SerialHost } from './serial-host';

const WROOM: SensorBoardInfo = {
  deviceId: 'sc-a1b2c3',
  name: '',
  firmwareVersion: '0.1.0',
  model: 'SignalCraft ESP32 sensor',
  chip: 'ESP32 rev 3.0, 2 cores',
  idfVersion: 'v5.3.2',
  mac: '24:0a:c4:a1:b2:c3',
  flashBytes: 4 * 1024 * 1024,
  ip: '',
  apSsid: '',
  wifiConfigured: false,
  wifiConnected: false,
  apActive: false,
  canProvision: true,
};
const CP210X = { vendorId: '10c4', productId: 'ea60' };

let images: { dir: string; cleanup: () => void };
beforeAll(() => {
  images = tempDir('scf-fw-images-');
  const app = Buffer.from('not really an ESP32 image, but bytes with a checksum');
  fs.writeFileSync(path.join(images.dir, 'signalcraft_sensor-esp32.bin'), app);
  const manifest = {
    version: '0.2.0',
    idfVersion: 'v5.3.2',
    images: [{ board: 'esp32', files: [{ offset: 0x10000, file: 'signalcraft_sensor-esp32.bin', sha256: createHash('sha256').update(app).digest('hex') }] }],
  };
  fs.writeFileSync(path.join(images.dir, 'manifest.json'), JSON.stringify(manifest));
});
afterAll(() => images.cleanup());

describe('sensor firmware updates', () => {
  it('flashes a recognised board with a newer, intact image', () => {
    expect(planFirmwareUpdate({ info: WROOM, usb: CP210X, imagesDir: images.dir })).toMatchObject({
      kind: 'flash',
      board: 'esp32',
      from: '0.1.0',
      to: '0.2.0',
      files: [{ offset: 0x10000 }],
    });
  });

  it('refuses, saying why, everything else', () => {
    const plan = (info: Partial<SensorBoardInfo>, usb: typeof CP210X | null = CP210X, dir = images.dir) => planFirmwareUpdate({ info: { ...WROOM, ...info }, usb, imagesDir: dir });
    expect(plan({ canProvision: false })).toMatchObject({ kind: 'refuse', reason: 'not-usb' });
    expect(plan({ chip: 'ESP32-C3 rev 0.4' })).toMatchObject({ kind: 'refuse', reason: 'unknown-board' });
    expect(plan({ model: 'Some other vendor’s logger' })).toMatchObject({ kind: 'refuse', reason: 'unknown-board' });
    // Says it is a WROOM-32, but answers through the S3's native USB (or a port that is no ESP32 bridge).
    expect(plan({}, { vendorId: '303a', productId: '1001' })).toMatchObject({ kind: 'refuse', reason: 'bridge-mismatch' });
    expect(plan({}, { vendorId: '2341', productId: '0043' })).toMatchObject({ kind: 'refuse', reason: 'bridge-mismatch' });
    expect(plan({ chip: 'ESP32-S3 rev 0.2, 2 cores' }, { vendorId: '303a', productId: '1001' })).toMatchObject({ kind: 'refuse', reason: 'no-image' });
    expect(plan({ firmwareVersion: '0.2.0' })).toMatchObject({ kind: 'refuse', reason: 'up-to-date' });
    expect(plan({ firmwareVersion: '1.0.0' })).toMatchObject({ kind: 'refuse', reason: 'up-to-date' });
    const empty = tempDir('scf-fw-none-');
    expect(plan({}, CP210X, empty.dir)).toMatchObject({ kind: 'refuse', reason: 'no-images' });
    fs.writeFileSync(path.join(empty.dir, 'manifest.json'), '{"version":"x"}');
    expect(plan({}, CP210X, empty.dir)).toMatchObject({ kind: 'refuse', reason: 'bad-image' });
    empty.cleanup();
    // A damaged image file is caught before anything is written.
    const bin = path.join(images.dir, 'signalcraft_sensor-esp32.bin');
    const good = fs.readFileSync(bin);
    fs.writeFileSync(bin, Buffer.concat([good, Buffer.of(0)]));
    expect(plan({})).toMatchObject({ kind: 'refuse', reason: 'bad-image' });
    fs.writeFileSync(bin, good);
  });

  it('orders versions as semver does', () => {
    expect(compareVersions('0.2.0', '0.1.9')).toBe(1);
    expect(compareVersions('0.10.0', '0.9.0')).toBe(1);
    expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBe(-1);
    expect(compareVersions('1.4.0-sim', '1.4.0-sim')).toBe(0);
    expect(recognizeBoard({ chip: 'ESP32-S3 rev 0.2, 2 cores', model: 'SignalCraft ESP32-S3 sensor' }, null)).toBe('esp32s3');
  });

  it('refuses the firmware’s host build, asked over a real pty, as a board it does not recognise', async () => {
    buildFirmwareSensor();
    const child = bundleSerialChild();
    const { dir, cleanup } = tempDir('scf-fw-flash-');
    const fw = await startFirmwareSensor({ deviceId: 'fw-flash-1', ptyDir: dir });
    const t = testHub({ serial: new SerialHost(nodeLauncher, child.entry, silentLogger()), simulatorPortDir: dir });
    try {
      await t.hub.start();
      await eventually('found', () => t.hub.snapshot().entries.find((e) => e.key === 'fw-flash-1'), 15_000);
      t.hub.connect('fw-flash-1');
      await eventually('connected', () => t.hub.health('fw-flash-1')?.state === 'connected', 15_000);
      const info = await t.hub.boardInfo('fw-flash-1');
      expect(planFirmwareUpdate({ info, usb: null, imagesDir: images.dir })).toMatchObject({ kind: 'refuse', reason: 'unknown-board' });
    } finally {
      await fw.stop();
      await t.close();
      child.cleanup();
      cleanup();
    }
  }, 60_000);
});
