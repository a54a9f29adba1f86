import { createHash } from 'node:crypto';
import { ESPLoader, type IEspLoaderTerminal, Transport } from 'esptool-js';
import type { FirmwareFailure, FirmwareProgress, FirmwareStep } from '../../../../../shared/contract/firmware';
import type { Board } from './firmware-update';
import type { FlashPort } from './firmware-port';

/**
 * Writing firmware images to a sensor in its ROM bootloader with esptool-js, and confirming that
 * it starts them. Always the ROM loader, never esptool's RAM stub: what is on the wire is then
 * exactly Espressif's documented ROM protocol (docs/protocol.md, "Sensor firmware updates"), the
 * one the test emulator implements. The ROM writes each block before it answers, so this is
 * slower than a stub (about 10 s for 1 MB at 460,800 baud on a UART bridge) and never wrong.
 */

/** The ROM bootloader always starts at this speed. */
export const ROM_BAUD = 115_200;
/** Over a USB-UART bridge, after SYNC; the S3's native USB ignores baud rates. */
export const FLASH_BAUD = 460_800;

const CHIP_NAMES: Record<Board, string> = { esp32: 'ESP32', esp32s3: 'ESP32-S3' };
const ROM_BLOCK = 0x400;
const ESP_SPI_SET_PARAMS = 0x0b;
const ESP_SPI_ATTACH = 0x0d;
const ESP_SPI_FLASH_MD5 = 0x13;

export interface FlashJob {
  deviceId: string;
  board: Board;
  /** The S3's own USB (USB-Serial/JTAG) rather than a USB-UART bridge. */
  nativeUsb: boolean;
  flashBytes: number;
  files: { offset: number; data: Uint8Array }[];
  /** The version the sensor must report after the update. */
  to: string;
}

export interface FlashDeps {
  port: FlashPort;
  progress: (p: Omit<FirmwareProgress, 'deviceId'>) => void;
  /**
   * Reads the sensor's HELLO after its restart (the port is free again by then); null when none
   * came within the time. `byHand`: the technician has to press EN, so wait longer.
   */
  awaitHello: (byHand: boolean) => Promise<{ deviceId: string; firmwareVersion: string } | null>;
  log: (message: string) => void;
  /** How long the technician gets to put the board into its bootloader by hand. */
  byHandMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type FlashOutcome =
  | { ok: true; chip: string; bytesWritten: number }
  | { ok: false; failure: FirmwareFailure; message: string; written: boolean };

class FlashError extends Error {
  constructor(
    readonly failure: FirmwareFailure,
    message: string,
    readonly written: boolean,
  ) {
    super(message);
  }
}

export async function flashSensor(job: FlashJob, deps: FlashDeps): Promise<FlashOutcome> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const step = (s: FirmwareStep, extra: Partial<Omit<FirmwareProgress, 'deviceId' | 'step'>> = {}) =>
    deps.progress({ step: s, fileIndex: 0, fileCount: job.files.length, bytesDone: 0, bytesTotal: 0, ...extra });
  const terminal: IEspLoaderTerminal = {
    clean: () => undefined,
    write: (s) => deps.log(s),
    writeLine: (s) => deps.log(s),
  };
  const port = deps.port;
  const transport = new Transport(port as unknown as ConstructorParameters<typeof Transport>[0], false);
  // esptool-js prints some traces to the console whatever its settings: into the log instead.
  transport.trace = (message: string) => deps.log(message);
  const loader = new ESPLoader({ transport, baudrate: FLASH_BAUD, romBaudrate: ROM_BAUD, terminal });
  let written = false;
  const fail = (failure: FirmwareFailure, message: string): never => {
    throw new FlashError(failure, message, written);
  };

