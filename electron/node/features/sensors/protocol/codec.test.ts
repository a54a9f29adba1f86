import { crc32 } from 'node:zlib';
import { fc } from '../../../testing/fuzz-seed';
import { describe, expect, it } from 'vitest';
import { cobsDecode, cobsEncode, cobsMaxEncodedLength } from './cobs';
import { ALL_STREAMS, Capability, MAX_ENCODED_BYTES, MessageType } from './constants';
import { type FrameHeader, FrameDecoder } from './decoder';
import { buildRawFrame, encodeFrame, encodeMessage, wrapFrame } from './encoder';
import type { ProtocolMessage } from './messages';

const f32 = fc.float({ noNaN: true, noDefaultInfinity: true });
const f32OrNull = fc.option(f32, { nil: null });
const shortText = fc.string({ minLength: 1, maxLength: 40 });
const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const sampleIndex = fc.integer({ min: 0, max: 2 ** 53 - 1 });

const messageArb: fc.Arbitrary<ProtocolMessage> = fc.oneof(
  fc.record({
    type: fc.constant('hello' as const),
    bootId: u32,
    capabilities: u32,
    audioSampleRate: fc.option(fc.integer({ min: 1, max: 192_000 }), { nil: null }),
    vibrationSampleRate: fc.option(fc.integer({ min: 1, max: 3200 }), { nil: null }),
    readingRateHz: fc.option(fc.constantFrom(0.5, 1, 2, 10), { nil: null }),
    deviceId: shortText,
    firmwareVersion: fc.string({ maxLength: 20 }),
    model: fc.string({ maxLength: 20 }),
  }),
  fc.record({
    type: fc.constant('reading' as const),
    temperatureC: f32OrNull,
    vibrationG: fc.option(fc.record({ x: f32, y: f32, z: f32 }), { nil: null }),
    currentA: f32OrNull,
    powerW: f32OrNull,
    audioLevelDb: f32OrNull,
    quality: f32OrNull,
  }),
  fc.record({
    type: fc.constant('audio' as const),
    sampleRate: fc.integer({ min: 1, max: 192_000 }),
    firstSample: sampleIndex,
    samples: fc.int16Array({ maxLength: 2000 }),
  }),
  fc.record({
    type: fc.constant('status' as const),
    batteryPercent: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
    rssiDbm: fc.option(fc.integer({ min: -100, max: 0 }), { nil: null }),
    flags: fc.integer({ min: 0, max: 0xffff }),
    bootId: u32,
    droppedSamples: sampleIndex,
    freeHeapBytes: u32,
  }),
  fc.record({ type: fc.constant('log' as const), level: fc.integer({ min: 0, max: 3 }), text: fc.string({ maxLength: 200 }) }),
  fc.record({
    type: fc.constant('command' as const),
    requestId: fc.integer({ min: 0, max: 0xffff }),
    command: fc.oneof(
      fc.constant({ op: 'hello' as const }),
      fc.record({ op: fc.constantFrom('start' as const, 'stop' as const), streams: fc.integer({ min: 0, max: ALL_STREAMS }) }),
      fc.record({
        op: fc.constant('set-rates' as const),
        audioSampleRate: fc.integer({ min: 0, max: 48_000 }),
        vibrationSampleRate: fc.integer({ min: 0, max: 3200 }),
        readingRateHz: fc.constantFrom(0, 1, 2.5, 10),
      }),
      fc.record({ op: fc.constant('identify' as const), seconds: fc.integer({ min: 0, max: 600 }) }),
      fc.record({ op: fc.constant('time-sync' as const), hostTimeUs: sampleIndex }),
    ),
  }),
  fc.record({
    type: fc.constant('ack' as const),
    requestId: fc.integer({ min: 0, max: 0xffff }),
    op: fc.integer({ min: 1, max: 6 }),
    status: fc.integer({ min: 0, max: 3 }),
    echoHostTimeUs: fc.option(sampleIndex, { nil: null }),
  }),
);

