/*
 * Over 400 lines: one encoder and one decoder per message type, side by side so that they change
 * together and the wire layout reads in one place. Provisioning payloads are in
 * provisioning-messages.ts.
 */
import { AckStatus, CommandOp, type CommandOpCode, MessageType, type MessageTypeCode } from './constants';
import { decodeInfo, decodeProvisioningCommand, encodeInfo, encodeProvisioningArgs, type InfoMessage, type ProvisioningCommand } from './provisioning-messages';
import type { SlabPool } from './slab';

/** What a frame carries, decoded. Absent measurements are null (NaN or a sentinel on the wire). */
export interface HelloMessage {
  type: 'hello';
  /** Random per boot: a new value means the sensor restarted, whatever its sequence numbers say. */
  bootId: number;
  capabilities: number;
  audioSampleRate: number | null;
  vibrationSampleRate: number | null;
  readingRateHz: number | null;
  deviceId: string;
  firmwareVersion: string;
  model: string;
}

export interface ReadingMessage {
  type: 'reading';
  temperatureC: number | null;
  vibrationG: { x: number; y: number; z: number } | null;
  currentA: number | null;
  powerW: number | null;
  audioLevelDb: number | null;
  quality: number | null;
  /**
   * Refrigerant pressures, absolute kPa, from transducers on the service ports. Present only in a
   * 10-float READING (a sensor built with transducers); a null side has no transducer fitted or
   * its signal is out of range.
   */
  pressures?: { suctionKpa: number | null; dischargeKpa: number | null };
}

/** READING payload sizes: 8 floats (every sensor), 10 with the two pressures. */
export const READING_BYTES = 32;
export const READING_WITH_PRESSURES_BYTES = 40;

export interface AudioMessage {
  type: 'audio';
  sampleRate: number;
  firstSample: number;
  samples: Int16Array;
}

export interface VibrationMessage {
  type: 'vibration';
  sampleRate: number;
  firstSample: number;
  /** g per count on the wire (the ADXL345 at full resolution: 1/256 g). */
  scaleG: number;
  x: Float32Array;
  y: Float32Array;
  z: Float32Array;
}

export interface StatusMessage {
  type: 'status';
  batteryPercent: number | null;
  rssiDbm: number | null;
  flags: number;
  bootId: number;
  /** Samples the sensor itself had to drop since it booted (its send buffer overflowed). */
  droppedSamples: number;
  freeHeapBytes: number;
}

export interface LogMessage {
  type: 'log';
  level: number;
  text: string;
}

export type Command =
  | { op: 'hello' }
  | { op: 'start'; streams: number }
  | { op: 'stop'; streams: number }
  | { op: 'set-rates'; audioSampleRate: number; vibrationSampleRate: number; readingRateHz: number }
  | { op: 'identify'; seconds: number }
  | { op: 'time-sync'; hostTimeUs: number }
  | ProvisioningCommand;

export interface CommandMessage {
  type: 'command';
  requestId: number;
  command: Command;
}

export interface AckMessage {
  type: 'ack';
  requestId: number;
  op: number;
  status: number;
  /** TIME_SYNC: the host time the command carried, echoed. */
  echoHostTimeUs: number | null;
}

export type ProtocolMessage =
  | HelloMessage
  | ReadingMessage
  | AudioMessage
  | VibrationMessage
  | StatusMessage
  | LogMessage
  | CommandMessage
  | AckMessage
  | InfoMessage;

export const STATUS_BATTERY_ABSENT = 0xff;
export const STATUS_RSSI_ABSENT = 127;
export const MAX_TEXT_FIELD_BYTES = 255;

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: false });

// Little-endian targets only (x86, ARM, ESP32): samples are copied as bytes into typed arrays.
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

