import { complexIfft, hann, nextPow2, realFft } from './fft';

/**
 * Averaged long-window spectra (Welch's method) and envelope spectra of resonance bands, in one
 * pass over the signal: each window is transformed once and its transform is reused to demodulate
 * every band, so envelope analysis costs two small FFTs per band instead of filtering the signal.
 */
export interface EnvelopeBand {
  loHz: number;
  hiHz: number;
}

export interface EnvelopeResult {
  band: EnvelopeBand;
  /** Whether the band lies inside the signal's bandwidth; if not, every value below is zero. */
  available: boolean;
  /** Average power per bin of the band's envelope, bins of `binHz` from 0 Hz, up to `maxHz`. */
  power: Float64Array;
  /** Kurtosis of the envelope (3 for Gaussian noise; impacts raise it). */
  kurtosis: number;
}

export interface LongSpectrum {
  sampleRate: number;
  size: number;
  binHz: number;
  /** One-sided average power per bin; the sum over bins is the mean square of the signal. */
  power: Float64Array;
  windows: number;
  /** Seconds of signal covered (shorter than one window when the clip is short). */
  seconds: number;
  envelopes: EnvelopeResult[];
}

export interface LongSpectrumOptions {
  size: number;
  sampleRate: number;
  envelopeBands: readonly EnvelopeBand[];
  /** Envelope spectra are kept up to this frequency (bearing defect frequencies and their harmonics). */
  envelopeMaxHz: number;
  /** Called after each window with the fraction done. */
  onProgress?: (fraction: number) => void;
}

/** Window start positions: 50 % overlap, the last window aligned to the end so no data is left out. */
export function windowStarts(length: number, size: number): number[] {
  if (length <= size) return [0];
  const hop = size / 2;
  const starts: number[] = [];
  for (let s = 0; s + size <= length; s += hop) starts.push(s);
  const last = length - size;
  if (last - starts.at(-1)! > hop / 4) starts.push(last);
  return starts;
}

export function longSpectrum(signal: Float32Array, options: LongSpectrumOptions): LongSpectrum {
  const { size, sampleRate } = options;
  const binHz = sampleRate / size;
  const half = size / 2;
  const power = new Float64Array(half + 1);
  const frameLength = Math.min(size, signal.length);
  const window = frameLength === size ? hann(size) : hann(frameLength);
  let windowPower = 0;
  for (let i = 0; i < frameLength; i += 1) windowPower += window[i]! * window[i]!;
  const frame = scratch('frame', size);
  const spectrum = scratch('spectrum', 2 * size);
  const starts = windowStarts(signal.length, size);
  const envelopeBins = Math.floor(options.envelopeMaxHz / binHz) + 1;
  const bands = options.envelopeBands.map((band) => new BandDemodulator(band, size, sampleRate, frameLength, envelopeBins));

  starts.forEach((start, index) => {
    frame.fill(0);
    for (let i = 0; i < frameLength; i += 1) frame[i] = signal[start + i]! * window[i]!;
    realFft(frame, spectrum);
    const scale = 2 / (size * windowPower);
    for (let k = 0; k <= half; k += 1) {
      const re = spectrum[2 * k]!;
      const im = spectrum[2 * k + 1]!;
      power[k]! += (re * re + im * im) * scale * (k === 0 || k === half ? 0.5 : 1);
    }
    for (const band of bands) band.add(spectrum);
    options.onProgress?.((index + 1) / starts.length);
  });
  const n = starts.length;
  for (let k = 0; k <= half; k += 1) power[k]! /= n;
  return {
    sampleRate,
    size,
    binHz,
    power,
    windows: n,
    seconds: signal.length / sampleRate,
    envelopes: bands.map((b) => b.result()),
  };
}

