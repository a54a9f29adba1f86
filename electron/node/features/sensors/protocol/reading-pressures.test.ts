import { fc } from '../../../testing/fuzz-seed';
import { describe, expect, it } from 'vitest';
import { MessageType } from './constants';
import { FrameDecoder } from './decoder';
import { encodeFrame, encodeMessage } from './encoder';
import type { ProtocolMessage, ReadingMessage } from './messages';

/** READING with pressure transducers (docs/protocol.md, "Pressure transducers"): 8 or 10 floats. */

const base: ReadingMessage = { type: 'reading', temperatureC: 12.5, vibrationG: null, currentA: 8.25, powerW: null, audioLevelDb: null, quality: 1 };

function decodeAll(frames: Uint8Array[]): { messages: ProtocolMessage[]; decoder: FrameDecoder } {
  const messages: ProtocolMessage[] = [];
  const decoder = new FrameDecoder({ onMessage: (_h, m) => messages.push(m) }, { synced: true });
  for (const f of frames) decoder.push(f);
  return { messages, decoder };
}

/** A READING payload of `floats` little-endian f32 values, as firmware writes it. */
function readingPayload(floats: number[]): Uint8Array {
  const out = new Uint8Array(floats.length * 4);
  const view = new DataView(out.buffer);
  floats.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}

describe('READING with pressure transducers', () => {
  it('an 8-float reading (every sensor before transducers) still decodes, with no pressures', () => {
    const { messages } = decodeAll([encodeFrame({ type: MessageType.READING, sequence: 1, deviceTimeUs: 0, payload: readingPayload([12.5, NaN, NaN, NaN, 8.25, NaN, NaN, 1]) })]);
    expect(messages).toEqual([base]);
    expect(messages[0]).not.toHaveProperty('pressures');
  });

  it('a 10-float reading carries suction and discharge pressure in absolute kPa; NaN is no transducer', () => {
    const { messages } = decodeAll([
      encodeFrame({ type: MessageType.READING, sequence: 1, deviceTimeUs: 0, payload: readingPayload([12.5, NaN, NaN, NaN, 8.25, NaN, NaN, 1, 905.5, 2_850]) }),
      encodeFrame({ type: MessageType.READING, sequence: 2, deviceTimeUs: 0, payload: readingPayload([12.5, NaN, NaN, NaN, 8.25, NaN, NaN, 1, 905.5, NaN]) }),
    ]);
    expect(messages).toEqual([
      { ...base, pressures: { suctionKpa: 905.5, dischargeKpa: 2_850 } },
      { ...base, pressures: { suctionKpa: 905.5, dischargeKpa: null } },
    ]);
  });

  it('a negative or absurd pressure is a broken signal and arrives as no value, never as a reading', () => {
    const { messages } = decodeAll([encodeFrame({ type: MessageType.READING, sequence: 1, deviceTimeUs: 0, payload: readingPayload([12.5, NaN, NaN, NaN, 8.25, NaN, NaN, 1, -3, 1e9]) })]);
    expect(messages).toEqual([{ ...base, pressures: { suctionKpa: null, dischargeKpa: null } }]);
  });

  it('any other length is refused and counted as malformed, and the link carries on', () => {
    const lengths = [0, 4, 28, 33, 36, 39, 41, 44, 48];
    const frames = lengths.map((n, i) => encodeFrame({ type: MessageType.READING, sequence: i + 1, deviceTimeUs: 0, payload: new Uint8Array(n) }));
    frames.push(encodeMessage(base, lengths.length + 1, 0));
    const { messages, decoder } = decodeAll(frames);
    expect(decoder.counters.bad.malformed).toBe(lengths.length);
    expect(messages).toEqual([base]);
  });

  it('round-trips any pressures the wire can carry, with or without transducers', () => {
    const kpa = fc.option(fc.float({ min: 0, max: 20_000, noNaN: true }), { nil: null });
    fc.assert(
      fc.property(fc.option(fc.record({ suctionKpa: kpa, dischargeKpa: kpa }), { nil: undefined }), (pressures) => {
        const message: ReadingMessage = pressures ? { ...base, pressures } : base;
        const { messages } = decodeAll([encodeMessage(message, 1, 0)]);
        expect(messages).toEqual([message]);
      }),
    );
  });
});