/** Float32 values survive the wire exactly; -0 becomes 0 is not a concern (toEqual treats them alike). */
function roundTrip(message: ProtocolMessage, sequence = 7, timeUs = 123_456_789): { header: FrameHeader; message: ProtocolMessage }[] {
  const out: { header: FrameHeader; message: ProtocolMessage }[] = [];
  const decoder = new FrameDecoder({ onMessage: (header, m) => out.push({ header, message: m }) }, { synced: true });
  decoder.push(encodeMessage(message, sequence, timeUs));
  return out;
}

/** Splits bytes into chunks of random sizes, as a serial port or a socket delivers them. */
function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(bytes.subarray(from, p));
    from = p;
  }
  chunks.push(bytes.subarray(from));
  return chunks;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('COBS', () => {
  it('round-trips any bytes, and the encoding holds no zero', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const enc = new Uint8Array(cobsMaxEncodedLength(bytes.length));
        const n = cobsEncode(bytes, 0, bytes.length, enc, 0);
        expect(n).toBeLessThanOrEqual(cobsMaxEncodedLength(bytes.length));
        expect(enc.subarray(0, n).includes(0)).toBe(false);
        const dec = new Uint8Array(bytes.length + 10);
        const m = cobsDecode(enc, 0, n, dec);
        expect(dec.subarray(0, m)).toEqual(bytes);
      }),
    );
  });

  it('handles runs of exactly 254 and 255 non-zero bytes (the block boundary)', () => {
    for (const length of [253, 254, 255, 508, 509]) {
      const bytes = new Uint8Array(length).fill(7);
      const enc = new Uint8Array(cobsMaxEncodedLength(length));
      const n = cobsEncode(bytes, 0, length, enc, 0);
      const dec = new Uint8Array(length);
      expect(cobsDecode(enc, 0, n, dec)).toBe(length);
      expect(dec).toEqual(bytes);
    }
  });

  it('refuses a code that runs past the end, and never writes past the output', () => {
    expect(cobsDecode(Uint8Array.of(5, 1, 2), 0, 3, new Uint8Array(10))).toBe(-1);
    expect(cobsDecode(Uint8Array.of(5, 1, 2, 3, 4), 0, 5, new Uint8Array(2))).toBe(-1);
  });
});