/**
 * The envelope of one frequency band, from a window's spectrum: the band's bins shifted to 0 Hz
 * and inverse-transformed give the complex (analytic) band signal at a reduced rate; its magnitude
 * is the envelope. The window's taper multiplies the envelope, which is the windowing the
 * envelope spectrum needs anyway; its mean is removed in proportion to that taper.
 */
class BandDemodulator {
  readonly available: boolean;
  private readonly k1: number;
  private readonly bins: number;
  private readonly m: number;
  private readonly taper: Float64Array;
  private readonly taperSum: number;
  private readonly taperPower: number;
  private readonly z: Float64Array;
  private readonly zt: Float64Array;
  private readonly env: Float64Array;
  private readonly envSpectrum: Float64Array;
  private readonly power: Float64Array;
  private kurtosisSum = 0;
  private count = 0;

  constructor(
    readonly band: EnvelopeBand,
    size: number,
    sampleRate: number,
    frameLength: number,
    private readonly keepBins: number,
  ) {
    const binHz = sampleRate / size;
    const hi = Math.min(band.hiHz, 0.95 * (sampleRate / 2));
    this.k1 = Math.ceil(band.loHz / binHz);
    const k2 = Math.floor(hi / binHz);
    this.bins = k2 - this.k1 + 1;
    this.available = this.bins >= 8 && hi - band.loHz >= 0.5 * (band.hiHz - band.loHz);
    // The envelope's own rate must cover the envelope spectrum that is kept.
    this.m = this.available ? nextPow2(Math.max(this.bins, 2 * keepBins)) : 4;
    this.taper = taperFor(this.m, size, frameLength);
    this.taperSum = this.taper.reduce((a, b) => a + b, 0);
    this.taperPower = this.taper.reduce((a, b) => a + b * b, 0);
    this.z = scratch('z', 2 * this.m);
    this.zt = scratch('zt', 2 * this.m);
    this.env = scratch('env', this.m);
    this.envSpectrum = scratch('envSpectrum', 2 * this.m);
    this.power = new Float64Array(keepBins);
  }

  add(spectrum: Float64Array): void {
    if (!this.available) return;
    const { z, zt, env, m, taper } = this;
    z.fill(0);
    for (let j = 0; j < this.bins; j += 1) {
      z[2 * j] = spectrum[2 * (this.k1 + j)]!;
      z[2 * j + 1] = spectrum[2 * (this.k1 + j) + 1]!;
    }
    complexIfft(z, zt);
    let sum = 0;
    for (let j = 0; j < m; j += 1) {
      const re = zt[2 * j]!;
      const im = zt[2 * j + 1]!;
      const v = Math.sqrt(re * re + im * im);
      env[j] = v;
      sum += v;
    }
    const mean = sum / this.taperSum;
    // Kurtosis of the envelope where the window is open enough for it to be meaningful.
    let s1 = 0;
    let n = 0;
    for (let j = 0; j < m; j += 1) {
      if (taper[j]! < 0.5) continue;
      const v = env[j]! / taper[j]!;
      s1 += v;
      n += 1;
    }
    let s4 = 0;
    let v2 = 0;
    const mu = s1 / Math.max(1, n);
    for (let j = 0; j < m; j += 1) {
      if (taper[j]! < 0.5) continue;
      const d = env[j]! / taper[j]! - mu;
      v2 += d * d;
      s4 += d * d * d * d;
    }
    const variance = v2 / Math.max(1, n);
    this.kurtosisSum += variance > 0 ? s4 / Math.max(1, n) / (variance * variance) : 0;
    for (let j = 0; j < m; j += 1) env[j] = env[j]! - mean * taper[j]!;
    realFft(env, this.envSpectrum);
    const scale = 2 / (m * this.taperPower);
    const keep = Math.min(this.keepBins, m / 2 + 1);
    for (let k = 0; k < keep; k += 1) {
      const re = this.envSpectrum[2 * k]!;
      const im = this.envSpectrum[2 * k + 1]!;
      this.power[k]! += (re * re + im * im) * scale;
    }
    this.count += 1;
  }

