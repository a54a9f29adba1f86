import FFT from 'fft.js';
import { describe, expect, it } from 'vitest';
import { BuiltInSource, type SimpleCondition } from './sample-source';

const RATE = 16_000;
const N = 65_536; // 4 s: 0.24 Hz bins, enough to tell 2x shaft (116.6 Hz) from 120 Hz hum

/** Amplitude spectrum of 4 s of the source's audio, produced in 256-sample chunks as the sensor does. */
function spectrum(condition: SimpleCondition): (hz: number) => number {
  const source = new BuiltInSource({ condition, seed: 7 });
  const audio = new Float64Array(N);
  const chunk = new Int16Array(256);
  for (let at = 0; at < N; at += 256) {
    source.audio(chunk, at, RATE);
    for (let i = 0; i < 256; i += 1) audio[at + i] = chunk[i]! / 32768;
  }
  const fft = new FFT(N);
  const out = fft.createComplexArray();
  fft.realTransform(out, audio);
  return (hz: number) => {
    // Peak within ±1 Hz (the shaft speed wanders a little).
    const k0 = Math.round((hz * N) / RATE);
    let peak = 0;
    for (let k = k0 - 4; k <= k0 + 4; k += 1) peak = Math.max(peak, Math.hypot(out[2 * k]!, out[2 * k + 1]!));
    return (2 * peak) / N;
  };
}

describe('built-in sample source', () => {
  const shaft = 58.3;
  it('a healthy compressor: shaft harmonics and 120 Hz hum, apart at 0.25 Hz resolution', () => {
    const s = spectrum('healthy');
    expect(s(shaft)).toBeGreaterThan(0.01);
    expect(s(120)).toBeGreaterThan(0.005);
    expect(s(2 * shaft)).toBeGreaterThan(0.005);
  });

  it('each condition shows its signature', () => {
    const healthy = spectrum('healthy');
    const unbalance = spectrum('unbalance');
    const misalignment = spectrum('misalignment');
    const electrical = spectrum('electrical');
    const looseness = spectrum('looseness');
    expect(unbalance(shaft)).toBeGreaterThan(3 * healthy(shaft));
    expect(misalignment(2 * shaft)).toBeGreaterThan(3 * healthy(2 * shaft));
    expect(electrical(120)).toBeGreaterThan(4 * healthy(120));
    expect(looseness(0.5 * shaft)).toBeGreaterThan(5 * healthy(0.5 * shaft));
  });

  it('vibration carries gravity on z and the rotation on x and y', () => {
    const source = new BuiltInSource({ condition: 'unbalance' });
    const n = 1600;
    const [x, y, z] = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
    source.vibration(x, y, z, 0, 1600);
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    const rms = (a: Float32Array) => Math.sqrt(a.reduce((s, v) => s + (v - mean(a)) ** 2, 0) / a.length);
    expect(mean(z)).toBeCloseTo(1, 1);
    expect(rms(x)).toBeGreaterThan(0.1);
    expect(rms(y)).toBeGreaterThan(0.1);
  });

  it('readings: a running compressor draws current; one switched off does not', () => {
    expect(new BuiltInSource({ condition: 'healthy' }).reading(300).currentA).toBeGreaterThan(4);
    expect(new BuiltInSource({ condition: 'off' }).reading(300).currentA).toBe(0);
  });
});
