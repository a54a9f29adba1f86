import { crc32 } from 'node:zlib';
import { cobsEncode, cobsMaxEncodedLength } from './cobs';
import { CRC_BYTES, HEADER_BYTES, MAX_PAYLOAD_BYTES, OFFSET, PROTOCOL_VERSION } from './constants';
import { encodePayload, messageTypeCode, type ProtocolMessage } from './messages';

export interface FrameFields {
  type: number;
  sequence: number;
  deviceTimeUs: number;
  payload: Uint8Array;
  /** Only for tests of what the decoder does with other versions. */
  version?: number;
  flags?: number;
}

/** The raw frame (header, payload, CRC), before COBS. */
export function buildRawFrame(fields: FrameFields): Uint8Array {
  if (fields.payload.length > MAX_PAYLOAD_BYTES) throw new RangeError(`payload of ${fields.payload.length} bytes exceeds ${MAX_PAYLOAD_BYTES}`);
  const raw = new Uint8Array(HEADER_BYTES + fields.payload.length + CRC_BYTES);
  const view = new DataView(raw.buffer);
  raw[OFFSET.version] = fields.version ?? PROTOCOL_VERSION;
  raw[OFFSET.type] = fields.type;
  raw[OFFSET.flags] = fields.flags ?? 0;
  raw[OFFSET.zero] = 0;
  view.setUint32(OFFSET.sequence, fields.sequence >>> 0, true);
  const t = Math.max(0, Math.floor(fields.deviceTimeUs));
  view.setUint32(OFFSET.deviceTimeUs, t % 0x1_0000_0000, true);
  view.setUint32(OFFSET.deviceTimeUs + 4, Math.floor(t / 0x1_0000_0000), true);
  view.setUint16(OFFSET.payloadLength, fields.payload.length, true);
  raw.set(fields.payload, HEADER_BYTES);
  const end = HEADER_BYTES + fields.payload.length;
  view.setUint32(end, crc32(raw.subarray(0, end)), true);
  return raw;
}

/** COBS-encodes a raw frame and appends the 0x00 delimiter: the bytes to put on the wire. */
export function wrapFrame(raw: Uint8Array): Uint8Array {
  const out = new Uint8Array(cobsMaxEncodedLength(raw.length) + 1);
  const n = cobsEncode(raw, 0, raw.length, out, 0);
  out[n] = 0;
  return out.subarray(0, n + 1);
}

export function encodeFrame(fields: FrameFields): Uint8Array {
  return wrapFrame(buildRawFrame(fields));
}

/** One message, ready for the wire. */
export function encodeMessage(message: ProtocolMessage, sequence: number, deviceTimeUs: number): Uint8Array {
  return encodeFrame({ type: messageTypeCode(message), sequence, deviceTimeUs, payload: encodePayload(message) });
}
