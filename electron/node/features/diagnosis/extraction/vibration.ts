import { highPassed } from '../dsp/biquad';
import { fastKurtogram, type KurtogramBand } from '../dsp/kurtogram';
import { bandPower, type EnvelopeBand, longSpectrum, type LongSpectrum, ProminenceMap } from '../dsp/spectrum';
import { crestFactorDb, moments } from '../dsp/stats';
import { type BearingGeometry, defectRatios } from './bearings';
import { type FeatureSchema, FeatureVectorBuilder, schemaHash } from './schema';
import { estimateSpeed, givenSpeed, type SpeedEstimate } from './speed';

/**
 * Features of casing vibration (acceleration in g) for rolling-bearing diagnosis, in two
 * bandwidths: "wideband" for lab and imported recordings sampled at 11 kHz or more (analysed at
 * 12 kHz, like the CWRU data), "narrowband" for the ESP32's ADXL345 at 3200 Hz, whose band ends
 * at 1.6 kHz and so misses the usual 2-6 kHz bearing resonances. Each bandwidth has its own
 * schema and its own model; the narrowband one is evaluated on recordings decimated to 3200 Hz.
 *
 * Defect frequencies are computed from the bearing's geometry and the running speed; level
 * features are relative (ratios, prominence over a local floor), so the sensor's sensitivity and
 * mounting do not matter. Absolute severity comes separately, from velocity RMS (ISO 10816).
 */
export type VibrationBandwidth = 'wideband' | 'narrowband';

interface BandwidthConfig {
  rate: number;
  window: number;
  bands: readonly (EnvelopeBand & { name: string })[];
}

export const VIBRATION_CONFIG: Record<VibrationBandwidth, BandwidthConfig> = {
  wideband: {
    rate: 12_000,
    window: 16_384,
    bands: [
      { name: 'lo', loHz: 500, hiHz: 1400 },
      { name: 'hi', loHz: 2000, hiHz: 5500 },
    ],
  },
  narrowband: {
    rate: 3200,
    window: 4096,
    bands: [
      { name: 'lo', loHz: 500, hiHz: 1400 },
      { name: 'hi', loHz: 2000, hiHz: 5500 },
    ],
  },
};

/** Lowest native rate analysed as wideband; below it (down to 3000 Hz) the narrowband model applies. */
export const WIDEBAND_MIN_RATE = 11_000;
export const NARROWBAND_MIN_RATE = 3000;

const FLOOR = { gapBins: 3, flankBins: 20 };
const ENVELOPE_MAX_HZ = 1000;
const SPEED_RANGE = { loHz: 8, hiHz: 65 };
const WANDER = 0.004;
const BAND_EDGES = [10, 500, 1400, 3000, 6000];
const DEFECTS = ['bpfo', 'bpfi', 'bsf2', 'ftf'] as const;

const NAMES: string[] = [
  'kurtosis_log',
  'crest_factor_db',
  'skewness',
  ...BAND_EDGES.slice(0, -1).map((lo, i) => `band_${lo}_${BAND_EDGES[i + 1]}_ratio`),
  'centroid_log_hz',
  'order_1x_prom_db',
  'order_2x_prom_db',
  'order_3x_prom_db',
  'harmonic_count',
  'line_2x_prom_db',
  ...['lo', 'hi'].flatMap((b) => [
    `env_${b}_available`,
    `env_${b}_kurtosis_log`,
    ...DEFECTS.map((d) => `env_${b}_${d}_db`),
    `env_${b}_bpfi_sidebands_db`,
    `env_${b}_1x_db`,
    `env_${b}_peak_prom_db`,
  ]),
];

const schemaFor = (bandwidth: VibrationBandwidth): FeatureSchema => ({
  id: `bearing-vibration-${bandwidth}`,
  version: 2,
  names: NAMES,
  params: {
    ...VIBRATION_CONFIG[bandwidth],
    floor: FLOOR,
    envelopeMaxHz: ENVELOPE_MAX_HZ,
    speedRange: SPEED_RANGE,
    wander: WANDER,
    bandEdges: BAND_EDGES,
    defectHarmonics: 3,
  },
});

export const VIBRATION_SCHEMAS: Record<VibrationBandwidth, FeatureSchema> = {
  wideband: schemaFor('wideband'),
  narrowband: schemaFor('narrowband'),
};
export const VIBRATION_SCHEMA_HASHES: Record<VibrationBandwidth, string> = {
  wideband: schemaHash(VIBRATION_SCHEMAS.wideband),
  narrowband: schemaHash(VIBRATION_SCHEMAS.narrowband),
};

