/**
 * What a recording is like before anything is concluded from it: long enough, not silent, not
 * clipped. Measured on the samples as recorded (clipping is a property of the original scale).
 */
export interface SignalQuality {
  seconds: number;
  sampleRate: number;
  rms: number;
  peak: number;
  /** Fraction of samples sitting on flat tops at the recording's extreme value. */
  clippedFraction: number;
}

/** Beyond this fraction of flat-topped samples the spectrum is polluted by clipping harmonics. */
export const CLIPPED_FRACTION_LIMIT = 0.001;

export function measureQuality(samples: Float32Array, sampleRate: number): SignalQuality {
  let peak = 0;
  let sum2 = 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i += 1) {
    const v = samples[i]!;
    sum += v;
    sum2 += v * v;
    const a = Math.abs(v);
    if (a > peak) peak = a;
  }
  const n = Math.max(1, samples.length);
  const mean = sum / n;
  const rms = Math.sqrt(Math.max(0, sum2 / n - mean * mean));
  // A clipped converter holds its extreme value for consecutive samples; a real peak does not.
  let clipped = 0;
  if (peak > 0) {
    const threshold = peak * (1 - 1e-4);
    for (let i = 1; i < samples.length; i += 1) {
      const a = Math.abs(samples[i]!);
      if (a >= threshold && Math.abs(samples[i - 1]!) >= threshold) clipped += 1;
    }
  }
  return { seconds: samples.length / sampleRate, sampleRate, rms, peak, clippedFraction: clipped / n };
}
