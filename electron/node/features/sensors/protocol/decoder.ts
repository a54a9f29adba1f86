import { crc32 } from 'node:zlib';
import { cobsDecodeInPlace } from './cobs';
import {
  CRC_BYTES,
  HEADER_BYTES,
  MAX_ENCODED_BYTES,
  MAX_FRAME_BYTES,
  MAX_TEXT_LINE_BYTES,
  MIN_ENCODED_BYTES,
  OFFSET,
  PROTOCOL_VERSION,
} from './constants';
import { type LegacyReading, parseLegacyReading } from './legacy-json';
import { decodePayloadAt, KNOWN_TYPES, type ProtocolMessage } from './messages';
import { SlabPool } from './slab';

export interface FrameHeader {
  version: number;
  type: number;
  flags: number;
  sequence: number;
  deviceTimeUs: number;
  payloadLength: number;
}

/**
 * Why a frame was thrown away. `cobs`: not valid COBS; `length`: too short, or its length field
 * disagrees with its size (a lost delimiter merged two frames, or bytes were lost); `crc`: checksum
 * mismatch; `malformed`: intact but its payload makes no sense; `oversize`: no delimiter within
 * the largest possible frame; `truncated`: the link ended mid-frame; `garbage`: a segment that
 * is neither a frame nor a readable text line.
 */
export type BadFrameKind = 'cobs' | 'length' | 'crc' | 'malformed' | 'oversize' | 'truncated' | 'garbage';
export const BAD_FRAME_KINDS: readonly BadFrameKind[] = ['cobs', 'length', 'crc', 'malformed', 'oversize', 'truncated', 'garbage'];

export interface DecoderCounters {
  bytes: number;
  /** Intact frames of a known version and type, delivered. */
  frames: number;
  badFrames: number;
  bad: Record<BadFrameKind, number>;
  /** Intact frames skipped: a type or a protocol version this app does not know. */
  unknownType: number;
  unsupportedVersion: number;
  /** Bytes before the first delimiter: joining a stream mid-frame is not an error. */
  syncBytes: number;
  /** Bytes of bad frames and garbage. */
  discardedBytes: number;
  /** Plain text lines (a sensor's log output). */
  textLines: number;
  /** JSON readings of the existing firmware: accepted, and rejected with the server's reason. */
  legacyReadings: number;
  legacyRejected: number;
}

export interface DecoderHandlers {
  onMessage?(header: FrameHeader, message: ProtocolMessage): void;
  /** An intact frame this app cannot read; its sequence number still counts as received. */
  onSkipped?(header: FrameHeader, reason: 'unknown-type' | 'unsupported-version'): void;
  onBadFrame?(kind: BadFrameKind): void;
  onText?(line: string): void;
  onLegacyReading?(reading: LegacyReading): void;
  onLegacyRejected?(error: string): void;
}

export function emptyCounters(): DecoderCounters {
  return {
    bytes: 0,
    frames: 0,
    badFrames: 0,
    bad: { cobs: 0, length: 0, crc: 0, malformed: 0, oversize: 0, truncated: 0, garbage: 0 },
    unknownType: 0,
    unsupportedVersion: 0,
    syncBytes: 0,
    discardedBytes: 0,
    textLines: 0,
    legacyReadings: 0,
    legacyRejected: 0,
  };
}

// Decoder modes (numbers, not an enum: the hot loop compares small integers).
const SYNC = 0;
const START = 1;
const BINARY = 2;
const TEXT = 3;
const SKIP_BINARY = 4;
const SKIP_TEXT = 5;

const NUL = 0x00;
const LF = 0x0a;
const CR = 0x0d;
const TAB = 0x09;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const SYNC_GRACE_SEGMENTS = 8;

/**
 * A streaming decoder for one link: push bytes as they arrive, in chunks of any size; it calls
 * back with every message and counts everything it had to throw away. It never throws on any
 * input (property and fuzz tests in decoder.test.ts) and is back in step at the next delimiter.
 *
 * The same byte stream may carry binary frames and text lines (the existing firmware's JSON
 * readings and logs, the ESP32 boot ROM's messages): a segment starting with a byte below 0x20
 * is a frame (byte 3 of every header is zero, so the first COBS byte is at most 4), anything
 * else is a line of text ended by a newline.
 */
export class FrameDecoder {
  readonly counters: DecoderCounters = emptyCounters();
  private mode = SYNC;
  private pending = new Uint8Array(1024);
  private pendingLength = 0;
  /** Frames are decoded into consecutive regions of slabs, so messages can view them (no copies). */
  private readonly slabs = new SlabPool();
  /**
   * Joining a stream mid-frame, the first delimiter found may be a newline inside a binary frame:
   * until the first intact frame or line, a few bad segments are the join, not damage.
   */
  private graceSegments: number;

