import { crc32 } from 'node:zlib';
import { fc } from '../../../testing/fuzz-seed';
import { describe, expect, it } from 'vitest';
import { cobsDecode, cobsDecodeInPlace, cobsEncode, cobsMaxEncodedLength } from './cobs';
import { FrameDecoder } from './decoder';
import { encodeMessage } from './encoder';
import type { AudioMessage, ProtocolMessage, VibrationMessage } from './messages';

/**
 * The CRC-32 the firmware computes: ESP-IDF's `esp_rom_crc32_le(crc, buf, len)` as its host
 * (linux target) build implements the ROM routine, bit by bit: invert, reflected polynomial
 * 0xEDB88320, invert. docs/protocol.md has the firmware call it with crc = 0.
 */
function espRomCrc32Le(crc: number, buf: Uint8Array): number {
  let c = ~crc >>> 0;
  for (const byte of buf) {
    c = (c ^ byte) >>> 0;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? (0xedb88320 ^ (c >>> 1)) >>> 0 : c >>> 1;
  }
  return ~c >>> 0;
}

const SEED = 18_2026;

describe('the platform CRC-32 is the firmware CRC-32', () => {
  it('matches the catalogue check value and the firmware routine on test vectors', () => {
    const ascii = (s: string) => new TextEncoder().encode(s);
    const vectors: [Uint8Array, number][] = [
      [new Uint8Array(0), 0x0000_0000],
      [ascii('123456789'), 0xcbf4_3926], // CRC-32/ISO-HDLC check value
      [ascii('a'), 0xe8b7_be43],
      [ascii('The quick brown fox jumps over the lazy dog'), 0x414f_a339],
      [new Uint8Array(32), 0x190a_55ad], // 32 zero bytes
      [new Uint8Array(32).fill(0xff), 0xff6c_ab0b],
    ];
    for (const [bytes, expected] of vectors) {
      expect(espRomCrc32Le(0, bytes)).toBe(expected);
      expect(crc32(bytes)).toBe(expected);
    }
  });

  it('agrees with the firmware routine on random frames, and when carried over in pieces', () => {
    console.log(`fast-check seed ${SEED}`);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.nat(), (bytes, cut) => {
        expect(crc32(bytes)).toBe(espRomCrc32Le(0, bytes));
        const at = bytes.length === 0 ? 0 : cut % bytes.length;
        // esp_rom_crc32_le(esp_rom_crc32_le(0, a), b) = crc32(a + b), as zlib's running value.
        expect(crc32(bytes.subarray(at), crc32(bytes.subarray(0, at)))).toBe(espRomCrc32Le(espRomCrc32Le(0, bytes.subarray(0, at)), bytes.subarray(at)));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('COBS decoded in place', () => {
  it('gives what the copying decoder gives, for any bytes (long runs without zeros included)', () => {
    const runs = fc.oneof(
      fc.uint8Array({ maxLength: 1200 }),
      fc.uint8Array({ minLength: 250, maxLength: 1200, min: 1 }), // 0xFF codes: no zero for 254 bytes
      fc.array(fc.constantFrom(0, 0, 1, 255), { maxLength: 600 }).map((a) => Uint8Array.from(a)),
    );
    fc.assert(
      fc.property(runs, fc.nat({ max: 7 }), (raw, offset) => {
        const encoded = new Uint8Array(cobsMaxEncodedLength(raw.length) + offset);
        const n = cobsEncode(raw, 0, raw.length, encoded, offset);
        const copied = new Uint8Array(raw.length + 8);
        expect(cobsDecode(encoded, offset, offset + n, copied)).toBe(raw.length);
        const length = cobsDecodeInPlace(encoded, offset, offset + n);
        expect(length).toBe(raw.length);
        expect(encoded.subarray(offset, offset + length)).toEqual(raw);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('refuses what is not COBS', () => {
    expect(cobsDecodeInPlace(Uint8Array.of(5, 1, 2), 0, 3)).toBe(-1);
    expect(cobsDecodeInPlace(Uint8Array.of(2, 1, 0, 1), 0, 4)).toBe(-1);
  });
});

describe('decoded samples are views, not copies', () => {
  it('views the decoder’s own buffers, which later frames never overwrite', () => {
    const audio = (first: number, value: number): AudioMessage => ({ type: 'audio', sampleRate: 16_000, firstSample: first, samples: new Int16Array(256).fill(value) });
    const vibration: VibrationMessage = { type: 'vibration', sampleRate: 1600, firstSample: 0, scaleG: 1 / 256, x: new Float32Array(80).fill(1), y: new Float32Array(80).fill(2), z: new Float32Array(80).fill(-3) };
    const received: ProtocolMessage[] = [];
    const decoder = new FrameDecoder({ onMessage: (_h, m) => received.push(m) }, { synced: true });
    const chunk = new Uint8Array([...encodeMessage(audio(0, 1234), 1, 1), ...encodeMessage(vibration, 2, 2)]);
    const before = chunk.slice();
    decoder.push(chunk);
    // Thousands of frames later (several slabs), the first message's samples are unchanged.
    for (let i = 0; i < 3000; i += 1) decoder.push(encodeMessage(audio(256 * (i + 1), -i), 3 + i, 3 + i));
    expect(chunk).toEqual(before); // the caller's bytes are never written
    const first = received[0] as AudioMessage;
    expect(first.samples.every((v) => v === 1234)).toBe(true);
    expect(first.samples.buffer.byteLength).toBeGreaterThan(first.samples.byteLength); // a view into a slab
    const vib = received[1] as VibrationMessage;
    expect([vib.x[0], vib.y[79], vib.z[40]]).toEqual([1, 2, -3]);
    expect((received.at(-1) as AudioMessage).samples[0]).toBe(-2999);
    expect(decoder.counters.frames).toBe(3002);
  });
});
