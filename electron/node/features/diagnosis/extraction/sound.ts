import { melEdges, rectBandEnergies, triangularBandEnergies } from '../dsp/bands';
import { highPassed } from '../dsp/biquad';
import { hann, realFft } from '../dsp/fft';
import { bandPower, type EnvelopeBand, longSpectrum, type LongSpectrum, periodicityAt, ProminenceMap, toDb } from '../dsp/spectrum';
import { crestFactorDb, moments } from '../dsp/stats';
import { type FeatureSchema, FeatureVectorBuilder, schemaHash } from './schema';
import { estimateSpeed, nearLineHarmonic, type SpeedEstimate } from './speed';

/**
 * Features of a compressor's sound, from the 16 kHz mono analysis copy. The same function runs
 * when training (tools/export-dataset.ts) and when diagnosing: there is no second implementation
 * to drift. Every feature is independent of the recording's gain (levels are relative to the
 * clip's own total or to a local floor), because microphone distance and gain are unknown.
 */
export const SOUND_RATE = 16_000;
/** 4.096 s windows: 0.244 Hz bins, enough to separate a 2-pole compressor's 2x from 120 Hz hum. */
export const SOUND_LONG_WINDOW = 65_536;
const FRAME = 512;
const FLOOR = { gapBins: 3, flankBins: 20 };
const ENVELOPE_BANDS: readonly (EnvelopeBand & { name: string })[] = [
  { name: 'mid', loHz: 800, hiHz: 2400 },
  { name: 'high', loHz: 2500, hiHz: 6400 },
];
const ENVELOPE_MAX_HZ = 1000;
const MEL_BANDS = 24;
const MEL = melEdges(MEL_BANDS, 30, 8000);
const TEMPORAL_EDGES = [20, 150, 300, 600, 1200, 2400, 4000, 6000, 8000];
export const ORDERS = [0.5, 1, 1.5, 2, 2.5, 3, 4, 5] as const;
/** 2-pole compressors (2400-3700 rpm on 50 or 60 Hz grids); other machines can give their speed. */
const SPEED_RANGE = { loHz: 40, hiHz: 62 };
const WANDER = 0.0025;

const orderName = (o: number) => `order_${String(o).replace('.', 'p')}x_prom_db`;

const NAMES: string[] = [
  'crest_factor_db',
  'kurtosis_log',
  'hp2k_kurtosis_log',
  ...Array.from({ length: MEL_BANDS }, (_, i) => `mel${String(i).padStart(2, '0')}_rel_db`),
  ...Array.from({ length: TEMPORAL_EDGES.length - 1 }, (_, i) => `band${i}_time_std_db`),
  'centroid_log_hz',
  'bandwidth_log_hz',
  'rolloff85_log_hz',
  'flatness',
  'flatness_4k8k',
  'flux_mean',
  'flux_std',
  'frame_rms_cv',
  'hiss_ratio_4k8k',
  'hf_ratio_2k',
  'lf_ratio_500',
  'speed_score',
  ...ORDERS.map(orderName),
  'order_1x_level_rel_db',
  'order_1x_minus_2x_db',
  'harmonic_count',
  'half_order_count',
  'line_1x_prom_db',
  'line_2x_prom_db',
  'line_3x_prom_db',
  'line_4x_prom_db',
  'line_2x_minus_order_1x_db',
  ...ENVELOPE_BANDS.flatMap(({ name }) => [
    `env_${name}_kurtosis_log`,
    `env_${name}_1x_prom_db`,
    `env_${name}_2x_prom_db`,
    `env_${name}_3x_prom_db`,
    `env_${name}_4x_prom_db`,
    `env_${name}_sync_fraction`,
    `env_${name}_peak_prom_db`,
    `env_${name}_peak_order`,
    `env_${name}_peak_harmonics`,
    `env_${name}_cycle_periodicity`,
  ]),
];