  /** `synced`: the stream starts at a frame boundary (a file, a test); otherwise the first partial segment is skipped. */
  constructor(
    private readonly handlers: DecoderHandlers = {},
    options: { synced?: boolean } = {},
  ) {
    if (options.synced) this.mode = START;
    this.graceSegments = options.synced ? 0 : SYNC_GRACE_SEGMENTS;
  }

  push(chunk: Uint8Array): void {
    const n = chunk.length;
    this.counters.bytes += n;
    let i = 0;
    while (i < n) {
      switch (this.mode) {
        case SYNC: {
          let j = i;
          while (j < n && chunk[j] !== NUL && chunk[j] !== LF) j += 1;
          this.counters.syncBytes += j - i;
          if (j === n) return;
          i = j + 1;
          this.mode = START;
          break;
        }
        case START: {
          const b = chunk[i]!;
          if (b === NUL || b === LF || b === CR) {
            i += 1;
          } else {
            this.mode = b < 0x20 && b !== TAB ? BINARY : TEXT;
          }
          break;
        }
        case BINARY: {
          const end = chunk.indexOf(NUL, i);
          if (end === -1) {
            this.appendPending(chunk, i, n, MAX_ENCODED_BYTES, SKIP_BINARY);
            return;
          }
          if (this.pendingLength === 0) {
            this.finishFrame(chunk, i, end);
          } else if (this.appendPending(chunk, i, end, MAX_ENCODED_BYTES, SKIP_BINARY)) {
            this.finishFrame(this.pending, 0, this.pendingLength);
          }
          this.pendingLength = 0;
          i = end + 1;
          this.mode = START; // an oversize frame ends at this delimiter too
          break;
        }
        case TEXT: {
          let j = i;
          while (j < n) {
            const b = chunk[j]!;
            if (b === LF || b === NUL) break;
            j += 1;
          }
          if (j === n) {
            this.appendPending(chunk, i, n, MAX_TEXT_LINE_BYTES, SKIP_TEXT);
            return;
          }
          const endedByNul = chunk[j] === NUL;
          if (this.pendingLength === 0) {
            this.finishText(chunk, i, j, endedByNul);
          } else if (this.appendPending(chunk, i, j, MAX_TEXT_LINE_BYTES, SKIP_TEXT)) {
            this.finishText(this.pending, 0, this.pendingLength, endedByNul);
          }
          this.pendingLength = 0;
          i = j + 1;
          this.mode = START;
          break;
        }
        case SKIP_BINARY: {
          const end = chunk.indexOf(NUL, i);
          const stop = end === -1 ? n : end;
          this.counters.discardedBytes += stop - i;
          if (end === -1) return;
          i = end + 1;
          this.mode = START;
          break;
        }
        case SKIP_TEXT: {
          let j = i;
          while (j < n && chunk[j] !== LF && chunk[j] !== NUL) j += 1;
          this.counters.discardedBytes += j - i;
          if (j === n) return;
          i = j + 1;
          this.mode = START;
          break;
        }
      }
    }
  }

  /** The link ended: a frame or line in progress is counted as truncated. The decoder can be reused for a new stream. */
  end(): void {
    if ((this.mode === BINARY || this.mode === TEXT) && this.pendingLength > 0) {
      this.counters.discardedBytes += this.pendingLength;
      this.bad('truncated');
    }
    this.pendingLength = 0;
    this.mode = SYNC;
  }

  /** Appends to the pending segment; false (and a bad frame, and skip mode) when it would exceed `limit`. */
  private appendPending(src: Uint8Array, from: number, to: number, limit: number, skipMode: number): boolean {
    const add = to - from;
    const need = this.pendingLength + add;
    if (need > limit) {
      this.counters.discardedBytes += need;
      this.pendingLength = 0;
      this.bad('oversize');
      this.mode = skipMode;
      return false;
    }
    if (need > this.pending.length) {
      const grown = new Uint8Array(Math.min(Math.max(need, this.pending.length * 2), MAX_ENCODED_BYTES));
      grown.set(this.pending.subarray(0, this.pendingLength));
      this.pending = grown;
    }
    this.pending.set(src.subarray(from, to), this.pendingLength);
    this.pendingLength = need;
    return true;
  }

  private bad(kind: BadFrameKind): void {
    if (this.graceSegments > 0) {
      this.graceSegments -= 1;
      return;
    }
    this.counters.badFrames += 1;
    this.counters.bad[kind] += 1;
    this.handlers.onBadFrame?.(kind);
  }

