import { describe, expect, it } from 'vitest';
import { resample } from '../../platform/audio/resample';
import { resampleInSteps } from './analysis-copy';

const tone = (hz: number, rate: number, seconds: number, amplitude = 0.5) =>
  Float32Array.from({ length: Math.round(rate * seconds) }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate));

function amplitudeAt(signal: Float32Array, rate: number, hz: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < signal.length; i += 1) {
    re += signal[i]! * Math.cos((2 * Math.PI * hz * i) / rate);
    im -= signal[i]! * Math.sin((2 * Math.PI * hz * i) / rate);
  }
  return (2 * Math.hypot(re, im)) / signal.length;
}

describe('resampleInSteps', () => {
  it('gives exactly the expected length and the same signal as the one-shot resampler', async () => {
    const input = tone(1000, 48000, 3.3);
    const stepped = await resampleInSteps(input, 48000, 16000);
    expect(stepped.length).toBe(Math.round((input.length * 16000) / 48000));
    const whole = await resample(input, 48000, 16000);
    let worst = 0;
    for (let i = 2000; i < Math.min(whole.length, stepped.length) - 2000; i += 1) worst = Math.max(worst, Math.abs(whole[i]! - stepped[i]!));
    expect(worst).toBeLessThan(1e-3);
  });

  it('keeps the anti-aliasing filter: a tone above the new Nyquist does not fold back', async () => {
    const out = await resampleInSteps(tone(12000, 48000, 2), 48000, 16000);
    expect(amplitudeAt(out.subarray(2000, 30000), 16000, 4000)).toBeLessThan(0.005);
  });

  it('handles values beyond ±1 (vibration in g) and upsampling', async () => {
    const out = await resampleInSteps(tone(100, 12000, 2, 6), 12000, 16000);
    expect(out.length).toBe(32000);
    expect(amplitudeAt(out.subarray(2000, 30000), 16000, 100)).toBeCloseTo(6, 0);
  });

  it('lets the event loop run between steps', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    await resampleInSteps(tone(440, 48000, 20), 48000, 16000);
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(5);
  });
});