  result(): EnvelopeResult {
    const power = this.power.map((v) => (this.count > 0 ? v / this.count : 0));
    return { band: this.band, available: this.available && this.count > 0, power, kurtosis: this.count > 0 ? this.kurtosisSum / this.count : 0 };
  }
}

const scratchBuffers = new Map<string, Float64Array>();

/**
 * Working buffers reused between analyses (a few MB per clip otherwise, for the garbage collector).
 * Safe because analysis is synchronous within a thread; never hand one out as a result.
 */
function scratch(name: string, length: number): Float64Array {
  const key = `${name}/${length}`;
  let buffer = scratchBuffers.get(key);
  if (!buffer) {
    buffer = new Float64Array(length);
    scratchBuffers.set(key, buffer);
  }
  return buffer;
}

const tapers = new Map<string, Float64Array>();

/** The analysis window seen at the envelope's rate (envelope sample j is at the same instant as window sample j * size / m). */
function taperFor(m: number, size: number, frameLength: number): Float64Array {
  const key = `${m}/${size}/${frameLength}`;
  let taper = tapers.get(key);
  if (!taper) {
    taper = new Float64Array(m);
    for (let j = 0; j < m; j += 1) {
      const t = (j / m) * size;
      taper[j] = t < frameLength ? 0.5 - 0.5 * Math.cos((2 * Math.PI * t) / frameLength) : 0;
    }
    if (tapers.size > 32) tapers.clear();
    tapers.set(key, taper);
  }
  return taper;
}

/** Median of a small array (copied, not modified). */
export function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return 0;
  return n % 2 === 1 ? sorted[(n - 1) / 2]! : 0.5 * (sorted[n / 2 - 1]! + sorted[n / 2]!);
}

/** Shape of the neighbourhood used to judge whether a peak stands out: a gap, then flanks. */
export interface FloorShape {
  gapBins: number;
  flankBins: number;
}

const TINY = 1e-30;

export const toDb = (ratio: number): number => 10 * Math.log10(Math.max(ratio, TINY));
export const clampDb = (db: number): number => Math.min(60, Math.max(0, db));

/**
 * Local noise floor of every bin up to `maxBin`: the geometric mean of the power in the flanks on
 * both sides (skipping a gap around the bin). Computed with running sums of log power, so a whole
 * spectrum costs O(n) rather than a median per bin; the geometric mean is also little moved by
 * the odd tone that falls in a flank.
 */
export function logFloor(power: Float64Array, shape: FloorShape, maxBin = power.length - 1): Float64Array {
  // Only the bins the flanks of the wanted range reach.
  const n = Math.min(power.length, maxBin + shape.flankBins + 2);
  const prefix = new Float64Array(n + 1);
  for (let k = 0; k < n; k += 1) prefix[k + 1] = prefix[k]! + Math.log(power[k]! + TINY);
  const sum = (lo: number, hi: number) => (hi < lo ? 0 : prefix[hi + 1]! - prefix[lo]!);
  const floors = new Float64Array(Math.min(n, maxBin + 1));
  for (let k = 1; k < floors.length; k += 1) {
    const leftLo = Math.max(1, k - shape.flankBins);
    const leftHi = k - shape.gapBins;
    const rightLo = k + shape.gapBins;
    const rightHi = Math.min(n - 1, k + shape.flankBins);
    const count = Math.max(0, leftHi - leftLo + 1) + Math.max(0, rightHi - rightLo + 1);
    floors[k] = count > 0 ? Math.exp((sum(leftLo, leftHi) + sum(rightLo, rightHi)) / count) : power[k]!;
  }
  return floors;
}

export interface Peak {
  /** Interpolated frequency of the strongest bin within the tolerance. */
  hz: number;
  bin: number;
  /** Peak over local floor in dB, clamped to [0, 60]: 0 means "nothing stands out here". */
  prominenceDb: number;
}

