import { describe, expect, it } from 'vitest';
import { bandPower, longSpectrum, periodicityAt, ProminenceMap, windowStarts } from './spectrum';

const RATE = 16_000;
const tone = (hz: number, seconds: number, amplitude = 1, rate = RATE) => Float32Array.from({ length: Math.round(seconds * rate) }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate));

describe('longSpectrum', () => {
  it('keeps the signal power (Parseval): the bins of a sine sum to its mean square', () => {
    const s = longSpectrum(tone(1000, 10, 0.5), { size: 65_536, sampleRate: RATE, envelopeBands: [], envelopeMaxHz: 1000 });
    const total = s.power.reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(0.125, 3);
    expect(bandPower(s.power, s.binHz, 990, 1010) / total).toBeGreaterThan(0.999);
  });

  it('resolves 116.6 Hz from 120 Hz with 4 s windows (0.24 Hz bins)', () => {
    const x = tone(116.6, 10);
    const y = tone(120, 10);
    const both = x.map((v, i) => v + y[i]!);
    const s = longSpectrum(both, { size: 65_536, sampleRate: RATE, envelopeBands: [], envelopeMaxHz: 1000 });
    const map = new ProminenceMap(s.power, s.binHz, 500, { gapBins: 3, flankBins: 20 });
    expect(map.near(116.6, 0.3).hz).toBeCloseTo(116.6, 1);
    expect(map.near(116.6, 0.3).prominenceDb).toBeGreaterThan(30);
    expect(map.near(120, 0.3).prominenceDb).toBeGreaterThan(30);
    expect(map.near(118.3, 0.3).prominenceDb).toBeLessThan(10);
  });

  it('finds the repetition rate of impacts in the envelope of their resonance band', () => {
    // A 4 kHz resonance struck 162 times a second (an inner-race defect at 1797 rpm).
    const n = 10 * RATE;
    const x = new Float32Array(n);
    for (let k = 0; k * (RATE / 162) < n; k += 1) {
      const start = Math.round(k * (RATE / 162));
      for (let j = 0; j < 200 && start + j < n; j += 1) x[start + j]! += Math.exp(-j / 30) * Math.sin((2 * Math.PI * 4000 * j) / RATE);
    }
    const s = longSpectrum(x, { size: 65_536, sampleRate: RATE, envelopeBands: [{ loHz: 2500, hiHz: 6400 }], envelopeMaxHz: 1000 });
    const env = s.envelopes[0]!;
    expect(env.available).toBe(true);
    expect(env.kurtosis).toBeGreaterThan(3);
    const map = new ProminenceMap(env.power, s.binHz, 900, { gapBins: 3, flankBins: 20 });
    expect(map.near(162, 0.5).prominenceDb).toBeGreaterThan(20);
    expect(map.near(324, 0.5).prominenceDb).toBeGreaterThan(15);
    expect(periodicityAt(env.power, s.binHz, 1 / 162)).toBeGreaterThan(0.5);
  });

  it('marks an envelope band above Nyquist unavailable rather than inventing it', () => {
    const s = longSpectrum(tone(100, 3, 1, 3200), { size: 4096, sampleRate: 3200, envelopeBands: [{ loHz: 2000, hiHz: 5500 }], envelopeMaxHz: 1000 });
    expect(s.envelopes[0]!.available).toBe(false);
    expect(s.envelopes[0]!.power.every((v) => v === 0)).toBe(true);
  });

  it('covers the whole signal with half-overlapping windows, the last one aligned to the end', () => {
    expect(windowStarts(100, 200)).toEqual([0]);
    expect(windowStarts(400, 200)).toEqual([0, 100, 200]);
    expect(windowStarts(460, 200)).toEqual([0, 100, 200, 260]);
  });
});