describe('frames', () => {
  it('use the standard CRC-32 (IEEE 802.3, as zlib and the ESP32 ROM compute it)', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
  });

  it('have a fixed layout: this test vector is printed in docs/protocol.md', () => {
    const frame = encodeMessage({ type: 'log', level: 2, text: 'hi' }, 1, 1_000_000);
    expect(Buffer.from(frame).toString('hex')).toBe('03010601020101010440420f010101010203080268696cca18f200');
  });

  it('round-trip every message type', () => {
    fc.assert(
      fc.property(messageArb, u32, sampleIndex, (message, sequence, timeUs) => {
        const [decoded, ...rest] = roundTrip(message, sequence, timeUs);
        expect(rest).toEqual([]);
        expect(decoded!.header).toMatchObject({ version: 1, sequence, deviceTimeUs: timeUs });
        expect(decoded!.message).toEqual(message);
      }),
    );
  });

  it('vibration is carried as counts of the given scale', () => {
    const x = Float32Array.of(0, 1, -1.5, 2);
    const [decoded] = roundTrip({ type: 'vibration', sampleRate: 1600, firstSample: 42, scaleG: 1 / 256, x, y: x.map((v) => -v), z: x.map((v) => v / 2) });
    expect(decoded!.message).toMatchObject({ type: 'vibration', sampleRate: 1600, firstSample: 42 });
    const m = decoded!.message as Extract<ProtocolMessage, { type: 'vibration' }>;
    expect([...m.x]).toEqual([0, 1, -1.5, 2]);
    expect([...m.y]).toEqual([0, -1, 1.5, -2]);
    expect([...m.z]).toEqual([0, 0.5, -0.75, 1]);
  });

  it('a frame from a newer protocol version or of an unknown type is skipped and counted, and the next one is read', () => {
    const skipped: string[] = [];
    const messages: ProtocolMessage[] = [];
    const decoder = new FrameDecoder({ onSkipped: (h, reason) => skipped.push(`${h.sequence}:${reason}`), onMessage: (_h, m) => messages.push(m) }, { synced: true });
    decoder.push(encodeFrame({ version: 2, type: MessageType.READING, sequence: 1, deviceTimeUs: 0, payload: new Uint8Array(40) }));
    decoder.push(encodeFrame({ type: 99, sequence: 2, deviceTimeUs: 0, payload: new Uint8Array(3) }));
    decoder.push(encodeMessage({ type: 'log', level: 1, text: 'still here' }, 3, 0));
    expect(skipped).toEqual(['1:unsupported-version', '2:unknown-type']);
    expect(messages).toEqual([{ type: 'log', level: 1, text: 'still here' }]);
    expect(decoder.counters).toMatchObject({ unsupportedVersion: 1, unknownType: 1, frames: 1, badFrames: 0 });
  });

  it('an intact frame whose payload makes no sense is counted as malformed', () => {
    const decoder = new FrameDecoder({}, { synced: true });
    decoder.push(encodeFrame({ type: MessageType.AUDIO, sequence: 1, deviceTimeUs: 0, payload: new Uint8Array(13) }));
    decoder.push(encodeFrame({ type: MessageType.READING, sequence: 2, deviceTimeUs: 0, payload: new Uint8Array(31) }));
    expect(decoder.counters.bad.malformed).toBe(2);
  });

  it('a length field that disagrees with the frame is caught before anything is read', () => {
    const raw = buildRawFrame({ type: MessageType.LOG, sequence: 1, deviceTimeUs: 0, payload: Uint8Array.of(2, 65) });
    raw[16] = 5; // claims 5 payload bytes, has 2; fix the CRC so only the length is wrong
    new DataView(raw.buffer).setUint32(raw.length - 4, crc32(raw.subarray(0, raw.length - 4)), true);
    const decoder = new FrameDecoder({}, { synced: true });
    decoder.push(wrapFrame(raw));
    expect(decoder.counters.bad.length).toBe(1);
  });
});