export const SOUND_SCHEMA: FeatureSchema = {
  id: 'compressor-sound',
  version: 2,
  names: NAMES,
  params: {
    sampleRate: SOUND_RATE,
    longWindow: SOUND_LONG_WINDOW,
    frame: FRAME,
    floor: FLOOR,
    envelopeBands: ENVELOPE_BANDS,
    envelopeMaxHz: ENVELOPE_MAX_HZ,
    mel: { bands: MEL_BANDS, loHz: 30, hiHz: 8000 },
    temporalEdges: TEMPORAL_EDGES,
    orders: ORDERS,
    speedRange: SPEED_RANGE,
    wander: WANDER,
  },
};
export const SOUND_SCHEMA_HASH = schemaHash(SOUND_SCHEMA);

export interface OrderMeasurement {
  order: number;
  hz: number;
  prominenceDb: number;
}

export interface EnvelopeMeasurement {
  name: string;
  band: EnvelopeBand;
  available: boolean;
  kurtosis: number;
  binHz: number;
  power: Float64Array;
  at1x: OrderMeasurement;
  /** Strongest peak that is not a shaft order nor a line harmonic: the signature of a bearing defect. */
  topPeak: { hz: number; order: number; prominenceDb: number; harmonics: number };
  cyclePeriodicity: number;
}

/** What was measured, kept for the evidence and the UI; `features` is what the model sees. */
export interface SoundAnalysis {
  features: Float64Array;
  spectrum: LongSpectrum;
  speed: SpeedEstimate;
  lineHz: 50 | 60;
  orders: OrderMeasurement[];
  lineHarmonics: OrderMeasurement[];
  harmonicCount: number;
  halfOrderCount: number;
  envelopes: EnvelopeMeasurement[];
  hissRatio: number;
  flatnessHf: number;
  kurtosis: number;
  crestFactorDb: number;
  totalPower: number;
}

export interface SoundOptions {
  /** A known running speed (Hz), e.g. from the nameplate; estimated from the spectrum otherwise. */
  speedHz?: number;
  onProgress?: (fraction: number) => void;
}

const log1 = (v: number) => Math.log(Math.max(v, 1e-9));

