/**
 * SignalCraft sensor protocol, version 1 (docs/protocol.md is the reference; keep them in step).
 *
 * A frame is `header | payload | CRC-32`, COBS-encoded and followed by one 0x00 delimiter.
 * All integers are little-endian: the ESP32, x86 and ARM laptops all are, so neither side swaps.
 */
export const PROTOCOL_VERSION = 1;

/** version u8, type u8, flags u8, zero u8, sequence u32, device time µs u64, payload length u16. */
export const HEADER_BYTES = 18;
export const CRC_BYTES = 4;
export const MAX_PAYLOAD_BYTES = 0xffff;
export const MAX_FRAME_BYTES = HEADER_BYTES + MAX_PAYLOAD_BYTES + CRC_BYTES;
/** COBS adds one byte per 254 plus one. */
export const MAX_ENCODED_BYTES = MAX_FRAME_BYTES + Math.ceil(MAX_FRAME_BYTES / 254) + 1;
/** The smallest encoded frame: an empty payload. */
export const MIN_ENCODED_BYTES = HEADER_BYTES + CRC_BYTES + 1;
/** Text lines (existing firmware's JSON readings and logs) longer than this are not text. */
export const MAX_TEXT_LINE_BYTES = 4096;

export const OFFSET = {
  version: 0,
  type: 1,
  flags: 2,
  /** Always 0x00, in every version: it keeps the first encoded byte below 0x05, so binary frames never look like text. */
  zero: 3,
  sequence: 4,
  deviceTimeUs: 8,
  payloadLength: 16,
} as const;

export const MessageType = {
  HELLO: 1,
  READING: 2,
  AUDIO: 3,
  VIBRATION: 4,
  STATUS: 5,
  LOG: 6,
  COMMAND: 7,
  ACK: 8,
  /** Board facts and provisioning state, answering the INFO command. */
  INFO: 9,
} as const;
export type MessageTypeCode = (typeof MessageType)[keyof typeof MessageType];

export const Capability = {
  AUDIO: 1 << 0,
  VIBRATION: 1 << 1,
  TEMPERATURE: 1 << 2,
  CURRENT: 1 << 3,
  POWER: 1 << 4,
  BATTERY: 1 << 5,
  /** Suction and discharge pressure transducers: its READINGs carry 10 floats. */
  PRESSURE: 1 << 6,
} as const;

/** Stream bits of the START and STOP commands. */
export const StreamBit = {
  AUDIO: 1 << 0,
  VIBRATION: 1 << 1,
  READING: 1 << 2,
} as const;
export const ALL_STREAMS = StreamBit.AUDIO | StreamBit.VIBRATION | StreamBit.READING;

export const CommandOp = {
  HELLO: 1,
  START: 2,
  STOP: 3,
  SET_RATES: 4,
  IDENTIFY: 5,
  TIME_SYNC: 6,
  /** Provisioning (docs/protocol.md): INFO answers anywhere; SET_NAME and SET_WIFI only over USB. */
  INFO: 7,
  SET_NAME: 8,
  SET_WIFI: 9,
} as const;
export type CommandOpCode = (typeof CommandOp)[keyof typeof CommandOp];

export const AckStatus = {
  OK: 0,
  UNKNOWN_COMMAND: 1,
  BAD_ARGUMENTS: 2,
  BUSY: 3,
  /** Provisioning asked over a link that may not carry it (only USB may). */
  NOT_ALLOWED: 4,
  /** The sensor could not store it. */
  FAILED: 5,
} as const;

export const LogLevel = { ERROR: 0, WARN: 1, INFO: 2, DEBUG: 3 } as const;
