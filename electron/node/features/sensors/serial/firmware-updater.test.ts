import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FirmwareProgress } from '../../../../../shared/contract/firmware';
import { silentLogger } from '../../../platform/logging/log';
import { nodeLauncher } from '../../../platform/process/launcher';
import { buildImageSet } from '../../../testing/sensors/esp-images';
import { EspRomEmulator } from '../../../testing/sensors/esp-rom-emulator';
import { tempDir } from '../../../testing/fixtures';
import { eventually, type TestHub, testHub } from '../../../testing/sensors/hub-fixture';
import { bundleSerialChild } from '../../../testing/sensors/serial-child-bundle';
import { FirmwareUpdater } from './firmware-updater';
import { SerialHost } from './serial-host';

const SEED = Number(process.env.FLASH_SEED ?? Math.floor(Math.random() * 1_000_000));
console.log(`firmware-updater.test: FLASH_SEED=${SEED}`);
const ID = 'sc-s3-0001';

let child: { entry: string; cleanup: () => void };
let dir: { dir: string; cleanup: () => void };
let t: TestHub;
let emulator: EspRomEmulator;
let updater: FirmwareUpdater;
const progress: FirmwareProgress[] = [];
const files = () => buildImageSet({ chip: 'esp32s3', version: '1.1.0', seed: SEED });

beforeAll(async () => {
  child = bundleSerialChild();
  dir = tempDir('scf-fw-update-');
  // The images as scripts/firmware-images.mjs lays them out after an ESP-IDF build.
  const images = path.join(dir.dir, 'images');
  fs.mkdirSync(images);
  const manifestFiles = files().map((f, i) => {
    const file = `s3-${i}.bin`;
    fs.writeFileSync(path.join(images, file), f.data);
    return { offset: f.offset, file, sha256: createHash('sha256').update(f.data).digest('hex') };
  });
  fs.writeFileSync(path.join(images, 'manifest.json'), JSON.stringify({ version: '1.1.0', idfVersion: 'v5.3.2', images: [{ board: 'esp32s3', files: manifestFiles }] }));

  emulator = new EspRomEmulator({ chip: 'esp32s3', dir: dir.dir, linkName: 'ttyACM-s3', deviceId: ID, firmwareVersion: '1.0.0' });
  await emulator.plug();
  const serial = new SerialHost(nodeLauncher, child.entry, silentLogger());
  t = testHub({ serial });
  await t.hub.start();
  updater = new FirmwareUpdater({
    hub: t.hub,
    serial,
    imagesDir: images,
    log: silentLogger(),
    byHandMs: 30_000,
    emit: (p) => {
      progress.push(p);
      // The technician, asked by the page: BOOT held while pressing EN, then EN alone.
      if (p.step === 'bootloader-by-hand') emulator.pressReset({ boot: true });
      if (p.step === 'restart-by-hand') emulator.pressReset({ boot: false });
    },
  });
  // Added by hand, as a technician would type the port (a scan already running makes the first try miss it).
  await eventually('the port added', () => t.hub.add({ kind: 'serial', path: emulator.hostPath, baudRate: 921_600 }).catch(() => null));
  await eventually('the emulated S3 found', () => t.hub.snapshot().entries.find((e) => e.key === ID), 20_000);
  t.hub.connect(ID);
  await eventually('the emulated S3 connected', () => t.hub.health(ID)?.state === 'connected', 20_000);
});
afterAll(async () => {
  await t?.close();
  await emulator?.unplug();
  child.cleanup();
  dir.cleanup();
});

describe('sensors.firmware.* against an emulated ESP32-S3 behind the sensor hub', () => {
  it('offers the update, refuses it while the sensor is recorded, then updates it and the sensor streams again with the new version', async () => {
    expect(await updater.check(ID)).toMatchObject({ action: 'flash', board: 'esp32s3', from: '1.0.0', to: '1.1.0' });

    // A recording holds the sensor: no update, and the sensor keeps streaming.
    const off = t.hub.subscribe(ID, () => undefined);
    const refused = await updater.update(ID);
    off();
    expect(refused).toMatchObject({ outcome: 'refused', reason: 'recording', written: false });
    expect(refused.message).toMatch(/Stop the recording/);
    expect(emulator.commands).toEqual([]);

    let sawHeld = false;
    const watch = setInterval(() => {
      if (progress.at(-1)?.step === 'writing' && t.hub.updating(ID) && !t.hub.connected().some((d) => d.deviceId === ID)) sawHeld = true;
    }, 20);
    const result = await updater.update(ID);
    clearInterval(watch);
    expect(result).toMatchObject({ outcome: 'updated', reason: null, written: true, from: '1.0.0', to: '1.1.0' });
    // While writing, the sensor was neither offered for recording nor probed by the hub.
    expect(sawHeld).toBe(true);
    for (const f of files()) expect(Buffer.compare(emulator.flash.subarray(f.offset, f.offset + f.data.length), f.data)).toBe(0);
    expect(progress.every((p) => p.deviceId === ID)).toBe(true);

    // Handed back: the hub reconnects it and it reports the new firmware.
    await eventually('reconnected with 1.1.0', () => t.hub.snapshot().entries.find((e) => e.key === ID && e.state === 'connected' && e.firmwareVersion === '1.1.0'), 20_000);
    expect(t.hub.updating(ID)).toBe(false);
    expect(await updater.check(ID)).toMatchObject({ action: 'refuse', reason: 'up-to-date' });
  }, 120_000);
});