const OP_CODES: Record<Command['op'], CommandOpCode> = {
  hello: CommandOp.HELLO,
  start: CommandOp.START,
  stop: CommandOp.STOP,
  'set-rates': CommandOp.SET_RATES,
  identify: CommandOp.IDENTIFY,
  'time-sync': CommandOp.TIME_SYNC,
  info: CommandOp.INFO,
  'set-name': CommandOp.SET_NAME,
  'set-wifi': CommandOp.SET_WIFI,
};

export function commandOpCode(op: Command['op']): CommandOpCode {
  return OP_CODES[op];
}

export function messageTypeCode(message: ProtocolMessage): MessageTypeCode {
  switch (message.type) {
    case 'hello':
      return MessageType.HELLO;
    case 'reading':
      return MessageType.READING;
    case 'audio':
      return MessageType.AUDIO;
    case 'vibration':
      return MessageType.VIBRATION;
    case 'status':
      return MessageType.STATUS;
    case 'log':
      return MessageType.LOG;
    case 'command':
      return MessageType.COMMAND;
    case 'ack':
      return MessageType.ACK;
    case 'info':
      return MessageType.INFO;
  }
}

const nullIfNaN = (v: number): number | null => (Number.isNaN(v) ? null : v);
const nanIfNull = (v: number | null): number => (v === null ? Number.NaN : v);
/** An absolute pressure is never negative and no refrigeration transducer reads 100 MPa: such a value is a broken signal, not a reading. */
const pressureOrNull = (v: number | null): number | null => (v !== null && Number.isFinite(v) && v >= 0 && v < 100_000 ? v : null);

function writeU64(view: DataView, offset: number, value: number): void {
  view.setUint32(offset, value % 0x1_0000_0000, true);
  view.setUint32(offset + 4, Math.floor(value / 0x1_0000_0000), true);
}

function readU64(view: DataView, offset: number): number {
  return view.getUint32(offset, true) + view.getUint32(offset + 4, true) * 0x1_0000_0000;
}

function shortText(value: string): Uint8Array {
  const bytes = utf8.encode(value);
  if (bytes.length > MAX_TEXT_FIELD_BYTES) throw new RangeError(`text field longer than ${MAX_TEXT_FIELD_BYTES} bytes`);
  return bytes;
}

