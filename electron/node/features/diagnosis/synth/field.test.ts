import { describe, expect, it } from 'vitest';
import { surveyTones } from '../extraction/tones';
import { sampleFieldSoundSpec } from './field';
import { synthesize } from './machine';
import { MicrophoneFilter, Reverb } from './room';

const RATE = 16_000;
const rmsDb = (x: ArrayLike<number>, from = 0, to = x.length) => {
  let sum = 0;
  for (let i = from; i < to; i += 1) sum += x[i]! ** 2;
  return 10 * Math.log10(sum / Math.max(1, to - from) + 1e-30);
};
const prominence = (x: Float32Array, hz: number) => surveyTones(x, RATE, { loHz: 20, hiHz: 1000 }).orders(hz, 60)[0]!.prominenceDb;

describe('field machines (synth/field.ts)', () => {
  it('is deterministic by seed and draws every compressor type and drive', () => {
    expect(sampleFieldSoundSpec(7)).toEqual(sampleFieldSoundSpec(7));
    const specs = Array.from({ length: 60 }, (_, i) => sampleFieldSoundSpec(100 + i));
    expect(new Set(specs.map((s) => s.machine.type))).toEqual(new Set(['reciprocating', 'rotary', 'scroll']));
    expect(specs.some((s) => s.machine.inverter)).toBe(true);
    expect(specs.some((s) => s.room) && specs.some((s) => !s.room)).toBe(true);
    expect(specs.some((s) => s.microphone.response) && specs.some((s) => !s.microphone.response)).toBe(true);
  });

  it('turns a fixed 4-pole motor just under half the line frequency, and an inverter at the speed asked', () => {
    for (let seed = 1; seed <= 10; seed += 1) {
      const s = sampleFieldSoundSpec(seed, { drive: 'fixed_4pole' });
      expect(s.machine.shaftHz).toBeLessThan(s.machine.lineHz / 2);
      expect(s.machine.shaftHz).toBeGreaterThan(s.machine.lineHz * 0.48);
    }
    expect(sampleFieldSoundSpec(3, { drive: 'inverter', inverterHz: 95 }).machine.shaftHz).toBe(95);
  });

  it('an inverter motor hums at twice its own electrical frequency, not at twice the line frequency', () => {
    const spec = sampleFieldSoundSpec(21, { drive: 'inverter', inverterHz: 40, backgrounds: [], room: false, smallMicrophone: false, snrDb: 40 });
    spec.machine.lineHz = 60;
    spec.machine.inverter = { electricalHz: 80, carrierHz: 4000, whine: 0 };
    spec.machine.hum = [0, 0.5, 0, 0];
    const x = synthesize(spec, 21, 8);
    expect(prominence(x, 160)).toBeGreaterThan(15);
    expect(prominence(x, 120)).toBeLessThan(6);
  });

  it('hears a pump beside the compressor by its vane-pass tone', () => {
    const spec = sampleFieldSoundSpec(5, { drive: 'fixed_2pole', backgrounds: ['pump'], room: false, smallMicrophone: false, snrDb: 0 });
    const pump = spec.background[1]!;
    if (pump.kind !== 'pump') throw new Error('expected a pump');
    const x = synthesize(spec, 5, 8);
    expect(prominence(x, pump.shaftHz * pump.vanes)).toBeGreaterThan(10);
  });

  it('records at the level asked through a room and a small microphone', () => {
    const spec = sampleFieldSoundSpec(9, { room: true, smallMicrophone: true });
    spec.microphone.rmsDbfs = -30;
    expect(rmsDb(synthesize(spec, 9, 4))).toBeCloseTo(-30, 0);
  });

  it('reverberates longer in a bare room than in a furnished one', () => {
    const tail = (rt60Seconds: number) => {
      const room = new Reverb({ rt60Seconds, wet: 0.5 }, RATE);
      const out = Float64Array.from({ length: RATE }, (_, i) => room.step(i === 0 ? 1 : 0));
      return rmsDb(out, 0.3 * RATE, 0.4 * RATE);
    };
    // 60 dB per rt60: over 0.3 s the bare room (1.5 s) loses about 12 dB, the furnished (0.3 s) about 60.
    expect(tail(1.5) - tail(0.3)).toBeGreaterThan(30);
  });

  it('a small microphone cuts the lows below its corner', () => {
    const mic = new MicrophoneFilter({ lowCutHz: 300, peakHz: 4000, peakDb: 6, highCutHz: 7000 }, RATE);
    const sine = (hz: number) => Float64Array.from({ length: RATE }, (_, i) => mic.step(Math.sin((2 * Math.PI * hz * i) / RATE)));
    const low = sine(50);
    const mid = sine(1000);
    expect(rmsDb(mid, RATE / 2) - rmsDb(low, RATE / 2)).toBeGreaterThan(25);
  });
});
