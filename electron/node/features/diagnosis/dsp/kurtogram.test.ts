import { describe, expect, it } from 'vitest';
import { Rng } from '../synth/random';
import { fastKurtogram, kurtogramLevels } from './kurtogram';

const RATE = 12_000;

/**
 * Impacts repeating at `rateHz` (with 1 % jitter, as rolling elements slip), each ringing a
 * resonance at `resonanceHz`, buried in white noise `noiseToImpactRms` times stronger, plus a
 * strong steady 300 Hz tone (shaft harmonic, hum) that a plain spectrum would notice first.
 */
function impactsInResonance(seed: number, resonanceHz: number, rateHz: number, noiseToImpactRms: number, seconds = 5): Float64Array {
  const rng = new Rng(seed);
  const n = seconds * RATE;
  const x = new Float64Array(n);
  // 5 % damping: a ring of about 1.5 ms at 3 kHz, short beside the 9 ms between impacts.
  const decay = 2 * Math.PI * 0.05 * resonanceHz;
  let t = rng.range(0, 1 / rateHz);
  while (t < seconds) {
    const start = Math.round(t * RATE);
    for (let i = 0; start + i < n && i < 0.02 * RATE; i += 1) {
      const s = i / RATE;
      x[start + i]! += Math.exp(-decay * s) * Math.sin(2 * Math.PI * resonanceHz * s);
    }
    t += (1 / rateHz) * (1 + 0.01 * rng.gauss());
  }
  let rms = 0;
  for (const v of x) rms += v * v;
  rms = Math.sqrt(rms / n);
  for (let i = 0; i < n; i += 1) x[i] = x[i]! + noiseToImpactRms * rms * rng.gauss() + 3 * rms * noiseToImpactRms * Math.sin((2 * Math.PI * 300 * i) / RATE);
  return x;
}

describe('fastKurtogram', () => {
  it('has Antoni’s 1/3-binary grid: 1, 2, 3, 4, 6, 8 ... bands per level', () => {
    expect(kurtogramLevels(3)).toEqual([
      { level: 0, count: 1 },
      { level: 1, count: 2 },
      { level: 1.6, count: 3 },
      { level: 2, count: 4 },
      { level: 2.6, count: 6 },
      { level: 3, count: 8 },
    ]);
  });

  it('is near 0 for Gaussian noise and near -1 for a steady tone', () => {
    const seed = 20_071;
    console.log(`kurtogram noise seed ${seed}`);
    const rng = new Rng(seed);
    const noise = Float64Array.from({ length: 5 * RATE }, () => rng.gauss());
    const k = fastKurtogram(noise, RATE, { maxLevel: 4 });
    for (const band of k.bands) expect(Math.abs(band.kurtosis), `${band.loHz}-${band.hiHz} Hz`).toBeLessThan(0.35);
    const tone = Float64Array.from({ length: 5 * RATE }, (_, i) => Math.sin((2 * Math.PI * 1000.5 * i) / RATE));
    const toneBand = fastKurtogram(tone, RATE, { maxLevel: 2 }).bands.find((b) => b.loHz <= 1000 && b.hiHz > 1001 && b.level === 2)!;
    expect(toneBand.kurtosis).toBeCloseTo(-1, 1);
  });

  for (const [seed, resonanceHz] of [
    [1, 3300],
    [2, 1700],
    [3, 4700],
  ] as const) {
    it(`finds a ${resonanceHz} Hz resonance struck by impacts under noise twice their RMS (seed ${seed})`, () => {
      console.log(`kurtogram resonance seed ${seed}`);
      const x = impactsInResonance(seed, resonanceHz, 107.3, 2);
      const k = fastKurtogram(x, RATE, { minWidthHz: 400 });
      expect(k.best.loHz).toBeLessThanOrEqual(resonanceHz);
      expect(k.best.hiHz).toBeGreaterThanOrEqual(resonanceHz);
      expect(k.best.kurtosis).toBeGreaterThan(0.4);
      // The whole band (level 0) is far less impulsive: the noise and the tone dilute the impacts.
      expect(k.bands[0]!.kurtosis).toBeLessThan(k.best.kurtosis / 2);
    });
  }

  it('respects the narrowest band allowed and the lowest frequency allowed', () => {
    console.log('kurtogram limits seed 4');
    const x = impactsInResonance(4, 2500, 80, 2);
    const k = fastKurtogram(x, RATE, { minWidthHz: 900, minLoHz: 1000 });
    expect(k.best.widthHz).toBeGreaterThanOrEqual(900);
    expect(k.best.loHz).toBeGreaterThanOrEqual(1000);
    expect(k.best.loHz).toBeLessThanOrEqual(2500);
    expect(k.best.hiHz).toBeGreaterThanOrEqual(2500);
  });

  it('refuses a recording too short to have a spectrum', () => {
    expect(() => fastKurtogram(new Float64Array(10), RATE)).toThrow(/at least 64 samples/);
  });
});