/** Encodes a message's payload (what follows the header). Throws on values the wire cannot carry: a sender bug. */
export function encodePayload(message: ProtocolMessage): Uint8Array {
  switch (message.type) {
    case 'hello': {
      const id = shortText(message.deviceId);
      const fw = shortText(message.firmwareVersion);
      const model = shortText(message.model);
      const out = new Uint8Array(20 + 3 + id.length + fw.length + model.length);
      const view = new DataView(out.buffer);
      view.setUint32(0, message.bootId >>> 0, true);
      view.setUint32(4, message.capabilities >>> 0, true);
      view.setUint32(8, message.audioSampleRate ?? 0, true);
      view.setUint32(12, message.vibrationSampleRate ?? 0, true);
      view.setFloat32(16, message.readingRateHz ?? 0, true);
      let at = 20;
      for (const field of [id, fw, model]) {
        out[at] = field.length;
        out.set(field, at + 1);
        at += 1 + field.length;
      }
      return out;
    }
    case 'reading': {
      const out = new Uint8Array(message.pressures ? READING_WITH_PRESSURES_BYTES : READING_BYTES);
      const view = new DataView(out.buffer);
      const v = message.vibrationG;
      const p = message.pressures;
      const values = [
        message.temperatureC,
        v?.x ?? null,
        v?.y ?? null,
        v?.z ?? null,
        message.currentA,
        message.powerW,
        message.audioLevelDb,
        message.quality,
        ...(p ? [p.suctionKpa, p.dischargeKpa] : []),
      ];
      values.forEach((value, i) => view.setFloat32(i * 4, nanIfNull(value), true));
      return out;
    }
    case 'audio': {
      const out = new Uint8Array(12 + message.samples.length * 2);
      const view = new DataView(out.buffer);
      view.setUint32(0, message.sampleRate, true);
      writeU64(view, 4, message.firstSample);
      if (LITTLE_ENDIAN) {
        out.set(new Uint8Array(message.samples.buffer, message.samples.byteOffset, message.samples.byteLength), 12);
      } else {
        message.samples.forEach((s, i) => view.setInt16(12 + i * 2, s, true));
      }
      return out;
    }
    case 'vibration': {
      const n = message.x.length;
      if (message.y.length !== n || message.z.length !== n) throw new RangeError('vibration axes differ in length');
      const out = new Uint8Array(16 + n * 6);
      const view = new DataView(out.buffer);
      view.setUint32(0, message.sampleRate, true);
      writeU64(view, 4, message.firstSample);
      view.setFloat32(12, message.scaleG, true);
      const inv = 1 / message.scaleG;
      const q = (g: number) => Math.max(-32768, Math.min(32767, Math.round(g * inv)));
      for (let i = 0, at = 16; i < n; i += 1, at += 6) {
        view.setInt16(at, q(message.x[i]!), true);
        view.setInt16(at + 2, q(message.y[i]!), true);
        view.setInt16(at + 4, q(message.z[i]!), true);
      }
      return out;
    }
    case 'status': {
      const out = new Uint8Array(20);
      const view = new DataView(out.buffer);
      view.setUint8(0, message.batteryPercent ?? STATUS_BATTERY_ABSENT);
      view.setInt8(1, message.rssiDbm ?? STATUS_RSSI_ABSENT);
      view.setUint16(2, message.flags, true);
      view.setUint32(4, message.bootId >>> 0, true);
      writeU64(view, 8, message.droppedSamples);
      view.setUint32(16, message.freeHeapBytes >>> 0, true);
      return out;
    }
    case 'log': {
      const text = utf8.encode(message.text);
      const out = new Uint8Array(1 + text.length);
      out[0] = message.level;
      out.set(text, 1);
      return out;
    }
    case 'info':
      return encodeInfo(message);
    case 'command': {
      const c = message.command;
      if (c.op === 'info' || c.op === 'set-name' || c.op === 'set-wifi') return commandPayload(message.requestId, OP_CODES[c.op], encodeProvisioningArgs(c));
      const args = new Uint8Array(c.op === 'set-rates' ? 12 : c.op === 'time-sync' ? 8 : c.op === 'identify' ? 2 : c.op === 'hello' ? 0 : 4);
      const view = new DataView(args.buffer);
      switch (c.op) {
        case 'start':
        case 'stop':
          view.setUint32(0, c.streams, true);
          break;
        case 'set-rates':
          view.setUint32(0, c.audioSampleRate, true);
          view.setUint32(4, c.vibrationSampleRate, true);
          view.setFloat32(8, c.readingRateHz, true);
          break;
        case 'identify':
          view.setUint16(0, c.seconds, true);
          break;
        case 'time-sync':
          writeU64(view, 0, c.hostTimeUs);
          break;
        case 'hello':
          break;
      }
      return commandPayload(message.requestId, OP_CODES[c.op], args);
    }
    case 'ack': {
      const out = new Uint8Array(message.echoHostTimeUs === null ? 4 : 12);
      const view = new DataView(out.buffer);
      view.setUint16(0, message.requestId, true);
      out[2] = message.op;
      out[3] = message.status;
      if (message.echoHostTimeUs !== null) writeU64(view, 4, message.echoHostTimeUs);
      return out;
    }
  }
}

function commandPayload(requestId: number, op: number, args: Uint8Array): Uint8Array {
  const out = new Uint8Array(3 + args.length);
  new DataView(out.buffer).setUint16(0, requestId, true);
  out[2] = op;
  out.set(args, 3);
  return out;
}

/**
 * Decodes a payload of a known type; null when it is malformed (wrong size, impossible values).
 * `payload` may be a view into a buffer the caller reuses: everything returned is copied.
 */