describe('decoder robustness', () => {
  it('never throws on any bytes in any chunking, and accounts for every byte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), fc.array(fc.nat(), { maxLength: 20 }), (bytes, cuts) => {
        const decoder = new FrameDecoder();
        for (const chunk of chunked(bytes, cuts)) decoder.push(chunk);
        decoder.end();
        expect(decoder.counters.bytes).toBe(bytes.length);
      }),
      { numRuns: 300 },
    );
  });

  it('survives a fuzzed mix of frames, text and noise without throwing', () => {
    // Biased noise: zeros, newlines and '{' are what could confuse a framer.
    const noisyByte = fc.oneof(fc.constantFrom(0, 0x0a, 0x7b, 0x22, 3, 0xff), fc.integer({ min: 0, max: 255 }));
    fc.assert(
      fc.property(
        fc.array(fc.oneof(messageArb.map((m) => encodeMessage(m, 1, 1)), fc.uint8Array({ maxLength: 300 }), fc.array(noisyByte, { maxLength: 300 }).map((a) => Uint8Array.from(a)))),
        fc.array(fc.nat(), { maxLength: 30 }),
        (parts, cuts) => {
          const decoder = new FrameDecoder({ onMessage: () => undefined, onText: () => undefined, onLegacyReading: () => undefined });
          for (const chunk of chunked(concat(parts), cuts)) decoder.push(chunk);
          decoder.end();
        },
      ),
      { numRuns: 200 },
    );
  });

  /**
   * The property the link relies on: after any damage, every frame that reaches a consumer is
   * exactly one that was sent, in order, and every frame not touched by the damage gets through.
   * So frames lost = gaps in the sequence numbers, and each run of lost frames is counted as bad.
   */
  it('resynchronises after bit flips: intact frames all arrive, damaged ones never do, and each loss is counted', () => {
    fc.assert(
      fc.property(
        fc.array(messageArb, { minLength: 5, maxLength: 40 }),
        fc.array(fc.record({ frame: fc.nat(), byte: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (messages, flips, cuts) => {
          const frames = messages.map((m, i) => encodeMessage(m, i, i * 1000));
          const originals = frames.map((f) => Uint8Array.from(f));
          for (const flip of flips) {
            const frame = frames[flip.frame % frames.length]!;
            frame[flip.byte % frame.length]! ^= 1 << flip.bit;
          }
          // Flips can cancel out: a frame is damaged when its bytes differ from what was sent,
          // and a damaged delimiter merges it with the next frame: both are lost.
          const damaged = new Set<number>();
          frames.forEach((frame, i) => {
            if (Buffer.compare(frame, originals[i]!) !== 0) damaged.add(i);
            if (frame.at(-1) !== 0 && i + 1 < frames.length) damaged.add(i + 1);
          });
          const received: { sequence: number; message: ProtocolMessage }[] = [];
          const decoder = new FrameDecoder({ onMessage: (h, m) => received.push({ sequence: h.sequence, message: m }) }, { synced: true });
          for (const chunk of chunked(concat(frames), cuts)) decoder.push(chunk);
          decoder.end();

          const expected = messages.map((_, i) => i).filter((i) => !damaged.has(i));
          expect(received.map((r) => r.sequence)).toEqual(expected);
          for (const r of received) expect(r.message).toEqual(messages[r.sequence]);
          // Runs of consecutive lost frames: each produced at least one bad frame.
          let runs = 0;
          for (let i = 0; i < messages.length; i += 1) if (damaged.has(i) && !damaged.has(i - 1)) runs += 1;
          expect(decoder.counters.badFrames).toBeGreaterThanOrEqual(runs);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('resynchronises after truncation, deletion and garbage between frames', () => {
    fc.assert(
      fc.property(
        fc.array(messageArb, { minLength: 3, maxLength: 30 }),
        fc.array(fc.record({ frame: fc.nat(), kind: fc.constantFrom('truncate', 'garbage'), at: fc.nat(), garbage: fc.uint8Array({ minLength: 1, maxLength: 64 }) }), { maxLength: 6 }),
        (messages, damage) => {
          const frames = messages.map((m, i) => encodeMessage(m, i, 0));
          const lost = new Set<number>();
          const heads: Uint8Array[] = frames.map((f) => f);
          const tails: Uint8Array[][] = frames.map(() => []);
          for (const d of damage) {
            const index = d.frame % frames.length;
            const frame = frames[index]!;
            if (d.kind === 'truncate') {
              // Bytes lost mid-frame (the delimiter survives): this frame is lost.
              const cut = d.at % (frame.length - 1);
              heads[index] = concat([frame.subarray(0, cut), Uint8Array.of(0)]);
              lost.add(index);
            } else {
              // Noise after a frame's delimiter, ended by a delimiter as a line or frame would be.
              tails[index]!.push(d.garbage, Uint8Array.of(0));
            }
          }
          const parts = heads.flatMap((head, i) => [head, ...tails[i]!]);
          const received: number[] = [];
          const decoder = new FrameDecoder({ onMessage: (h) => received.push(h.sequence) }, { synced: true });
          decoder.push(concat(parts));
          expect(received).toEqual(messages.map((_, i) => i).filter((i) => !lost.has(i)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('skips the partial frame it joins mid-stream without calling it an error', () => {
    const bytes = concat([1, 2, 3].map((s) => encodeMessage({ type: 'log', level: 2, text: `frame ${s}` }, s, 0)));
    const received: number[] = [];
    const decoder = new FrameDecoder({ onMessage: (h) => received.push(h.sequence) });
    decoder.push(bytes.subarray(5));
    expect(received).toEqual([2, 3]);
    expect(decoder.counters.badFrames).toBe(0);
    expect(decoder.counters.syncBytes).toBeGreaterThan(0);
  });

  it('joining at any byte of a frame full of newlines is not counted as damage', () => {
    const lf = new Int16Array(200).fill(0x0a0a);
    const frames = [1, 2, 3].map((s) => encodeMessage({ type: 'audio', sampleRate: 16_000, firstSample: s * 200, samples: lf }, s, 0));
    const bytes = concat(frames);
    for (let at = 0; at < frames[0]!.length; at += 1) {
      const received: number[] = [];
      const decoder = new FrameDecoder({ onMessage: (h) => received.push(h.sequence) });
      decoder.push(bytes.subarray(at));
      expect(received.slice(-2)).toEqual([2, 3]);
      expect(decoder.counters.badFrames).toBe(0);
    }
  });

  it('counts an endless segment as one oversize frame, then carries on', () => {
    const received: number[] = [];
    const decoder = new FrameDecoder({ onMessage: (h) => received.push(h.sequence) }, { synced: true });
    const noise = new Uint8Array(MAX_ENCODED_BYTES + 10).fill(3);
    for (let i = 0; i < noise.length; i += 4096) decoder.push(noise.subarray(i, i + 4096));
    decoder.push(Uint8Array.of(0));
    decoder.push(encodeMessage({ type: 'log', level: 2, text: 'after' }, 9, 0));
    expect(received).toEqual([9]);
    expect(decoder.counters.bad.oversize).toBe(1);
  });

  it('counts a frame cut off by the end of the link as truncated', () => {
    const decoder = new FrameDecoder({}, { synced: true });
    const frame = encodeMessage({ type: 'log', level: 2, text: 'cut' }, 1, 0);
    decoder.push(frame.subarray(0, 10));
    decoder.end();
    expect(decoder.counters.bad.truncated).toBe(1);
  });
});

describe('text lines of the existing firmware on the same link', () => {
  const reading = {
    device_id: 'esp32-legacy-01',
    timestamp: 1_790_000_000,
    temperature: 4.5,
    vibration: { x: 0.01, y: 0.02, z: 0.98 },
    power_consumption: 820,
    audio_level: 62.5,
    sensor_quality: 95,
  };

  it('reads JSON readings and log lines between binary frames', () => {
    const events: string[] = [];
    const decoder = new FrameDecoder(
      {
        onMessage: (h) => events.push(`frame ${h.sequence}`),
        onText: (line) => events.push(`log ${line}`),
        onLegacyReading: (r) => events.push(`reading ${r.deviceId} ${r.temperatureC} ${r.quality}`),
        onLegacyRejected: (e) => events.push(`rejected ${e}`),
      },
      { synced: true },
    );
    const text = (s: string) => new TextEncoder().encode(s);
    decoder.push(
      concat([
        text('ets Jun  8 2016 00:22:57\r\n'),
        encodeMessage({ type: 'log', level: 2, text: 'x' }, 1, 0),
        text(`${JSON.stringify(reading)}\n`),
        encodeMessage({ type: 'status', batteryPercent: 80, rssiDbm: -60, flags: 0, bootId: 1, droppedSamples: 0, freeHeapBytes: 1000 }, 2, 0),
        text(`${JSON.stringify({ ...reading, temperature: undefined })}\n`),
        text('{not json\n'),
      ]),
    );
    expect(events).toEqual([
      'log ets Jun  8 2016 00:22:57',
      'frame 1',
      'reading esp32-legacy-01 4.5 0.95',
      'frame 2',
      'rejected Missing required field: temperature',
      'rejected The line is not valid JSON',
    ]);
    expect(decoder.counters).toMatchObject({ legacyReadings: 1, legacyRejected: 2, textLines: 1, frames: 2, badFrames: 0 });
  });

  it('treats binary-looking lines as garbage, not as log text', () => {
    const decoder = new FrameDecoder({}, { synced: true });
    decoder.push(Uint8Array.of(0x41, 0x01, 0x02, 0x0a));
    expect(decoder.counters).toMatchObject({ textLines: 0, badFrames: 1 });
    expect(decoder.counters.bad.garbage).toBe(1);
  });
});

describe('capabilities', () => {
  it('are distinct bits', () => {
    const bits = Object.values(Capability);
    expect(new Set(bits).size).toBe(bits.length);
    expect(bits.reduce((a, b) => a | b, 0)).toBe(bits.reduce((a, b) => a + b, 0));
  });
});