  private finishFrame(src: Uint8Array, start: number, end: number): void {
    const encoded = end - start;
    if (encoded < MIN_ENCODED_BYTES) {
      this.counters.discardedBytes += encoded;
      return this.bad('length');
    }
    if (encoded > MAX_ENCODED_BYTES) {
      this.counters.discardedBytes += encoded;
      return this.bad('cobs');
    }
    // One native copy of the encoded frame into the slab, then COBS decoded where it lies.
    const slabs = this.slabs;
    const base = slabs.reserve(encoded);
    const s = slabs.bytes;
    s.set(start === 0 && end === src.length ? src : src.subarray(start, end), base);
    const len = cobsDecodeInPlace(s, base, base + encoded);
    if (len < 0 || len > MAX_FRAME_BYTES) {
      this.counters.discardedBytes += encoded;
      return this.bad('cobs');
    }
    if (len < HEADER_BYTES + CRC_BYTES) {
      this.counters.discardedBytes += encoded;
      return this.bad('length');
    }
    const body = base + len - CRC_BYTES;
    const expected = (s[body]! | (s[body + 1]! << 8) | (s[body + 2]! << 16) | (s[body + 3]! << 24)) >>> 0;
    // The platform's CRC-32 (zlib's, the same the ESP32 ROM computes): a view, not a copy.
    if (crc32(s.subarray(base, body)) !== expected) {
      this.counters.discardedBytes += encoded;
      return this.bad('crc');
    }
    const version = s[base + OFFSET.version]!;
    if (version === 0 || s[base + OFFSET.zero] !== 0) {
      this.counters.discardedBytes += encoded;
      return this.bad('malformed');
    }
    const header: FrameHeader = {
      version,
      type: s[base + OFFSET.type]!,
      flags: s[base + OFFSET.flags]!,
      sequence: readU32(s, base + OFFSET.sequence),
      deviceTimeUs: readU32(s, base + OFFSET.deviceTimeUs) + readU32(s, base + OFFSET.deviceTimeUs + 4) * 0x1_0000_0000,
      payloadLength: s[base + OFFSET.payloadLength]! | (s[base + OFFSET.payloadLength + 1]! << 8),
    };
    if (version !== PROTOCOL_VERSION) {
      // A newer sensor: the CRC and the sequence number sit where they always do, the rest may not.
      this.counters.unsupportedVersion += 1;
      this.graceSegments = 0;
      this.handlers.onSkipped?.(header, 'unsupported-version');
      return;
    }
    if (HEADER_BYTES + header.payloadLength + CRC_BYTES !== len) {
      this.counters.discardedBytes += encoded;
      return this.bad('length');
    }
    if (!KNOWN_TYPES.has(header.type)) {
      this.counters.unknownType += 1;
      this.graceSegments = 0;
      this.handlers.onSkipped?.(header, 'unknown-type');
      return;
    }
    // The frame's region is kept: the message may view it (audio samples).
    slabs.commit(base + len);
    const message = decodePayloadAt(header.type, s, slabs.view, base + HEADER_BYTES, header.payloadLength, slabs);
    if (message === null) {
      this.counters.discardedBytes += encoded;
      return this.bad('malformed');
    }
    this.counters.frames += 1;
    this.graceSegments = 0;
    this.handlers.onMessage?.(header, message);
  }

  private finishText(src: Uint8Array, start: number, end: number, endedByNul: boolean): void {
    let stop = end;
    if (stop > start && src[stop - 1] === CR) stop -= 1;
    // A line must be readable text; anything else is the remains of a damaged frame.
    let readable = !endedByNul;
    for (let k = start; readable && k < stop; k += 1) {
      const b = src[k]!;
      if (b < 0x20 && b !== TAB) readable = false;
    }
    let line = '';
    if (readable) {
      try {
        line = strictUtf8.decode(src.subarray(start, stop));
      } catch {
        readable = false;
      }
    }
    if (!readable) {
      this.counters.discardedBytes += end - start;
      return this.bad('garbage');
    }
    this.graceSegments = 0;
    if (line.startsWith('{')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        this.counters.legacyRejected += 1;
        this.handlers.onLegacyRejected?.('The line is not valid JSON');
        return;
      }
      const result = parseLegacyReading(parsed);
      if (result.ok) {
        this.counters.legacyReadings += 1;
        this.handlers.onLegacyReading?.(result.reading);
      } else {
        this.counters.legacyRejected += 1;
        this.handlers.onLegacyRejected?.(result.error);
      }
      return;
    }
    this.counters.textLines += 1;
    this.handlers.onText?.(line);
  }
}

function readU32(s: Uint8Array, at: number): number {
  return (s[at]! | (s[at + 1]! << 8) | (s[at + 2]! << 16) | (s[at + 3]! << 24)) >>> 0;
}