export function decodePayload(type: number, payload: Uint8Array): ProtocolMessage | null {
  return decodePayloadAt(type, payload, new DataView(payload.buffer, payload.byteOffset, payload.byteLength), 0, payload.length);
}

/**
 * The decoder's fast path: the payload is `bytes[at, at + n)`, and `view` is a DataView over
 * `bytes` made once, so the hot path allocates only what it returns. With `slabs` (the decoder's
 * never-reused frame buffers), sample arrays are views of the frame or of the slab, not copies.
 */
export function decodePayloadAt(type: number, bytes: Uint8Array, view: DataView, at: number, n: number, slabs?: SlabPool): ProtocolMessage | null {
  switch (type) {
    case MessageType.HELLO: {
      if (n < 23) return null;
      const strings: string[] = [];
      let p = at + 20;
      const end = at + n;
      for (let k = 0; k < 3; k += 1) {
        if (p >= end) return null;
        const len = bytes[p]!;
        if (p + 1 + len > end) return null;
        strings.push(utf8Decoder.decode(bytes.subarray(p + 1, p + 1 + len)));
        p += 1 + len;
      }
      const [deviceId, firmwareVersion, model] = strings as [string, string, string];
      if (deviceId.length === 0) return null;
      const audio = view.getUint32(at + 8, true);
      const vibration = view.getUint32(at + 12, true);
      const readingRate = view.getFloat32(at + 16, true);
      return {
        type: 'hello',
        bootId: view.getUint32(at, true),
        capabilities: view.getUint32(at + 4, true),
        audioSampleRate: audio === 0 ? null : audio,
        vibrationSampleRate: vibration === 0 ? null : vibration,
        readingRateHz: Number.isFinite(readingRate) && readingRate > 0 ? readingRate : null,
        deviceId,
        firmwareVersion,
        model,
      };
    }
    case MessageType.READING: {
      // Any other length is malformed (counted by the decoder): never read past or guess at fields.
      if (n !== READING_BYTES && n !== READING_WITH_PRESSURES_BYTES) return null;
      const f = (i: number) => nullIfNaN(view.getFloat32(at + i * 4, true));
      const [x, y, z] = [f(1), f(2), f(3)];
      const reading: ReadingMessage = {
        type: 'reading',
        temperatureC: f(0),
        vibrationG: x === null || y === null || z === null ? null : { x, y, z },
        currentA: f(4),
        powerW: f(5),
        audioLevelDb: f(6),
        quality: f(7),
      };
      if (n === READING_WITH_PRESSURES_BYTES) reading.pressures = { suctionKpa: pressureOrNull(f(8)), dischargeKpa: pressureOrNull(f(9)) };
      return reading;
    }
    case MessageType.AUDIO: {
      if (n < 12 || (n - 12) % 2 !== 0) return null;
      const sampleRate = view.getUint32(at, true);
      if (sampleRate === 0) return null;
      const count = (n - 12) / 2;
      const from = bytes.byteOffset + at + 12;
      // From the decoder's slab (never reused): a view of the frame, no copy. Otherwise one copy,
      // viewed as PCM16 (all our targets are little-endian).
      const samples = !LITTLE_ENDIAN
        ? new Int16Array(count)
        : slabs && from % 2 === 0
          ? new Int16Array(bytes.buffer, from, count)
          : new Int16Array(bytes.buffer.slice(from, from + count * 2));
      if (!LITTLE_ENDIAN) for (let i = 0; i < count; i += 1) samples[i] = view.getInt16(at + 12 + i * 2, true);
      return { type: 'audio', sampleRate, firstSample: readU64(view, at + 4), samples };
    }
    case MessageType.VIBRATION: {
      if (n < 16 || (n - 16) % 6 !== 0) return null;
      const sampleRate = view.getUint32(at, true);
      const scaleG = view.getFloat32(at + 12, true);
      if (sampleRate === 0 || !Number.isFinite(scaleG) || scaleG <= 0) return null;
      const count = (n - 16) / 6;
      // Three axes in one region of the decoder's slab (no allocation per frame), or one new buffer.
      let floats: Float32Array;
      if (slabs) {
        const fromByte = slabs.reserve(count * 12);
        floats = new Float32Array(slabs.bytes.buffer, fromByte, count * 3);
        slabs.commit(fromByte + count * 12);
      } else {
        floats = new Float32Array(count * 3);
      }
      const x = floats.subarray(0, count);
      const y = floats.subarray(count, 2 * count);
      const z = floats.subarray(2 * count);
      for (let i = 0, p = at + 16; i < count; i += 1, p += 6) {
        x[i] = view.getInt16(p, true) * scaleG;
        y[i] = view.getInt16(p + 2, true) * scaleG;
        z[i] = view.getInt16(p + 4, true) * scaleG;
      }
      return { type: 'vibration', sampleRate, firstSample: readU64(view, at + 4), scaleG, x, y, z };
    }
    case MessageType.STATUS: {
      if (n !== 20) return null;
      const battery = view.getUint8(at);
      const rssi = view.getInt8(at + 1);
      return {
        type: 'status',
        batteryPercent: battery === STATUS_BATTERY_ABSENT ? null : battery,
        rssiDbm: rssi === STATUS_RSSI_ABSENT ? null : rssi,
        flags: view.getUint16(at + 2, true),
        bootId: view.getUint32(at + 4, true),
        droppedSamples: readU64(view, at + 8),
        freeHeapBytes: view.getUint32(at + 16, true),
      };
    }
    case MessageType.LOG: {
      if (n < 1) return null;
      return { type: 'log', level: bytes[at]!, text: utf8Decoder.decode(bytes.subarray(at + 1, at + n)) };
    }
    case MessageType.COMMAND: {
      if (n < 3) return null;
      const requestId = view.getUint16(at, true);
      const op = bytes[at + 2]!;
      const command = decodeCommand(op, new DataView(bytes.buffer, bytes.byteOffset + at + 3, n - 3));
      return command === null ? null : { type: 'command', requestId, command };
    }
    case MessageType.ACK: {
      if (n !== 4 && n !== 12) return null;
      return {
        type: 'ack',
        requestId: view.getUint16(at, true),
        op: bytes[at + 2]!,
        status: bytes[at + 3]!,
        echoHostTimeUs: n === 12 ? readU64(view, at + 4) : null,
      };
    }
    case MessageType.INFO:
      return decodeInfo(bytes.subarray(at, at + n));
    default:
      return null;
  }
}

function decodeCommand(op: number, args: DataView): Command | null {
  const n = args.byteLength;
  switch (op) {
    case CommandOp.HELLO:
      return n === 0 ? { op: 'hello' } : null;
    case CommandOp.START:
    case CommandOp.STOP:
      if (n !== 4) return null;
      return { op: op === CommandOp.START ? 'start' : 'stop', streams: args.getUint32(0, true) };
    case CommandOp.SET_RATES:
      if (n !== 12) return null;
      return {
        op: 'set-rates',
        audioSampleRate: args.getUint32(0, true),
        vibrationSampleRate: args.getUint32(4, true),
        readingRateHz: args.getFloat32(8, true),
      };
    case CommandOp.IDENTIFY:
      return n === 2 ? { op: 'identify', seconds: args.getUint16(0, true) } : null;
    case CommandOp.TIME_SYNC:
      return n === 8 ? { op: 'time-sync', hostTimeUs: readU64(args, 0) } : null;
    default:
      return decodeProvisioningCommand(op, new Uint8Array(args.buffer, args.byteOffset, n));
  }
}

export const KNOWN_TYPES: ReadonlySet<number> = new Set(Object.values(MessageType));
export { AckStatus };
