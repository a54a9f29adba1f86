import { describe, expect, it } from 'vitest';
import { defectRatios, SKF_6205 } from './bearings';
import { isoZone, VIBRATION_SCHEMAS, vibrationFeatures } from './vibration';

const G = 9.80665;
const RATE = 12_000;

/** Shaft at 29.95 Hz (1797 rpm) with optional impacts at a defect frequency exciting a 3.5 kHz mode. */
function motor(seconds: number, impactsHz: number | null): Float32Array {
  const n = seconds * RATE;
  let seed = 99;
  const noise = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
  const x = Float32Array.from({ length: n }, (_, i) => 0.05 * Math.sin((2 * Math.PI * 29.95 * i) / RATE) + 0.02 * noise());
  if (impactsHz) {
    for (let k = 0; k * (RATE / impactsHz) < n; k += 1) {
      const start = Math.round(k * (RATE / impactsHz));
      for (let j = 0; j < 150 && start + j < n; j += 1) x[start + j]! += 0.5 * Math.exp(-j / 20) * Math.sin((2 * Math.PI * 3500 * j) / RATE);
    }
  }
  return x;
}

const feature = (f: Float64Array, name: string) => f[VIBRATION_SCHEMAS.wideband.names.indexOf(name)]!;

describe('vibrationFeatures', () => {
  it('sees an inner-race defect at BPFI (162 Hz at 1797 rpm), not at BPFO', () => {
    const bpfi = defectRatios(SKF_6205).bpfi * 29.95;
    expect(bpfi).toBeCloseTo(162.2, 0);
    const a = vibrationFeatures(motor(10, bpfi), 'wideband', { bearing: SKF_6205, speedHz: 29.95 });
    expect(feature(a.features, 'env_hi_bpfi_db')).toBeGreaterThan(15);
    expect(feature(a.features, 'env_hi_bpfi_db')).toBeGreaterThan(feature(a.features, 'env_hi_bpfo_db') + 8);
    expect(a.defects.find((d) => d.key === 'bpfi')!.hz).toBeCloseTo(bpfi, 0);
  });

  it('estimates 1797 rpm from the 1x peak when no speed is given', () => {
    const a = vibrationFeatures(motor(10, null), 'wideband', { bearing: SKF_6205 });
    expect(a.speed.source).toBe('estimated');
    expect(a.speed.hz).toBeCloseTo(29.95, 1);
  });

  it('measures velocity RMS 10-1000 Hz in mm/s', () => {
    // 1 g peak at 100 Hz: velocity peak 9.80665 / (2 pi 100) m/s = 15.6 mm/s, RMS 11.0 mm/s.
    const x = Float32Array.from({ length: 10 * RATE }, (_, i) => Math.sin((2 * Math.PI * 100 * i) / RATE));
    const a = vibrationFeatures(x, 'wideband', { bearing: SKF_6205 });
    expect(a.velocityRmsMmS).toBeCloseTo((G / (2 * Math.PI * 100) / Math.SQRT2) * 1000, 0);
    // Above 1 kHz does not count.
    const high = Float32Array.from({ length: 10 * RATE }, (_, i) => Math.sin((2 * Math.PI * 2000 * i) / RATE));
    expect(vibrationFeatures(high, 'wideband', { bearing: SKF_6205 }).velocityRmsMmS).toBeLessThan(0.1);
  });

  it('narrowband analysis (3200 Hz) reports the 2-5.5 kHz band as unavailable', () => {
    const x = Float32Array.from({ length: 5 * 3200 }, (_, i) => Math.sin((2 * Math.PI * 29.95 * i) / 3200));
    const a = vibrationFeatures(x, 'narrowband', { bearing: SKF_6205, speedHz: 29.95 });
    expect(a.features[VIBRATION_SCHEMAS.narrowband.names.indexOf('env_hi_available')]).toBe(0);
    expect(a.features[VIBRATION_SCHEMAS.narrowband.names.indexOf('env_lo_available')]).toBe(1);
  });
});

describe('isoZone (ISO 10816-1, class I)', () => {
  it('uses the 0.71 / 1.8 / 4.5 mm/s boundaries', () => {
    expect(isoZone(0.5)).toBe('A');
    expect(isoZone(0.71)).toBe('B');
    expect(isoZone(1.79)).toBe('B');
    expect(isoZone(1.8)).toBe('C');
    expect(isoZone(4.5)).toBe('D');
  });
});
