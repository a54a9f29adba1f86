import { describe, expect, it } from 'vitest';
import { analysisCopy, RESAMPLER_MAX_RATIO, resample, toMono } from './resample';
import { MAX_SAMPLE_RATE } from './wav';

/** Amplitude of one frequency in a signal (a single-bin DFT). */
function amplitudeAt(signal: Float32Array, rate: number, hz: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < signal.length; i += 1) {
    const phase = (2 * Math.PI * hz * i) / rate;
    re += signal[i]! * Math.cos(phase);
    im -= signal[i]! * Math.sin(phase);
  }
  return (2 * Math.hypot(re, im)) / signal.length;
}

const tone = (hz: number, rate: number, seconds: number, amplitude = 0.5) =>
  Float32Array.from({ length: rate * seconds }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / rate));

describe('resample', () => {
  it('keeps a tone inside the new band at its frequency and level', async () => {
    const out = await resample(tone(1000, 48000, 1), 48000, 16000);
    expect(out.length).toBeGreaterThan(15_900);
    expect(out.length).toBeLessThan(16_100);
    expect(amplitudeAt(out.subarray(1000, 15000), 16000, 1000)).toBeCloseTo(0.5, 1);
  });

  it('removes a tone above the new Nyquist instead of folding it into the band (anti-aliasing)', async () => {
    // 12 kHz at 48 kHz would alias to 4 kHz at 16 kHz without a filter.
    const out = await resample(tone(12000, 48000, 1), 48000, 16000);
    expect(amplitudeAt(out.subarray(1000, 15000), 16000, 4000)).toBeLessThan(0.005);
  });

  it('handles values beyond ±1 (vibration in g) without clipping', async () => {
    const out = await resample(tone(100, 12000, 1, 8), 12000, 16000);
    expect(amplitudeAt(out.subarray(1000, 15000), 16000, 100)).toBeCloseTo(8, 0);
  });

  // Issue 14 case 9: e3bc6df accepted these rates at validation and then failed in the resampler with `internal`.
  it.each([192_000, 384_000, 768_000])('case 9: converts an ultrasonic recorder\'s %i Hz to 16 kHz, filtered', async (rate) => {
    const signal = tone(1000, rate, 0.5);
    const ultrasonic = tone(41_000, rate, 0.5);
    for (let i = 0; i < signal.length; i += 1) signal[i]! += ultrasonic[i]!;
    const out = await resample(signal, rate, 16000);
    expect(Math.abs(out.length - 8000)).toBeLessThan(20);
    expect(amplitudeAt(out.subarray(1000, 7000), 16000, 1000)).toBeCloseTo(0.5, 1);
    // Without a filter, 41 kHz would fold into the band at 7 kHz.
    expect(amplitudeAt(out.subarray(1000, 7000), 16000, 7000)).toBeLessThan(0.01);
  });

  it('case 9: the highest rate the file readers accept can be converted (validation matches the resampler)', async () => {
    expect(MAX_SAMPLE_RATE / 16000).toBeLessThanOrEqual(RESAMPLER_MAX_RATIO);
    const out = await resample(tone(500, MAX_SAMPLE_RATE, 0.1), MAX_SAMPLE_RATE, 16000);
    expect(out.length).toBeGreaterThan(1500);
  });

  it('returns the input untouched when the rate already matches', async () => {
    const input = tone(100, 16000, 0.1);
    expect(await resample(input, 16000, 16000)).toBe(input);
  });
});

describe('analysisCopy', () => {
  it('averages channels and resamples to 16 kHz', async () => {
    const left = tone(500, 44100, 1);
    const right = tone(500, 44100, 1);
    const out = await analysisCopy([left, right], 44100);
    expect(Math.abs(out.length - 16000)).toBeLessThan(20);
    expect(toMono([left, right])[100]).toBeCloseTo(left[100]!, 6);
  });
});
