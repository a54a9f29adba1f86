/** Moments of a waveform in one pass: what crest factor, kurtosis and skewness are computed from. */
export interface Moments {
  mean: number;
  rms: number;
  peak: number;
  /** Pearson kurtosis (3 for Gaussian noise, 1.5 for a sine; impacts push it far higher). */
  kurtosis: number;
  skewness: number;
}

export function moments(x: ArrayLike<number>, from = 0, to = x.length): Moments {
  const n = Math.max(1, to - from);
  let sum = 0;
  for (let i = from; i < to; i += 1) sum += x[i]!;
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  let peak = 0;
  for (let i = from; i < to; i += 1) {
    const d = x[i]! - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
    const a = Math.abs(d);
    if (a > peak) peak = a;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return {
    mean,
    rms: Math.sqrt(m2),
    peak,
    kurtosis: m2 > 0 ? m4 / (m2 * m2) : 0,
    skewness: m2 > 0 ? m3 / m2 ** 1.5 : 0,
  };
}

/** Peak over RMS in dB (3 dB for a sine; impacts raise it). */
export const crestFactorDb = (m: Moments): number => (m.rms > 0 ? 20 * Math.log10(m.peak / m.rms) : 0);