/** A spectrum with its local floor: answers "does a tone stand out near this frequency, by how much?" */
export class ProminenceMap {
  readonly floors: Float64Array;

  constructor(
    readonly power: Float64Array,
    readonly binHz: number,
    maxHz: number,
    shape: FloorShape,
  ) {
    this.floors = logFloor(power, shape, Math.min(power.length - 1, Math.ceil(maxHz / binHz) + 1));
  }

  get maxHz(): number {
    return (this.floors.length - 2) * this.binHz;
  }

  dbAtBin(k: number): number {
    if (k < 1 || k >= this.floors.length) return 0;
    return clampDb(toDb(this.power[k]! / Math.max(this.floors[k]!, TINY)));
  }

  /** The most prominent bin within `tolHz` (at least one bin) of `hz`. */
  near(hz: number, tolHz: number): Peak {
    const center = Math.round(hz / this.binHz);
    const tol = Math.max(1, Math.round(tolHz / this.binHz));
    let best = 0;
    let bestBin = center;
    for (let k = Math.max(1, center - tol); k <= Math.min(this.floors.length - 1, center + tol); k += 1) {
      const db = this.dbAtBin(k);
      if (db > best) {
        best = db;
        bestBin = k;
      }
    }
    return { hz: best > 0 ? interpolatedHz(this.power, bestBin, this.binHz) : hz, bin: bestBin, prominenceDb: best };
  }

  /** The most prominent bin between two frequencies whose bins `skip` does not exclude. */
  strongestBetween(loHz: number, hiHz: number, skip: (hz: number) => boolean = () => false): Peak {
    let best = 0;
    let bestBin = Math.round(loHz / this.binHz);
    for (let k = Math.max(1, Math.ceil(loHz / this.binHz)); k <= Math.min(this.floors.length - 1, Math.floor(hiHz / this.binHz)); k += 1) {
      if (skip(k * this.binHz)) continue;
      const db = this.dbAtBin(k);
      if (db > best) {
        best = db;
        bestBin = k;
      }
    }
    return { hz: interpolatedHz(this.power, bestBin, this.binHz), bin: bestBin, prominenceDb: best };
  }

  /** Level of the bin in dB relative to `reference` power (e.g. the signal's total power). */
  levelDb(bin: number, reference: number): number {
    return toDb(this.power[bin]! / Math.max(reference, TINY));
  }
}

/** Parabolic interpolation of a peak on the log spectrum. */
export function interpolatedHz(power: Float64Array, bin: number, binHz: number): number {
  if (bin <= 0 || bin >= power.length - 1) return bin * binHz;
  const a = Math.log(power[bin - 1]! + TINY);
  const b = Math.log(power[bin]! + TINY);
  const c = Math.log(power[bin + 1]! + TINY);
  const denom = a - 2 * b + c;
  const delta = denom < 0 ? (0.5 * (a - c)) / denom : 0;
  return (bin + Math.max(-0.5, Math.min(0.5, delta))) * binHz;
}

/** Sum of power between two frequencies (bins whose centre falls inside). */
export function bandPower(power: Float64Array, binHz: number, loHz: number, hiHz: number): number {
  const lo = Math.max(0, Math.ceil(loHz / binHz));
  const hi = Math.min(power.length - 1, Math.floor(hiHz / binHz));
  let sum = 0;
  for (let k = lo; k <= hi; k += 1) sum += power[k]!;
  return sum;
}

/** Normalised autocorrelation of an envelope at lag `seconds`, from its power spectrum (Wiener-Khinchin). */
export function periodicityAt(envelopePower: Float64Array, binHz: number, seconds: number): number {
  let num = 0;
  let den = 0;
  for (let k = 1; k < envelopePower.length; k += 1) {
    num += envelopePower[k]! * Math.cos(2 * Math.PI * k * binHz * seconds);
    den += envelopePower[k]!;
  }
  return den > 0 ? num / den : 0;
}
