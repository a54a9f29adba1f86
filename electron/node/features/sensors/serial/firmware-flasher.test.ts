import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FirmwareProgress } from '../../../../../shared/contract/firmware';
import { silentLogger } from '../../../platform/logging/log';
import { nodeLauncher } from '../../../platform/process/launcher';
import { buildImageSet } from '../../../testing/sensors/esp-images';
import { type EmulatedChip, type EmulatorFaults, EspRomEmulator } from '../../../testing/sensors/esp-rom-emulator';
import { tempDir } from '../../../testing/fixtures';
import { bundleSerialChild } from '../../../testing/sensors/serial-child-bundle';
import { flashSensor, type FlashJob } from './firmware-flasher';
import { awaitHello } from './firmware-hello';
import { FlashPort } from './firmware-port';
import { SerialHost } from './serial-host';

// Images differ per run; the seed is printed so a failing run can be repeated (FLASH_SEED=<n>).
const SEED = Number(process.env.FLASH_SEED ?? Math.floor(Math.random() * 1_000_000));
console.log(`firmware-flasher.test: FLASH_SEED=${SEED}`);

let child: { entry: string; cleanup: () => void };
let host: SerialHost;
let dir: { dir: string; cleanup: () => void };
const emulators: EspRomEmulator[] = [];

beforeAll(async () => {
  child = bundleSerialChild();
  host = new SerialHost(nodeLauncher, child.entry, silentLogger());
  await host.start();
  dir = tempDir('scf-flash-');
});
afterEach(async () => {
  for (const e of emulators.splice(0)) await e.unplug();
});
afterAll(async () => {
  await host.stop();
  child.cleanup();
  dir.cleanup();
});

/**
 * One update against an emulated board on a real pty, through the real serial process. The test
 * plays the technician: it holds BOOT and presses EN when the updater asks (a pty has no reset lines).
 */
async function update(options: { chip: EmulatedChip; board: FlashJob['board']; faults?: (e: EspRomEmulator) => EmulatorFaults; name: string }) {
  const emulator = new EspRomEmulator({ chip: options.chip, dir: dir.dir, linkName: options.name, deviceId: 'sc-a1b2c3', firmwareVersion: '1.0.0' });
  if (options.faults) emulator.faults = options.faults(emulator);
  emulators.push(emulator);
  await emulator.plug();
  const before = createHash('md5').update(emulator.flash).digest('hex');
  const files = buildImageSet({ chip: options.board, version: '1.1.0', seed: SEED });
  const steps: FirmwareProgress['step'][] = [];
  const log: string[] = [];
  const writing: { fileIndex: number; bytesDone: number; bytesTotal: number }[] = [];
  const port = new FlashPort({ open: (baud) => host.open(emulator.hostPath, baud), usb: null });
  const outcome = await flashSensor(
    { deviceId: 'sc-a1b2c3', board: options.board, nativeUsb: options.board === 'esp32s3', flashBytes: 4 * 1024 * 1024, files, to: '1.1.0' },
    {
      port,
      log: (line) => log.push(line),
      byHandMs: 30_000,
      progress: (p) => {
        if (steps.at(-1) !== p.step) steps.push(p.step);
        if (p.step === 'writing') writing.push(p);
        if (p.step === 'bootloader-by-hand') emulator.pressReset({ boot: true });
        if (p.step === 'restart-by-hand') emulator.pressReset({ boot: false });
      },
      awaitHello: (byHand) => awaitHello(() => host.open(emulator.hostPath, 921_600), byHand ? 30_000 : 5000),
    },
  );
  if (!outcome.ok) console.log(`${options.name}: ${outcome.message}\n  esptool-js: ${log.join(' | ')}\n  ROM saw: ${emulator.commands.join(' ')}`);
  return { emulator, outcome, steps, writing, files, before };
}