export function soundFeatures(signal: Float32Array, options: SoundOptions = {}): SoundAnalysis {
  const f = new FeatureVectorBuilder(SOUND_SCHEMA);
  const spectrum = longSpectrum(signal, {
    size: SOUND_LONG_WINDOW,
    sampleRate: SOUND_RATE,
    envelopeBands: ENVELOPE_BANDS,
    envelopeMaxHz: ENVELOPE_MAX_HZ,
    ...(options.onProgress ? { onProgress: (p: number) => options.onProgress!(0.8 * p) } : {}),
  });
  const { power, binHz } = spectrum;
  const total = Math.max(bandPower(power, binHz, 20, 8000), 1e-20);

  // Waveform shape.
  const m = moments(signal);
  f.set('crest_factor_db', crestFactorDb(m)).set('kurtosis_log', log1(m.kurtosis));
  f.set('hp2k_kurtosis_log', log1(moments(highPassed(signal, 2000, SOUND_RATE)).kurtosis));

  // Spectral envelope, relative to its own mean: gain-independent.
  const mel = triangularBandEnergies(power, binHz, MEL);
  const melDb = Array.from(mel, (v) => toDb(v / total));
  const melMean = melDb.reduce((a, b) => a + b, 0) / melDb.length;
  melDb.forEach((v, i) => f.set(`mel${String(i).padStart(2, '0')}_rel_db`, v - melMean));

  // Spectral shape of the average spectrum.
  let c = 0;
  for (let k = 1; k < power.length; k += 1) c += k * binHz * power[k]!;
  const sumAll = Math.max(power.reduce((a, b) => a + b, 0) - power[0]!, 1e-20);
  const centroid = c / sumAll;
  let bw = 0;
  for (let k = 1; k < power.length; k += 1) bw += (k * binHz - centroid) ** 2 * power[k]!;
  let acc = 0;
  let rolloff = 0;
  for (let k = 1; k < power.length; k += 1) {
    acc += power[k]!;
    if (acc >= 0.85 * sumAll) {
      rolloff = k * binHz;
      break;
    }
  }
  f.set('centroid_log_hz', log1(centroid)).set('bandwidth_log_hz', log1(Math.sqrt(bw / sumAll))).set('rolloff85_log_hz', log1(rolloff));
  f.set('flatness', flatness(power, binHz, 50, 7900)).set('flatness_4k8k', flatness(power, binHz, 4000, 7900));
  const hiss = bandPower(power, binHz, 4000, 8000) / total;
  f.set('hiss_ratio_4k8k', hiss).set('hf_ratio_2k', bandPower(power, binHz, 2000, 8000) / total).set('lf_ratio_500', bandPower(power, binHz, 20, 500) / total);

  // How the sound changes over time (short frames).
  const temporal = temporalStats(signal);
  temporal.bandStdDb.forEach((v, i) => f.set(`band${i}_time_std_db`, v));
  f.set('flux_mean', temporal.fluxMean).set('flux_std', temporal.fluxStd).set('frame_rms_cv', temporal.rmsCv);

  // Line frequency: 60 Hz in Korea; 50 Hz for files recorded elsewhere, when its family is clearly stronger.
  const orders = new ProminenceMap(power, binHz, 12 * SPEED_RANGE.hiHz + 50, FLOOR);
  const lineFamily = (hz: number) => [1, 2, 3].reduce((s, k) => s + orders.near(k * hz, 0.3).prominenceDb, 0);
  const lineHz: 50 | 60 = lineFamily(50) > lineFamily(60) + 6 ? 50 : 60;

  // Running speed and its orders.
  const speed = options.speedHz
    ? { hz: options.speedHz, score: 0, found: true, source: 'given' as const }
    : estimateSpeed(orders, { ...SPEED_RANGE, lineHz, wander: WANDER });
  f.set('speed_score', Math.min(speed.score, 200) / 10);
  const fr = speed.hz;
  const tol = (hz: number) => Math.max(binHz, WANDER * hz);
  const measured = ORDERS.map((order) => {
    const hz = order * fr;
    const blocked = nearLineHarmonic(hz, lineHz);
    const peak = orders.near(hz, tol(hz));
    return { order, hz: peak.hz, prominenceDb: blocked ? 0 : peak.prominenceDb, bin: peak.bin };
  });
  measured.forEach((o) => f.set(orderName(o.order), o.prominenceDb));
  const one = measured.find((o) => o.order === 1)!;
  const two = measured.find((o) => o.order === 2)!;
  const levelDb = (bin: number) => orders.levelDb(bin, total);
  f.set('order_1x_level_rel_db', one.prominenceDb > 3 ? levelDb(one.bin) : -80);
  f.set('order_1x_minus_2x_db', Math.max(-40, Math.min(40, levelDb(one.bin) - levelDb(two.bin))));
  let harmonicCount = 0;
  for (let h = 1; h <= 12; h += 1) if (!nearLineHarmonic(h * fr, lineHz) && orders.near(h * fr, tol(h * fr)).prominenceDb >= 8) harmonicCount += 1;
  let halfOrderCount = 0;
  for (let h = 0.5; h < 6; h += 1) if (!nearLineHarmonic(h * fr, lineHz) && orders.near(h * fr, tol(h * fr)).prominenceDb >= 8) halfOrderCount += 1;
  f.set('harmonic_count', harmonicCount).set('half_order_count', halfOrderCount);

  const lineHarmonics = [1, 2, 3, 4].map((k) => {
    const p = orders.near(k * lineHz, 0.3);
    return { order: k, hz: p.hz, prominenceDb: p.prominenceDb, bin: p.bin };
  });
  lineHarmonics.forEach((l) => f.set(`line_${l.order}x_prom_db`, l.prominenceDb));
  f.set('line_2x_minus_order_1x_db', Math.max(-40, Math.min(40, levelDb(lineHarmonics[1]!.bin) - levelDb(one.bin))));

  // Envelopes of the resonance bands: impacts (bearings, valves) and their rhythm.
  const envelopes = spectrum.envelopes.map((e, i) => {
    const name = ENVELOPE_BANDS[i]!.name;
    const env = new ProminenceMap(e.power, binHz, ENVELOPE_MAX_HZ - 30 * binHz, FLOOR);
    const at1x = env.near(fr, tol(fr));
    const at2x = env.near(2 * fr, tol(2 * fr));
    const at3x = env.near(3 * fr, tol(3 * fr));
    const at4x = env.near(4 * fr, tol(4 * fr));
    // Only true shaft orders (within their speed wander) and hum are excluded: a defect at 3.05x is still a defect.
    const synchronous = (hz: number) => Math.abs(hz / fr - Math.round(hz / fr)) * fr < Math.max(0.006 * hz, 2 * binHz) || nearLineHarmonic(hz, lineHz, 1);
    const top = env.strongestBetween(1.5 * fr, Math.min(12 * fr, env.maxHz), synchronous);
    const peakOk = top.prominenceDb >= 6;
    let harmonics = 0;
    if (peakOk) for (const h of [2, 3]) if (h * top.hz < env.maxHz && env.near(h * top.hz, 0.01 * h * top.hz + binHz).prominenceDb >= 6) harmonics += 1;
    const periodicity = e.available ? periodicityAt(e.power, binHz, 1 / fr) : 0;
    f.set(`env_${name}_kurtosis_log`, log1(e.kurtosis))
      .set(`env_${name}_1x_prom_db`, at1x.prominenceDb)
      .set(`env_${name}_2x_prom_db`, at2x.prominenceDb)
      .set(`env_${name}_3x_prom_db`, at3x.prominenceDb)
      .set(`env_${name}_4x_prom_db`, at4x.prominenceDb)
      .set(`env_${name}_sync_fraction`, synchronousFraction(e.power, binHz, fr))
      .set(`env_${name}_peak_prom_db`, top.prominenceDb)
      .set(`env_${name}_peak_order`, peakOk ? top.hz / fr : 0)
      .set(`env_${name}_peak_harmonics`, harmonics)
      .set(`env_${name}_cycle_periodicity`, periodicity);
    return {
      name,
      band: e.band,
      available: e.available,
      kurtosis: e.kurtosis,
      binHz,
      power: e.power,
      at1x: { order: 1, hz: at1x.hz, prominenceDb: at1x.prominenceDb },
      topPeak: { hz: top.hz, order: top.hz / fr, prominenceDb: top.prominenceDb, harmonics },
      cyclePeriodicity: periodicity,
    };
  });
  options.onProgress?.(1);

  return {
    features: f.build(),
    spectrum,
    speed,
    lineHz,
    orders: measured.map(({ order, hz, prominenceDb }) => ({ order, hz, prominenceDb })),
    lineHarmonics: lineHarmonics.map(({ order, hz, prominenceDb }) => ({ order, hz, prominenceDb })),
    harmonicCount,
    halfOrderCount,
    envelopes,
    hissRatio: hiss,
    flatnessHf: flatness(power, binHz, 4000, 7900),
    kurtosis: m.kurtosis,
    crestFactorDb: crestFactorDb(m),
    totalPower: total,
  };
}

