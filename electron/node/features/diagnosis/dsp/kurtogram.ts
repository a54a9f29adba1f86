import { complexIfft, nextPow2, realFft } from './fft';

/**
 * The fast kurtogram (Antoni, "Fast computation of the kurtogram for the detection of transient
 * faults", MSSP 21, 2007): the spectral kurtosis of a signal on a 1/3-binary tree of frequency
 * bands, and the band where it is highest. A bearing defect's impacts ring a structural resonance
 * somewhere between a few hundred hertz and the top of the band; which resonance depends on the
 * machine and where the sensor sits, so a fixed demodulation band misses it on another rig. The
 * band whose envelope is most impulsive (highest kurtosis) is the one to demodulate.
 *
 * Antoni's grid: level k (0, 1, 2, ...) splits [0, fs/2] into 2^k bands, the levels in between
 * (1.6, 2.6, ...) into 3 * 2^(k-1). Antoni computes the bands with a tree of quasi-analytic FIR
 * filters; here each band is cut from one FFT of the whole recording (an ideal band filter) and
 * brought to 0 Hz by an inverse FFT of its bins: the same grid and the same statistic, exact
 * filters, and it costs one full-length FFT per level.
 *
 * Spectral kurtosis of a band is the kurtosis of its complex envelope c: E|c|^4 / (E|c|^2)^2 - 2,
 * 0 for Gaussian noise, -1 for a steady tone, large for repeated impacts.
 */
export interface KurtogramBand {
  /** Antoni's level: 0, 1, 1.6, 2, 2.6, ... */
  level: number;
  loHz: number;
  hiHz: number;
  centerHz: number;
  widthHz: number;
  kurtosis: number;
}

export interface Kurtogram {
  /** The band with the highest spectral kurtosis among those allowed. */
  best: KurtogramBand;
  /** Every band computed, level by level (for display and tests); levels narrower than `minWidthHz` are skipped. */
  bands: KurtogramBand[];
}

export interface KurtogramOptions {
  /** Deepest level (bands of fs / 2^(level+1)); default 7. */
  maxLevel?: number;
  /** Narrower bands are not chosen: a band must hold the defect tone's harmonics and sidebands. */
  minWidthHz?: number;
  /** Bands reaching below this are not chosen (shaft harmonics and structure-borne hum live there). */
  minLoHz?: number;
}

/** Levels of the 1/3-binary tree up to `maxLevel`, with how many bands each has. */
export function kurtogramLevels(maxLevel: number): { level: number; count: number }[] {
  const out = [{ level: 0, count: 1 }];
  for (let k = 1; k <= maxLevel; k += 1) {
    out.push({ level: k, count: 2 ** k });
    if (k < maxLevel) out.push({ level: Math.round((k + Math.log2(3) - 1) * 10) / 10, count: 3 * 2 ** (k - 1) });
  }
  return out;
}

export function fastKurtogram(signal: ArrayLike<number>, sampleRate: number, options: KurtogramOptions = {}): Kurtogram {
  const length = signal.length;
  if (length < 64) throw new RangeError(`A kurtogram needs at least 64 samples, got ${length}`);
  const maxLevel = options.maxLevel ?? 7;
  const minWidthHz = options.minWidthHz ?? 0;
  const minLoHz = options.minLoHz ?? 0;
  // Zero-padded to a power of two; only samples of the recording itself enter the statistics.
  const size = nextPow2(length);
  const input = new Float64Array(size);
  let mean = 0;
  for (let i = 0; i < length; i += 1) mean += signal[i]!;
  mean /= length;
  for (let i = 0; i < length; i += 1) input[i] = signal[i]! - mean;
  const spectrum = new Float64Array(2 * size);
  realFft(input, spectrum);
  const half = size / 2;
  const binHz = sampleRate / size;

  const bands: KurtogramBand[] = [];
  for (const { level, count } of kurtogramLevels(maxLevel)) {
    const binsPerBand = half / count;
    // Levels too narrow to be chosen are not computed (they are most of the work).
    if (binsPerBand < 4 || (level > 0 && binsPerBand * binHz < minWidthHz)) break;
    for (let b = 0; b < count; b += 1) {
      const k1 = Math.round(b * binsPerBand);
      const k2 = Math.round((b + 1) * binsPerBand);
      const loHz = k1 * binHz;
      const hiHz = k2 * binHz;
      bands.push({ level, loHz, hiHz, centerHz: (loHz + hiHz) / 2, widthHz: hiHz - loHz, kurtosis: bandKurtosis(spectrum, k1, k2, size, length) });
    }
  }
  const allowed = bands.filter((b) => b.widthHz >= minWidthHz && b.loHz >= minLoHz && Number.isFinite(b.kurtosis));
  const pool = allowed.length > 0 ? allowed : bands;
  // Ties (rare with real data) go to the wider band: its envelope keeps more of the impact.
  const best = pool.reduce((a, b) => (b.kurtosis > a.kurtosis || (b.kurtosis === a.kurtosis && b.widthHz > a.widthHz) ? b : a));
  return { best, bands };
}

/** Spectral kurtosis of bins [k1, k2) of a real signal's spectrum (interleaved, full length `size`). */
function bandKurtosis(spectrum: Float64Array, k1: number, k2: number, size: number, length: number): number {
  const bins = k2 - k1;
  const m = nextPow2(bins);
  const z = buffer('z', 2 * m);
  z.fill(0);
  for (let j = 0; j < bins; j += 1) {
    z[2 * j] = spectrum[2 * (k1 + j)]!;
    z[2 * j + 1] = spectrum[2 * (k1 + j) + 1]!;
  }
  const c = buffer('c', 2 * m);
  complexIfft(z, c);
  // Envelope sample j is at signal sample j * size / m; the zero padding is left out.
  const valid = Math.max(1, Math.min(m, Math.floor((length * m) / size)));
  let s2 = 0;
  let s4 = 0;
  for (let j = 0; j < valid; j += 1) {
    const p = c[2 * j]! * c[2 * j]! + c[2 * j + 1]! * c[2 * j + 1]!;
    s2 += p;
    s4 += p * p;
  }
  s2 /= valid;
  s4 /= valid;
  return s2 > 0 ? s4 / (s2 * s2) - 2 : Number.NaN;
}

const buffers = new Map<string, Float64Array>();

/** Working arrays reused between bands and calls (analysis is synchronous within a thread). */
function buffer(name: string, length: number): Float64Array {
  const key = `${name}/${length}`;
  let b = buffers.get(key);
  if (!b) {
    if (buffers.size > 64) buffers.clear();
    b = new Float64Array(length);
    buffers.set(key, b);
  }
  return b;
}