describe('writing firmware to a sensor in its ROM bootloader (esptool-js, emulated chip on a pty)', () => {
  for (const chip of ['esp32', 'esp32s3'] as const) {
    it(`${chip}: the images end up in flash at their offsets, verified, and the sensor says it runs the new version`, async () => {
      const { emulator, outcome, steps, writing, files } = await update({ chip, board: chip, name: `ok-${chip}` });
      expect(outcome.ok ? outcome : outcome.message).toMatchObject({ ok: true, chip: chip === 'esp32' ? 'ESP32' : 'ESP32-S3' });
      for (const f of files) {
        const inFlash = emulator.flash.subarray(f.offset, f.offset + f.data.length);
        expect(Buffer.compare(inFlash, f.data), `image at 0x${f.offset.toString(16)}`).toBe(0);
        expect(emulator.md5(f.offset, f.data.length)).toBe(createHash('md5').update(f.data).digest('hex'));
      }
      // A pty has no reset lines: both resets were asked of the technician, in this order.
      expect(steps).toEqual(['bootloader', 'bootloader-by-hand', 'detected', 'writing', 'verifying', 'restarting', 'restart-by-hand']);
      // Every image was written to its end, its progress never going back.
      for (const [i] of files.entries()) {
        const mine = writing.filter((w) => w.fileIndex === i && w.bytesTotal > 0);
        expect(mine.at(-1)!.bytesDone).toBe(mine.at(-1)!.bytesTotal);
        expect(mine.every((w, k) => k === 0 || w.bytesDone >= mine[k - 1]!.bytesDone)).toBe(true);
      }
      const seen = emulator.commands.filter((c, i, all) => c !== all[i - 1]);
      const expected = chip === 'esp32'
        ? ['SYNC', 'SECURITY_INFO', 'READ_REG', 'CHANGE_BAUDRATE', 'READ_REG', 'SPI_ATTACH', 'SPI_SET_PARAMS', 'DEFL_BEGIN', 'DEFL_DATA']
        : ['SYNC', 'SECURITY_INFO', 'SPI_ATTACH', 'SPI_SET_PARAMS', 'DEFL_BEGIN', 'DEFL_DATA'];
      expect(seen.slice(0, expected.length)).toEqual(expected);
      expect(seen.slice(-1)).toEqual(['MD5']);
      expect(emulator.mode).toBe('app');
    }, 120_000);
  }

  it('refuses a board of another chip than the sensor said, writing nothing', async () => {
    const { emulator, outcome, before } = await update({ chip: 'esp32', board: 'esp32s3', name: 'wrong-chip' });
    expect(outcome).toMatchObject({ ok: false, failure: 'wrong-chip', written: false });
    expect(outcome.ok ? '' : outcome.message).toMatch(/is an ESP32, not the ESP32-S3.*Nothing was written/);
    expect(emulator.commands).not.toContain('DEFL_BEGIN');
    expect(createHash('md5').update(emulator.flash).digest('hex')).toBe(before);
  }, 120_000);

  it('stops with the cable to blame when the answers arrive garbled, and claims nothing', async () => {
    const { emulator, outcome, steps } = await update({ chip: 'esp32', board: 'esp32', name: 'garbled', faults: () => ({ garbleFromBlock: 5 }) });
    expect(outcome).toMatchObject({ ok: false, failure: 'write-failed', written: true });
    expect(outcome.ok ? '' : outcome.message).toMatch(/Check the USB cable.*update again/);
    expect(steps).not.toContain('verifying');
    // What was half written does not start.
    emulator.pressReset({ boot: false });
    expect(emulator.mode).toBe('dead');
  }, 120_000);

  it('says the cable was pulled when the port vanishes mid-write, and claims nothing', async () => {
    const faults = (e: EspRomEmulator): EmulatorFaults => ({ onBlock: (seq) => void (seq === 10 && e.unplug()) });
    const run = await update({ chip: 'esp32', board: 'esp32', name: 'unplugged', faults });
    expect(run.outcome).toMatchObject({ ok: false, failure: 'port-lost', written: true });
    expect(run.outcome.ok ? '' : run.outcome.message).toMatch(/lost while writing.*hold BOOT and press EN/);
    expect(run.steps).not.toContain('verifying');
  }, 120_000);
});