/**
 * How much of an envelope's modulation repeats with the shaft: the share of envelope power at the
 * first ten shaft orders (within a bin or two) among all of it from 0.5x to 10.5x. Valve events
 * and crank-cycle patterns are synchronous; bearing impacts and background sounds are not.
 */
function synchronousFraction(power: Float64Array, binHz: number, fr: number): number {
  const hi = Math.min(power.length - 1, Math.floor((10.5 * fr) / binHz));
  let total = 0;
  let sync = 0;
  for (let k = Math.ceil((0.5 * fr) / binHz); k <= hi; k += 1) {
    total += power[k]!;
    const order = (k * binHz) / fr;
    if (Math.abs(order - Math.round(order)) * fr <= Math.max(2 * binHz, 0.003 * k * binHz)) sync += power[k]!;
  }
  return total > 0 ? sync / total : 0;
}

/** Spectral flatness (geometric over arithmetic mean): 1 for white noise, near 0 for tones. */
function flatness(power: Float64Array, binHz: number, loHz: number, hiHz: number): number {
  const lo = Math.ceil(loHz / binHz);
  const hi = Math.min(power.length - 1, Math.floor(hiHz / binHz));
  let logSum = 0;
  let sum = 0;
  for (let k = lo; k <= hi; k += 1) {
    logSum += Math.log(power[k]! + 1e-30);
    sum += power[k]!;
  }
  const n = hi - lo + 1;
  return n > 0 && sum > 0 ? Math.exp(logSum / n) / (sum / n) : 0;
}

