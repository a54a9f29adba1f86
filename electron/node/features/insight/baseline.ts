import type { BaselineData, ChangedBand, ChangedFeature, Deviation } from '../../../../shared/contract';

/**
 * A machine's own healthy profile, learned from the recordings the technician marked healthy:
 * for every model feature and every spectrum bin, the median and a robust spread (1.4826 x MAD),
 * so one odd recording among the healthy ones moves nothing. A later recording is compared with
 * it feature by feature and band by band. Needs no fault class: a fault the model never learned
 * still moves the sound away from this machine's normal.
 *
 * Features and spectra come from the diagnosis (`Diagnosis.baseline`), made by the one extractor
 * the models use: there is no second implementation here.
 */
export interface BaselineProfile {
  schemaHash: string;
  count: number;
  featureMedian: number[];
  featureScale: number[];
  spectrum: { fromHz: number; stepHz: number; median: number[] };
  bands: { loHz: number; hiHz: number; median: number; scale: number }[];
}

/** Consistency constant: 1.4826 x MAD estimates the standard deviation of normal data. */
const MAD_TO_SD = 1.4826;
/** A z-score is capped here in the overall score: one broken feature cannot dominate. */
const Z_CAP = 10;
/** Two recordings of a healthy machine differ by this much per band anyway (mic placement, load). */
const BAND_SCALE_FLOOR_DB = 1.5;
const ORDER_SCALE_FLOOR_DB = 2;
/** A band or order is reported as changed from this many dB, and this many spreads. */
const CHANGED_DB = 3;
const CHANGED_ORDER_DB = 4;
const CHANGED_Z = 2;
/** The score looks at the features that moved most: a fault moves a few of the 84, not all of them. */
const SCORE_FEATURES = 10;
const MAX_ORDERS = 8;

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function robustScale(values: readonly number[], center: number): number {
  return MAD_TO_SD * median(values.map((v) => Math.abs(v - center)));
}

/**
 * With 3-5 recordings the MAD can be near zero: the spread is floored at what is plausible for the
 * feature (1 dB for levels, 1 for counts, 10 % of the value otherwise).
 */
function featureFloor(name: string, center: number, values: readonly number[]): number {
  const unit = name.endsWith('_db') || values.every((v) => Number.isInteger(v)) ? 1 : 0.02;
  return Math.max(unit, 0.1 * Math.abs(center));
}

/** Third-octave bands (base-2) from 25 Hz up to the end of the grid. */
export function thirdOctaveBands(maxHz: number): { loHz: number; hiHz: number }[] {
  const bands: { loHz: number; hiHz: number }[] = [];
  for (let k = -18; ; k += 1) {
    const center = 1000 * 2 ** (k / 3);
    const lo = center / 2 ** (1 / 6);
    const hi = center * 2 ** (1 / 6);
    if (lo >= maxHz) break;
    // The last band stops at the top of the grid (8 kHz for sound) rather than being dropped.
    if (hi > 25) bands.push({ loHz: lo, hiHz: Math.min(hi, maxHz) });
  }
  return bands;
}

/** Power-average level (dB) of the bins whose centre lies in [lo, hi). */
export function bandLevel(grid: { fromHz: number; stepHz: number }, db: readonly number[], loHz: number, hiHz: number): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < db.length; i += 1) {
    const hz = grid.fromHz + (i + 0.5) * grid.stepHz;
    if (hz < loHz || hz >= hiHz) continue;
    sum += 10 ** (db[i]! / 10);
    n += 1;
  }
  return n === 0 ? Number.NaN : 10 * Math.log10(sum / n);
}

/** Strongest bin level near `hz` (within 2 % or one bin): an order wanders a little with load. */
export function peakNear(grid: { fromHz: number; stepHz: number }, db: readonly number[], hz: number): number {
  const width = Math.max(grid.stepHz, 0.02 * hz);
  let best = -Infinity;
  for (let i = 0; i < db.length; i += 1) {
    const center = grid.fromHz + (i + 0.5) * grid.stepHz;
    if (Math.abs(center - hz) <= width) best = Math.max(best, db[i]!);
  }
  return best;
}

export function sameGrid(a: BaselineData, b: BaselineData): boolean {
  return (
    a.featureSchema.hash === b.featureSchema.hash &&
    a.features.length === b.features.length &&
    a.spectrum.fromHz === b.spectrum.fromHz &&
    a.spectrum.stepHz === b.spectrum.stepHz &&
    a.spectrum.reference === b.spectrum.reference &&
    a.spectrum.db.length === b.spectrum.db.length
  );
}