  try {
    // 1. The ROM bootloader: by the reset lines if the port has them, else by hand.
    step('bootloader');
    const mode = job.nativeUsb ? 'usb_reset' : 'default_reset';
    let synced = await tryConnect(loader, transport, mode, 1);
    // A port without modem lines (or a board without the auto-reset circuit) needs the technician's hands.
    if (!synced && !port.linesUnsupported && port.lostReason === null) synced = await tryConnect(loader, transport, mode, 3);
    if (!synced) {
      step('bootloader-by-hand');
      const until = Date.now() + (deps.byHandMs ?? 60_000);
      while (!synced && Date.now() < until && port.lostReason === null) {
        synced = await tryConnect(loader, transport, 'no_reset', 2);
      }
    }
    if (port.lostReason !== null) fail('port-lost', `The sensor's USB connection was lost (${port.lostReason}). Plug it back in and try again; nothing was written.`);
    if (!synced) {
      fail('no-bootloader', 'The sensor did not enter its update mode. Hold BOOT, press and release EN (RST), release BOOT, then try again. Nothing was written.');
    }

    // 2. The chip must be the board the sensor said it is.
    const chip = loader.chip.CHIP_NAME;
    step('detected', { chip });
    if (chip !== CHIP_NAMES[job.board]) {
      await hardReset(transport, sleep).catch(() => undefined);
      fail('wrong-chip', `The board in update mode is an ${chip}, not the ${CHIP_NAMES[job.board]} sensor ${job.deviceId} said it is. Nothing was written; connect only that sensor and try again.`);
    }

    // 3. Speed, flash pins and size, as esptool does for the ROM loader (--no-stub).
    if (!job.nativeUsb) await loader.changeBaud();
    // The ROM loader takes a second word (0) after the pin configuration.
    await loader.checkCommand('configure SPI flash pins', ESP_SPI_ATTACH, words(0, 0));
    await loader.checkCommand('set SPI flash parameters', ESP_SPI_SET_PARAMS, words(0, job.flashBytes, 64 * 1024, 4096, 256, 0xffff));

    // 4. Write, compressed; the ROM acknowledges each block once it is in flash. Its blocks are
    // 1 KB (esptool's ROM size); esptool-js's 16 KB default is its stub's.
    loader.FLASH_WRITE_SIZE = ROM_BLOCK;
    const totals = job.files.map((f) => f.data.length);
    written = true;
    step('writing', { bytesTotal: totals[0] ?? 0 });
    await loader.writeFlash({
      fileArray: job.files.map((f) => ({ address: f.offset, data: f.data })),
      flashMode: 'keep',
      flashFreq: 'keep',
      flashSize: 'keep',
      eraseAll: false,
      compress: true,
      reportProgress: (fileIndex, done, total) => step('writing', { fileIndex, bytesDone: done, bytesTotal: total }),
    });

    // 5. Verify each image against the MD5 the chip computes from its flash.
    for (const [fileIndex, f] of job.files.entries()) {
      step('verifying', { fileIndex });
      const padded = padTo4(f.data);
      const expected = createHash('md5').update(padded).digest('hex');
      const answer = (await loader.checkCommand('calculate MD5 of flash', ESP_SPI_FLASH_MD5, words(f.offset, padded.length, 0, 0), 0, 32, 8000 + padded.length / 100)) as Uint8Array;
      // The ROM loader answers 32 hexadecimal characters (esptool's stub would send 16 raw bytes).
      const actual = new TextDecoder().decode(answer).toLowerCase();
      if (actual !== expected) {
        fail('verify-failed', `The image at 0x${f.offset.toString(16)} reads back differently from what was sent (MD5 ${actual} instead of ${expected}). The sensor will not start reliably: update it again; if it fails again, its flash may be worn.`);
      }
    }

    // 6. Restart into the new firmware and hear it say so.
    step('restarting');
    await hardReset(transport, sleep);
    const byHand = port.linesUnsupported;
    await release(transport);
    // By hand, the instruction stays up while the app listens for the sensor.
    step(byHand ? 'restart-by-hand' : 'confirming');
    const hello = await deps.awaitHello(byHand);
    if (hello === null) {
      fail('no-hello', `The new firmware ${job.to} was written and checked, but the sensor has not started it. Press EN (RST) on the sensor; if it does not appear within a minute, update it again.`);
    }
    if (hello!.deviceId !== job.deviceId) {
      fail('no-hello', `The firmware was written, but a different sensor (${hello!.deviceId}) answered afterwards. Connect only sensor ${job.deviceId} and check its version.`);
    }
    if (hello!.firmwareVersion !== job.to) {
      fail('wrong-version', `The sensor restarted but reports firmware ${hello!.firmwareVersion || '(none)'}, not ${job.to}. Update it again.`);
    }
    return { ok: true, chip, bytesWritten: totals.reduce((a, b) => a + b, 0) };
  } catch (error) {
    await release(transport);
    if (error instanceof FlashError) return { ok: false, failure: error.failure, message: error.message, written: error.written };
    const text = error instanceof Error ? error.message : String(error);
    if (port.lostReason !== null) {
      return {
        ok: false,
        failure: 'port-lost',
        written,
        message: written
          ? `The sensor's USB connection was lost while writing (${port.lostReason}). It will not start until it is written completely: plug it back in, hold BOOT and press EN, then update again.`
          : `The sensor's USB connection was lost (${port.lostReason}). Plug it back in and try again; nothing was written.`,
      };
    }
    return {
      ok: false,
      failure: written ? 'write-failed' : 'no-bootloader',
      written,
      message: written
        ? `Writing stopped: the sensor's answers were not understood (${text}). Check the USB cable (a short, direct one), then update again; the sensor will not start until it is written completely.`
        : `The sensor's update mode did not answer properly (${text}). Hold BOOT, press and release EN (RST), release BOOT, then try again. Nothing was written.`,
    };
  }
}

/** Sync (and chip detection) in `mode`; false when the ROM never answered. */
async function tryConnect(loader: ESPLoader, transport: Transport, mode: 'default_reset' | 'usb_reset' | 'no_reset', attempts: number): Promise<boolean> {
  try {
    await loader.connect(mode, attempts, true);
    return true;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    if (!/Failed to connect/i.test(text)) throw error;
    await release(transport);
    return false;
  }
}

/** Closes the port; bounded, because esptool-js waits for its stream locks without a limit. */
async function release(transport: Transport): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([transport.disconnect().catch(() => undefined), new Promise<void>((r) => (timer = setTimeout(r, 2000)))]);
  clearTimeout(timer);
  await transport.device.close();
}

/** EN low for 100 ms with IO0 high: the chip starts from flash (esptool's hard reset). */
async function hardReset(transport: Transport, sleep: (ms: number) => Promise<void>): Promise<void> {
  await transport.setSignals(false, true);
  await sleep(100);
  await transport.setSignals(false, false);
}

function words(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint32(i * 4, v >>> 0, true));
  return out;
}

/** esptool-js pads each image to 4 bytes with 0xFF before writing; the MD5 covers the padding. */
function padTo4(data: Uint8Array): Uint8Array {
  const rest = data.length % 4;
  if (rest === 0) return data;
  const out = new Uint8Array(data.length + 4 - rest).fill(0xff);
  out.set(data);
  return out;
}
