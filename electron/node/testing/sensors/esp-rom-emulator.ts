import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { SerialPort } from 'serialport';
import { eventually } from '../eventually';
import { BuiltInSource } from '../../features/sensors/simulator/sample-source';
import { SimulatedSensor } from '../../features/sensors/simulator/simulated-sensor';
import { buildImageSet, readAppVersion } from './esp-images';

/**
 * An ESP32 or ESP32-S3 on the far end of a real pseudo-terminal pair (socat), for tests only.
 * In its ROM bootloader it speaks Espressif's documented serial protocol (esptool docs,
 * "Serial Protocol"): SLIP framing, command and response packets, the XOR checksum of data
 * blocks, SYNC answered eight times, READ_REG of the chip-detect register, GET_SECURITY_INFO (the
 * S3; the ESP32 ROM does not know it), SPI_ATTACH (two words for the ROM), SPI_SET_PARAMS,
 * CHANGE_BAUDRATE, FLASH_BEGIN/DATA/END, FLASH_DEFL_BEGIN/DATA/END with zlib streams, MEM_* and
 * SPI_FLASH_MD5 (32 hex characters from the ROM), with 4 status bytes as both ROMs send. Its flash
 * is NOR: erased to 0xFF, written bits only go from 1 to 0. Out of the bootloader it runs the app
 * found in flash: a SignalCraft sensor whose HELLO carries the version in the image's app
 * descriptor, or nothing at all when the image is not valid for this chip.
 *
 * A pty has no DTR or RTS, so the emulated board is one without an auto-reset circuit: the test
 * presses its buttons (pressReset), as the technician is asked to.
 */

export type EmulatedChip = 'esp32' | 'esp32s3';

const CHIP = {
  esp32: { magic: 0x00f01d83, chipId: 0, name: 'ESP32 rev 3.0, 2 cores', deflBeginWords: 4 },
  esp32s3: { magic: 0x00000009, chipId: 9, name: 'ESP32-S3 rev 0.2, 2 cores', deflBeginWords: 5 },
} as const;
const SECTOR = 4096;
/** The ROM loader's largest flash block (esptool's ROM FLASH_WRITE_SIZE; its stub takes 16 KB). */
const ROM_BLOCK = 0x400;
const Op = { FLASH_BEGIN: 0x02, FLASH_DATA: 0x03, FLASH_END: 0x04, MEM_BEGIN: 0x05, MEM_END: 0x06, MEM_DATA: 0x07, SYNC: 0x08, WRITE_REG: 0x09, READ_REG: 0x0a, SPI_SET_PARAMS: 0x0b, SPI_ATTACH: 0x0d, CHANGE_BAUDRATE: 0x0f, DEFL_BEGIN: 0x10, DEFL_DATA: 0x11, DEFL_END: 0x12, MD5: 0x13, SECURITY_INFO: 0x14 } as const;
/** ROM loader errors (esptool docs): invalid message, failed to act, bad checksum, deflate error. */
const Err = { INVALID: 0x05, FAILED: 0x06, CHECKSUM: 0x07, DEFLATE: 0x0b } as const;

export interface EmulatorFaults {
  /** From this FLASH_DEFL_DATA block on (0-based), answers arrive garbled, as over a broken cable. */
  garbleFromBlock?: number;
  /** Called when this FLASH_DEFL_DATA block is in flash (a test pulls the cable there). */
  onBlock?: (seq: number) => void;
}

export interface EmulatorOptions {
  chip: EmulatedChip;
  dir: string;
  linkName: string;
  deviceId: string;
  flashBytes?: number;
  /** The firmware in flash at power-on (none: the board boots nothing). */
  firmwareVersion?: string | null;
  faults?: EmulatorFaults;
}

