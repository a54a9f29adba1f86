import { describe, expect, it } from 'vitest';
import { SOUND_RATE, SOUND_SCHEMA, soundFeatures } from './sound';

/** A compressor-like test signal: shaft orders at `shaftHz`, optional hum, a little noise (seeded). */
function machine(shaftHz: number, options: { humHz?: number; hum?: number; seconds?: number; halfOrders?: boolean } = {}): Float32Array {
  const n = Math.round((options.seconds ?? 10) * SOUND_RATE);
  let seed = 12345;
  const noise = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
  return Float32Array.from({ length: n }, (_, i) => {
    const t = i / SOUND_RATE;
    let v = 0.2 * Math.sin(2 * Math.PI * shaftHz * t) + 0.08 * Math.sin(2 * Math.PI * 2 * shaftHz * t + 1) + 0.05 * Math.sin(2 * Math.PI * 3 * shaftHz * t + 2);
    if (options.hum) v += options.hum * Math.sin(2 * Math.PI * (options.humHz ?? 120) * t);
    if (options.halfOrders) v += 0.05 * Math.sin(2 * Math.PI * 0.5 * shaftHz * t) + 0.04 * Math.sin(2 * Math.PI * 1.5 * shaftHz * t);
    return v + 0.05 * noise();
  });
}

const feature = (f: Float64Array, name: string) => f[SOUND_SCHEMA.names.indexOf(name)]!;

describe('soundFeatures', () => {
  it('finds a 2-pole compressor at 58.3 Hz as 1x, with its orders standing out', () => {
    const a = soundFeatures(machine(58.3));
    expect(a.speed.hz).toBeCloseTo(58.3, 1);
    expect(a.speed.found).toBe(true);
    const one = a.orders.find((o) => o.order === 1)!;
    expect(one.hz).toBeCloseTo(58.3, 1);
    expect(one.prominenceDb).toBeGreaterThan(30);
    expect(feature(a.features, 'order_2x_prom_db')).toBeGreaterThan(20);
    expect(feature(a.features, 'order_1p5x_prom_db')).toBeLessThan(8);
  });

  it('keeps 2x (116.6 Hz) and 120 Hz hum apart on a 60 Hz grid', () => {
    const a = soundFeatures(machine(58.3, { hum: 0.3 }));
    expect(a.speed.hz).toBeCloseTo(58.3, 1);
    expect(a.lineHz).toBe(60);
    expect(a.lineHarmonics[1]!.prominenceDb).toBeGreaterThan(30);
    expect(feature(a.features, 'line_2x_minus_order_1x_db')).toBeGreaterThan(0);
    expect(a.orders.find((o) => o.order === 2)!.hz).toBeCloseTo(116.6, 1);
  });

  it('recognises a 50 Hz grid in recordings from elsewhere', () => {
    const a = soundFeatures(machine(48.5, { hum: 0.3, humHz: 100 }));
    expect(a.lineHz).toBe(50);
    expect(a.speed.hz).toBeCloseTo(48.5, 1);
  });

  it('counts half orders (looseness)', () => {
    expect(soundFeatures(machine(58.3, { halfOrders: true })).halfOrderCount).toBeGreaterThanOrEqual(2);
    expect(soundFeatures(machine(58.3)).halfOrderCount).toBe(0);
  });

  it('uses a given speed instead of estimating one', () => {
    const a = soundFeatures(machine(58.3), { speedHz: 58.3 });
    expect(a.speed.source).toBe('given');
    expect(a.speed.hz).toBe(58.3);
  });

  it('gives the same features whatever the recording level (gain independence)', () => {
    const x = machine(57.6);
    const quiet = x.map((v) => v * 0.01);
    const a = soundFeatures(x).features;
    const b = soundFeatures(quiet).features;
    for (let i = 0; i < a.length; i += 1) expect(b[i]!, SOUND_SCHEMA.names[i]).toBeCloseTo(a[i]!, 2);
  });

  it('produces one finite value per schema name', () => {
    const a = soundFeatures(machine(58.3, { seconds: 5 }));
    expect(a.features).toHaveLength(SOUND_SCHEMA.names.length);
    expect(a.features.every(Number.isFinite)).toBe(true);
  });
});
