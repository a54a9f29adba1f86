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
  if (clipped > 0 && coarselyQuantized(samples, peak) && !pileUpAtExtreme(samples, peak)) clipped = 0;
  return { seconds: samples.length / sampleRate, sampleRate, rms, peak, clippedFraction: clipped / n };
}

/**
 * A sensor with coarse steps (the ADXL345 sends counts of 1/256 g: a 0.2 g vibration spans only
 * 51 of them) holds its top value over several samples at every crest without clipping. Such a
 * signal is clipped only if samples pile up at the extreme: a clipped converter puts there the
 * whole crest that would have gone beyond it, an unclipped crest only its last few samples.
 */
function coarselyQuantized(samples: Float32Array, peak: number): boolean {
  const levels = new Set<number>();
  const step = Math.max(1, Math.floor(samples.length / 20_000));
  for (let i = 0; i < samples.length && levels.size <= 4000; i += step) levels.add(Math.abs(samples[i]!));
  return levels.size < 1000 && peak > 0;
}

function pileUpAtExtreme(samples: Float32Array, peak: number): boolean {
  const top = peak * (1 - 1e-4);
  let atTop = 0;
  let justBelow = 0;
  for (let i = 0; i < samples.length; i += 1) {
    const a = Math.abs(samples[i]!);
    if (a >= top) atTop += 1;
    else if (a >= 0.9 * peak) justBelow += 1;
  }
  return atTop > 2 * justBelow;
}