export interface DefectMeasurement {
  key: (typeof DEFECTS)[number];
  hz: number;
  /** Mean prominence (dB) of the first harmonics in the envelope spectrum of the band that shows it best. */
  prominenceDb: number;
  band: string;
}

/** The envelope of the band the kurtogram chose: not a model input, read by the tone rules (engine/bearing-rules.ts). */
export interface ImpulsiveBand {
  band: KurtogramBand;
  binHz: number;
  /** Envelope spectrum of the band, as `envelopes[i].power`. */
  power: Float64Array;
  available: boolean;
}

export interface VibrationAnalysis {
  bandwidth: VibrationBandwidth;
  features: Float64Array;
  spectrum: LongSpectrum;
  speed: SpeedEstimate;
  defects: DefectMeasurement[];
  orders: { order: number; hz: number; prominenceDb: number }[];
  envelopes: { name: string; band: EnvelopeBand; available: boolean; kurtosis: number; binHz: number; power: Float64Array }[];
  /** Velocity RMS 10-1000 Hz, mm/s (ISO 10816). */
  velocityRmsMmS: number;
  accelerationRmsG: number;
  kurtosis: number;
  impulsive: ImpulsiveBand;
}

export interface VibrationOptions {
  speedHz?: number;
  bearing: BearingGeometry;
  onProgress?: (fraction: number) => void;
}

const log1 = (v: number) => Math.log(Math.max(v, 1e-9));
const G = 9.80665;