/** Short-frame statistics: how steady each band is, how much the spectrum moves, how bursty the level is. */
function temporalStats(signal: Float32Array): { bandStdDb: number[]; fluxMean: number; fluxStd: number; rmsCv: number } {
  const frames = Math.floor(signal.length / FRAME);
  const bands = TEMPORAL_EDGES.length - 1;
  const w = hann(FRAME);
  const frame = new Float64Array(FRAME);
  const spec = new Float64Array(2 * FRAME);
  const power = new Float64Array(FRAME / 2 + 1);
  const prev = new Float64Array(FRAME / 2 + 1);
  const energies = new Float64Array(bands);
  const sum = new Float64Array(bands);
  const sum2 = new Float64Array(bands);
  const binHz = SOUND_RATE / FRAME;
  let fluxSum = 0;
  let fluxSum2 = 0;
  let fluxN = 0;
  let rmsSum = 0;
  let rmsSum2 = 0;
  for (let t = 0; t < frames; t += 1) {
    let e = 0;
    for (let i = 0; i < FRAME; i += 1) {
      const v = signal[t * FRAME + i]!;
      frame[i] = v * w[i]!;
      e += v * v;
    }
    const rms = Math.sqrt(e / FRAME);
    rmsSum += rms;
    rmsSum2 += rms * rms;
    realFft(frame, spec);
    let norm = 0;
    for (let k = 0; k <= FRAME / 2; k += 1) {
      power[k] = spec[2 * k]! ** 2 + spec[2 * k + 1]! ** 2;
      norm += power[k]!;
    }
    rectBandEnergies(power, binHz, TEMPORAL_EDGES, energies);
    for (let b = 0; b < bands; b += 1) {
      const db = toDb(energies[b]! + 1e-12);
      sum[b]! += db;
      sum2[b]! += db * db;
    }
    // Flux of the level-normalised magnitude spectrum: change of shape, not of loudness.
    if (t > 0 && norm > 0) {
      let flux = 0;
      for (let k = 0; k <= FRAME / 2; k += 1) {
        const d = Math.sqrt(power[k]! / norm) - prev[k]!;
        flux += d * d;
      }
      flux = Math.sqrt(flux);
      fluxSum += flux;
      fluxSum2 += flux * flux;
      fluxN += 1;
    }
    for (let k = 0; k <= FRAME / 2; k += 1) prev[k] = norm > 0 ? Math.sqrt(power[k]! / norm) : 0;
  }
  const n = Math.max(1, frames);
  const std = (s: number, s2: number, count: number) => Math.sqrt(Math.max(0, s2 / count - (s / count) ** 2));
  const rmsMean = rmsSum / n;
  return {
    bandStdDb: Array.from({ length: bands }, (_, b) => (frames > 1 ? std(sum[b]!, sum2[b]!, n) : 0)),
    fluxMean: fluxN > 0 ? fluxSum / fluxN : 0,
    fluxStd: fluxN > 1 ? std(fluxSum, fluxSum2, fluxN) : 0,
    rmsCv: rmsMean > 0 ? std(rmsSum, rmsSum2, n) / rmsMean : 0,
  };
}