export class EspRomEmulator {
  readonly hostPath: string;
  readonly flash: Uint8Array;
  /** Every command the ROM received, by name, in order. */
  readonly commands: string[] = [];
  mode: 'rom' | 'app' | 'dead' = 'dead';
  faults: EmulatorFaults;
  baudRate = 115_200;
  private readonly devicePath: string;
  private socat: ChildProcess | null = null;
  private port: SerialPort | null = null;
  private app: SimulatedSensor | null = null;
  private slip: number[] | null = null;
  private escaping = false;
  private spiAttached = false;
  private flashSize = 2 * 1024 * 1024;
  private write: { offset: number; next: number; blocks: number; blockSize: number; seq: number; erased: number; inflate: Uint8Array[] | null } | null = null;

  constructor(private readonly options: EmulatorOptions) {
    this.hostPath = path.join(options.dir, options.linkName);
    this.devicePath = path.join(options.dir, '.device', options.linkName);
    this.faults = options.faults ?? {};
    this.flash = new Uint8Array(options.flashBytes ?? 4 * 1024 * 1024).fill(0xff);
    if (options.firmwareVersion) for (const f of buildImageSet({ chip: options.chip, version: options.firmwareVersion, seed: 99 })) this.flash.set(f.data, f.offset);
  }

  async plug(): Promise<void> {
    fs.mkdirSync(path.dirname(this.devicePath), { recursive: true });
    const socat = spawn('socat', [`pty,raw,echo=0,link=${this.devicePath}`, `pty,raw,echo=0,link=${this.hostPath}`], { stdio: 'ignore' });
    this.socat = socat;
    await eventually('socat to create its pseudo-terminals (is socat installed?)', () => {
      if (socat.exitCode !== null) throw new Error('socat exited before creating its pseudo-terminals; install socat');
      return fs.existsSync(this.hostPath) && fs.existsSync(this.devicePath);
    });
    const port = new SerialPort({ path: this.devicePath, baudRate: 115_200, hupcl: false, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    port.on('data', (chunk: Buffer) => this.input(chunk));
    port.on('error', () => undefined);
    this.port = port;
    this.pressReset({ boot: false });
  }

  /** Pulls the cable: socat dies and both pty ends vanish. */
  async unplug(): Promise<void> {
    this.powerOff();
    const socat = this.socat;
    this.socat = null;
    if (socat && socat.exitCode === null) {
      const exited = new Promise((r) => socat.once('exit', r));
      socat.kill('SIGTERM');
      await exited;
    }
    for (const p of [this.hostPath, this.devicePath]) fs.rmSync(p, { force: true });
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((r) => port.close(() => r()));
  }

  /** EN pressed and released; with BOOT held down the ROM waits for a download, else the flash runs. */
  pressReset(options: { boot: boolean }): void {
    this.powerOff();
    this.write = null;
    this.spiAttached = false;
    this.baudRate = 115_200;
    if (options.boot) {
      this.mode = 'rom';
      this.send(Buffer.from('rst:0x1 (POWERON_RESET),boot:0x3 (DOWNLOAD_BOOT(UART0/UART1/SDIO_REI_REO_V2))\r\nwaiting for download\r\n'));
      return;
    }
    const version = readAppVersion(this.flash, this.options.chip);
    if (version === null) {
      this.mode = 'dead';
      this.send(Buffer.from('rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\ninvalid header: 0xffffffff\r\n'));
      return;
    }
    this.mode = 'app';
    const app = new SimulatedSensor({
      deviceId: this.options.deviceId,
      source: new BuiltInSource({ seed: 7 }),
      firmwareVersion: version,
      model: `SignalCraft ${this.options.chip === 'esp32s3' ? 'ESP32-S3' : 'ESP32'} sensor`,
      info: { flags: this.options.chip === 'esp32s3' ? 8 : 0, mac: '24:0a:c4:a1:b2:c3', flashBytes: this.flash.length, name: '', chip: CHIP[this.options.chip].name, idfVersion: 'v5.3.2', ip: '', apSsid: '' },
    });
    app.setOutput({ write: (bytes) => this.send(bytes), backlog: () => this.port?.writableLength ?? 0 });
    app.start();
    this.app = app;
  }

  md5(offset: number, size: number): string {
    return createHash('md5').update(this.flash.subarray(offset, offset + size)).digest('hex');
  }

  private powerOff(): void {
    this.app?.stop();
    this.app?.setOutput(null);
    this.app = null;
    this.mode = 'dead';
  }

  private send(bytes: Uint8Array): void {
    this.port?.write(Buffer.from(bytes));
  }

  private input(chunk: Buffer): void {
    if (this.mode === 'app') {
      this.app?.input(new Uint8Array(chunk));
      return;
    }
    if (this.mode !== 'rom') return;
    for (const byte of chunk) {
      if (this.slip === null) {
        if (byte === 0xc0) this.slip = [];
        continue;
      }
      if (this.escaping) {
        this.escaping = false;
        this.slip.push(byte === 0xdc ? 0xc0 : byte === 0xdd ? 0xdb : byte);
      } else if (byte === 0xdb) {
        this.escaping = true;
      } else if (byte === 0xc0) {
        if (this.slip.length > 0) this.command(Uint8Array.from(this.slip));
        this.slip = [];
      } else {
        this.slip.push(byte);
      }
    }
  }

  private respond(op: number, status: number, error: number, data: Uint8Array = new Uint8Array(0), value = 0): void {
    // Both ROMs end the payload with four status bytes, of which the first two mean something.
    const body = new Uint8Array(8 + data.length + 4);
    const view = new DataView(body.buffer);
    body[0] = 0x01;
    body[1] = op;
    view.setUint16(2, data.length + 4, true);
    view.setUint32(4, value >>> 0, true);
    body.set(data, 8);
    body[8 + data.length] = status;
    body[9 + data.length] = error;
    const out: number[] = [0xc0];
    for (const b of body) out.push(...(b === 0xc0 ? [0xdb, 0xdc] : b === 0xdb ? [0xdb, 0xdd] : [b]));
    out.push(0xc0);
    const garble = this.faults.garbleFromBlock;
    if (garble !== undefined && op === Op.DEFL_DATA && this.write !== null && this.write.seq > garble) {
      // Line noise: the frame's bytes arrive with bits flipped, and its start is lost.
      this.send(Uint8Array.from(out.slice(1), (b, i) => (i % 3 === 0 ? b ^ 0x24 : b)));
      return;
    }
    this.send(Uint8Array.from(out));
  }

  private command(packet: Uint8Array): void {
    if (packet.length < 8 || packet[0] !== 0x00) return; // not a request: the ROM ignores it
    const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
    const op = packet[1]!;
    const size = view.getUint16(2, true);
    const checksum = view.getUint32(4, true);
    const data = packet.subarray(8);
    const word = (i: number) => new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(i * 4, true);
    const name = Object.entries(Op).find(([, v]) => v === op)?.[0] ?? `0x${op.toString(16)}`;
    this.commands.push(name);
    const ok = (payload?: Uint8Array, value = 0) => this.respond(op, 0, 0, payload, value);
    const err = (code: number) => this.respond(op, 1, code);
    if (data.length !== size) return err(Err.INVALID);
    const chip = CHIP[this.options.chip];
    switch (op) {
      case Op.SYNC:
        if (size !== 36 || data[0] !== 0x07 || data[1] !== 0x07 || data[2] !== 0x12 || data[3] !== 0x20) return err(Err.INVALID);
        for (let i = 0; i < 8; i += 1) ok(undefined, 0x20120707);
        return;
      case Op.READ_REG:
        if (size !== 4) return err(Err.INVALID);
        return ok(undefined, word(0) === 0x40001000 ? chip.magic : 0);
      case Op.WRITE_REG:
        return size >= 16 ? ok() : err(Err.INVALID);
      case Op.SECURITY_INFO: {
        if (this.options.chip === 'esp32') {
          // The ESP32 ROM does not know the command: an error answer that is not for it.
          this.respond(0x00, 1, Err.INVALID);
          return;
        }
        const info = new Uint8Array(20);
        new DataView(info.buffer).setUint32(12, chip.chipId, true);
        return ok(info);
      }
      case Op.SPI_ATTACH:
        if (size !== 8) return err(Err.INVALID);
        this.spiAttached = true;
        return ok();
      case Op.SPI_SET_PARAMS:
        if (size !== 24 || word(1) > this.flash.length) return err(Err.INVALID);
        this.flashSize = word(1);
        return ok();
      case Op.CHANGE_BAUDRATE:
        if (size !== 8 || word(1) !== 0) return err(Err.INVALID);
        ok(); // answered at the old speed, then the UART switches
        this.baudRate = word(0);
        // (a pty carries bytes at any speed; the UART switch is only recorded)
        return;
      case Op.DEFL_BEGIN:
      case Op.FLASH_BEGIN: {
        const words = op === Op.DEFL_BEGIN ? [chip.deflBeginWords] : [4, 5];
        if (!words.includes(size / 4) || !this.spiAttached) return err(Err.INVALID);
        const [eraseSize, blocks, blockSize, offset] = [word(0), word(1), word(2), word(3)];
        if (blockSize > ROM_BLOCK) return err(Err.INVALID);
        if (offset % SECTOR !== 0 || offset + eraseSize > this.flashSize) return err(Err.FAILED);
        const erased = Math.ceil(eraseSize / SECTOR) * SECTOR;
        this.flash.fill(0xff, offset, offset + erased);
        this.write = { offset, next: offset, blocks, blockSize, seq: 0, erased, inflate: op === Op.DEFL_BEGIN ? [] : null };
        return ok();
      }
      case Op.DEFL_DATA:
      case Op.FLASH_DATA:
      case Op.MEM_DATA: {
        const length = word(0);
        const seq = word(1);
        const block = data.subarray(16);
        if (block.length !== length) return err(Err.INVALID);
        let x = 0xef;
        for (const b of block) x ^= b;
        if (x !== checksum) return err(Err.CHECKSUM);
        if (op === Op.MEM_DATA) return ok();
        const w = this.write;
        if (!w || seq !== w.seq || (op === Op.DEFL_DATA) !== (w.inflate !== null)) return err(Err.INVALID);
        let bytes: Uint8Array = block;
        if (w.inflate) {
          w.inflate.push(block.slice());
          // The ROM inflates as blocks arrive; here the whole stream so far is inflated and the new tail taken.
          let all: Buffer;
          try {
            all = inflateSync(Buffer.concat(w.inflate), { finishFlush: 2 });
          } catch {
            return err(Err.DEFLATE);
          }
          bytes = all.subarray(w.next - w.offset);
        }
        if (w.next + bytes.length > w.offset + w.erased) return err(Err.FAILED);
        for (let i = 0; i < bytes.length; i += 1) this.flash[w.next + i]! &= bytes[i]!; // NOR: only 1 → 0
        w.next += bytes.length;
        w.seq += 1;
        this.faults.onBlock?.(seq);
        return ok();
      }
      case Op.DEFL_END:
      case Op.FLASH_END:
        ok();
        if (size >= 4 && word(0) === 0) this.pressReset({ boot: false });
        return;
      case Op.MEM_BEGIN:
        return size === 16 ? ok() : err(Err.INVALID);
      case Op.MEM_END:
        return size === 8 ? ok() : err(Err.INVALID);
      case Op.MD5: {
        if (size !== 16 || word(0) + word(1) > this.flash.length) return err(Err.INVALID);
        return ok(Buffer.from(this.md5(word(0), word(1)), 'ascii'));
      }
      default:
        return this.respond(0x00, 1, Err.INVALID);
    }
  }
}