/** Learns the profile from healthy recordings of one asset; all must share the schema and grid (the caller groups them). */
export function learnProfile(members: readonly BaselineData[], names: readonly string[]): BaselineProfile {
  const first = members[0];
  if (!first) throw new Error('a baseline needs at least one recording');
  for (const m of members) if (!sameGrid(first, m)) throw new Error('baseline recordings must share the feature schema and spectrum grid');
  const featureMedian = first.features.map((_, i) => median(members.map((m) => m.features[i]!)));
  const featureScale = featureMedian.map((c, i) => {
    const values = members.map((m) => m.features[i]!);
    return Math.max(robustScale(values, c), featureFloor(names[i] ?? '', c, values));
  });
  const grid = { fromHz: first.spectrum.fromHz, stepHz: first.spectrum.stepHz };
  const spectrumMedian = first.spectrum.db.map((_, i) => median(members.map((m) => m.spectrum.db[i]!)));
  const maxHz = grid.fromHz + grid.stepHz * first.spectrum.db.length;
  const bands = thirdOctaveBands(maxHz)
    .map(({ loHz, hiHz }) => {
      const levels = members.map((m) => bandLevel(grid, m.spectrum.db, loHz, hiHz));
      const center = median(levels);
      return { loHz, hiHz, median: center, scale: Math.max(robustScale(levels, center), BAND_SCALE_FLOOR_DB) };
    })
    .filter((b) => Number.isFinite(b.median));
  return { schemaHash: first.featureSchema.hash, count: members.length, featureMedian, featureScale, spectrum: { ...grid, median: spectrumMedian }, bands };
}

/**
 * How a recording differs from the profile. The score is the root-mean-square of the 10 largest
 * robust z-scores of the features, each capped at 10: about 1-2 for another healthy recording. `runningHz` places the orders; `members` (the
 * baseline's own data) gives each order's healthy spread.
 */
export function deviationFrom(
  profile: BaselineProfile,
  data: BaselineData,
  names: readonly string[],
  runningHz: number | null,
  members: readonly BaselineData[],
): Deviation {
  const zs = data.features.map((v, i) => (v - profile.featureMedian[i]!) / profile.featureScale[i]!);
  const top = zs.map((z) => Math.min(Math.abs(z), Z_CAP)).sort((a, b) => b - a).slice(0, SCORE_FEATURES);
  const score = Math.sqrt(top.reduce((s, z) => s + z ** 2, 0) / Math.max(1, top.length));
  const features: ChangedFeature[] = zs
    .map((z, i) => ({ name: names[i] ?? `feature_${i}`, value: data.features[i]!, median: profile.featureMedian[i]!, z: round(z, 2) }))
    .filter((f) => Math.abs(f.z) >= CHANGED_Z)
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
    .slice(0, 8);

  const grid = { fromHz: profile.spectrum.fromHz, stepHz: profile.spectrum.stepHz };
  const changed: ChangedBand[] = [];
  for (const band of profile.bands) {
    const level = bandLevel(grid, data.spectrum.db, band.loHz, band.hiHz);
    const delta = level - band.median;
    const z = delta / band.scale;
    if (Math.abs(delta) >= CHANGED_DB && Math.abs(z) >= CHANGED_Z) changed.push({ kind: 'band', order: null, loHz: round(band.loHz, 1), hiHz: round(band.hiHz, 1), deltaDb: round(delta, 1), z: round(z, 1) });
  }
  const maxHz = grid.fromHz + grid.stepHz * data.spectrum.db.length;
  if (runningHz && runningHz > 0) {
    for (let k = 1; k <= MAX_ORDERS && k * runningHz < maxHz; k += 1) {
      const hz = k * runningHz;
      const now = peakNear(grid, data.spectrum.db, hz);
      const healthy = members.map((m) => peakNear(grid, m.spectrum.db, hz));
      const center = median(healthy);
      const delta = now - center;
      const z = delta / Math.max(robustScale(healthy, center), ORDER_SCALE_FLOOR_DB);
      if (Number.isFinite(delta) && Math.abs(delta) >= CHANGED_ORDER_DB && Math.abs(z) >= CHANGED_Z) {
        changed.push({ kind: 'order', order: k, loHz: round(hz * 0.98, 1), hiHz: round(hz * 1.02, 1), deltaDb: round(delta, 1), z: round(z, 1) });
      }
    }
  }
  changed.sort((a, b) => Math.abs(b.deltaDb) - Math.abs(a.deltaDb));

  return {
    score: round(score, 2),
    level: score < 3 ? 'within' : score < 6 ? 'moderate' : 'large',
    baselineRecordings: profile.count,
    changed: changed.slice(0, 12),
    features,
    difference: { ...grid, db: data.spectrum.db.map((v, i) => round(v - profile.spectrum.median[i]!, 1)) },
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