/** `signal` must already be at the bandwidth's analysis rate (VIBRATION_CONFIG[bandwidth].rate). */
export function vibrationFeatures(signal: Float32Array, bandwidth: VibrationBandwidth, options: VibrationOptions): VibrationAnalysis {
  const config = VIBRATION_CONFIG[bandwidth];
  const f = new FeatureVectorBuilder(VIBRATION_SCHEMAS[bandwidth]);
  // Gravity and sensor offset out; what is left is vibration.
  const ac = highPassed(signal, 5, config.rate);
  const spectrum = longSpectrum(ac, {
    size: config.window,
    sampleRate: config.rate,
    envelopeBands: config.bands,
    envelopeMaxHz: ENVELOPE_MAX_HZ,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const { power, binHz } = spectrum;
  const nyquist = config.rate / 2;
  const total = Math.max(bandPower(power, binHz, 10, nyquist), 1e-20);

  const m = moments(ac);
  f.set('kurtosis_log', log1(m.kurtosis)).set('crest_factor_db', crestFactorDb(m)).set('skewness', Math.max(-5, Math.min(5, m.skewness)));
  for (let i = 0; i < BAND_EDGES.length - 1; i += 1) {
    const lo = BAND_EDGES[i]!;
    const hi = BAND_EDGES[i + 1]!;
    f.set(`band_${lo}_${hi}_ratio`, bandPower(power, binHz, lo, Math.min(hi, nyquist)) / total);
  }
  let c = 0;
  const k10 = Math.ceil(10 / binHz);
  for (let k = k10; k < power.length; k += 1) c += k * binHz * power[k]!;
  f.set('centroid_log_hz', log1(c / total));

  const orders = new ProminenceMap(power, binHz, 12 * SPEED_RANGE.hiHz, FLOOR);
  const lineHz = 60;
  const speed = options.speedHz ? givenSpeed(orders, options.speedHz, lineHz) : estimateSpeed(orders, { ...SPEED_RANGE, lineHz, wander: WANDER });
  const fr = speed.hz;
  const tol = (hz: number) => Math.max(binHz, WANDER * hz);
  const measuredOrders = [1, 2, 3].map((o) => {
    const p = orders.near(o * fr, tol(o * fr));
    return { order: o, hz: p.hz, prominenceDb: p.prominenceDb };
  });
  measuredOrders.forEach((o) => f.set(`order_${o.order}x_prom_db`, o.prominenceDb));
  let harmonics = 0;
  for (let h = 1; h <= 10; h += 1) if (orders.near(h * fr, tol(h * fr)).prominenceDb >= 8) harmonics += 1;
  f.set('harmonic_count', harmonics).set('line_2x_prom_db', orders.near(2 * lineHz, 0.5).prominenceDb);

  // Envelope spectra: defect frequencies and their harmonics.
  const ratios = defectRatios(options.bearing);
  const defectHz = { bpfo: ratios.bpfo * fr, bpfi: ratios.bpfi * fr, bsf2: 2 * ratios.bsf * fr, ftf: ratios.ftf * fr };
  const best = new Map<string, DefectMeasurement>();
  config.bands.forEach((band, i) => {
    const e = spectrum.envelopes[i]!;
    const name = band.name;
    f.set(`env_${name}_available`, e.available ? 1 : 0);
    if (!e.available) {
      for (const feature of ['kurtosis_log', ...DEFECTS.map((d) => `${d}_db`), 'bpfi_sidebands_db', '1x_db', 'peak_prom_db']) f.set(`env_${name}_${feature}`, 0);
      return;
    }
    const env = new ProminenceMap(e.power, binHz, ENVELOPE_MAX_HZ - 25 * binHz, FLOOR);
    // Defect frequencies drift with slip: allow 1.5 % and a bin.
    const at = (hz: number) => (hz < env.maxHz ? env.near(hz, 0.015 * hz + binHz).prominenceDb : 0);
    const harmonicMean = (hz: number, count: number) => {
      let sum = 0;
      let n = 0;
      for (let h = 1; h <= count; h += 1) {
        if (h * hz >= env.maxHz) break;
        sum += at(h * hz);
        n += 1;
      }
      return n > 0 ? sum / n : 0;
    };
    f.set(`env_${name}_kurtosis_log`, log1(e.kurtosis));
    for (const d of DEFECTS) {
      const db = harmonicMean(defectHz[d], d === 'ftf' ? 1 : 3);
      f.set(`env_${name}_${d}_db`, db);
      const prev = best.get(d);
      if (!prev || db > prev.prominenceDb) best.set(d, { key: d, hz: defectHz[d], prominenceDb: db, band: name });
    }
    f.set(`env_${name}_bpfi_sidebands_db`, 0.5 * (at(defectHz.bpfi - fr) + at(defectHz.bpfi + fr)));
    f.set(`env_${name}_1x_db`, at(fr));
    const synchronous = (hz: number) => Math.abs(hz / fr - Math.round(hz / fr)) * fr < Math.max(0.006 * hz, 2 * binHz);
    f.set(`env_${name}_peak_prom_db`, env.strongestBetween(1.5 * fr, Math.min(env.maxHz, 12 * fr), synchronous).prominenceDb);
  });

  // Velocity RMS 10-1000 Hz, from the acceleration spectrum (a / 2 pi f per bin).
  let v2 = 0;
  for (let k = Math.ceil(10 / binHz); k <= Math.min(power.length - 1, Math.floor(1000 / binHz)); k += 1) {
    const w = 2 * Math.PI * k * binHz;
    v2 += (power[k]! * G * G) / (w * w);
  }
  const velocityRmsMmS = Math.sqrt(v2) * 1000;
  const impulsive = impulsiveBand(ac, config, fr, Math.max(ratios.bpfi, ratios.bpfo));

  return {
    bandwidth,
    features: f.build(),
    spectrum,
    speed,
    defects: DEFECTS.map((d) => best.get(d) ?? { key: d, hz: defectHz[d], prominenceDb: 0, band: 'lo' }),
    orders: measuredOrders,
    envelopes: spectrum.envelopes.map((e, i) => ({ name: config.bands[i]!.name, band: e.band, available: e.available, kurtosis: e.kurtosis, binHz, power: e.power })),
    velocityRmsMmS,
    accelerationRmsG: Math.sqrt(total),
    kurtosis: m.kurtosis,
    impulsive,
  };
}

/**
 * The band the fast kurtogram finds most impulsive, and its envelope spectrum. The band must be
 * wide enough for its envelope to hold three harmonics of the fastest defect tone plus a shaft-rate
 * sideband, and must not start at 0 Hz, where the shaft orders themselves are.
 */
function impulsiveBand(ac: Float32Array, config: BandwidthConfig, speedHz: number, fastestRatio: number): ImpulsiveBand {
  const nyquist = config.rate / 2;
  const minWidthHz = Math.min(nyquist / 4, (3 * fastestRatio + 1) * speedHz);
  const kurtogram = fastKurtogram(ac, config.rate, { minWidthHz, minLoHz: 1, maxLevel: 6 });
  const band = kurtogram.best;
  const envelope = longSpectrum(ac, { size: config.window, sampleRate: config.rate, envelopeBands: [band], envelopeMaxHz: ENVELOPE_MAX_HZ }).envelopes[0]!;
  return { band, binHz: config.rate / config.window, power: envelope.power, available: envelope.available };
}

/** ISO 10816-1 zones for class I machines (up to 15 kW), velocity RMS 10-1000 Hz, mm/s. */
export const ISO_10816_CLASS_I = { ab: 0.71, bc: 1.8, cd: 4.5 } as const;
export type IsoZone = 'A' | 'B' | 'C' | 'D';

export function isoZone(velocityRmsMmS: number): IsoZone {
  const t = ISO_10816_CLASS_I;
  return velocityRmsMmS < t.ab ? 'A' : velocityRmsMmS < t.bc ? 'B' : velocityRmsMmS < t.cd ? 'C' : 'D';
}

