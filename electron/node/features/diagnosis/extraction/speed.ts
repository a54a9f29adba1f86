import type { ProminenceMap } from '../dsp/spectrum';

/**
 * Running speed from the harmonic pattern of the spectrum: the shaft frequency is the candidate
 * whose first harmonics stand out most above the local floor. Line-frequency harmonics (hum) are
 * never counted as shaft orders, which matters on a 60 Hz grid where a 2-pole compressor's 2x
 * (116-118 Hz) sits next to 120 Hz (docs/field-facts.md §1).
 */
export interface SpeedEstimate {
  hz: number;
  /** Weighted sum of harmonic prominences (dB): how clearly the machine's orders show. */
  score: number;
  /** Whether the orders stand out enough to trust the estimate. */
  found: boolean;
  source: 'given' | 'estimated';
}

const WEIGHTS = [1, 1, 0.8, 0.6, 0.5, 0.4];
/** A shaft order closer than this to a line harmonic cannot be told apart from hum. */
const LINE_GUARD_HZ = 0.35;
export const SPEED_FOUND_SCORE = 14;

export const nearLineHarmonic = (hz: number, lineHz: number, guardHz = LINE_GUARD_HZ): boolean => {
  const k = Math.round(hz / lineHz);
  return k >= 1 && Math.abs(hz - k * lineHz) < guardHz;
};

export interface SpeedSearch {
  loHz: number;
  hiHz: number;
  lineHz: number;
  /** Relative speed wander tolerated per harmonic (slip varies with load). */
  wander: number;
}

function harmonicScore(orders: ProminenceMap, f0: number, lineHz: number, wander: number): number {
  let total = 0;
  for (let h = 1; h <= WEIGHTS.length; h += 1) {
    const hz = h * f0;
    if (nearLineHarmonic(hz, lineHz, Math.max(LINE_GUARD_HZ, orders.binHz))) continue;
    total += WEIGHTS[h - 1]! * orders.near(hz, wander * hz).prominenceDb;
  }
  return total;
}

export function estimateSpeed(orders: ProminenceMap, search: SpeedSearch): SpeedEstimate {
  const step = orders.binHz / 2;
  const guard = Math.max(LINE_GUARD_HZ, orders.binHz);
  const fundamentalDb = (f0: number) => (nearLineHarmonic(f0, search.lineHz, guard) ? 0 : orders.near(f0, search.wander * f0).prominenceDb);
  // A shaft shows its own 1x (some unbalance is always there); a series without its first member is
  // more likely something else's harmonics (an outer-race defect's BPFO series, a fan's blade pass).
  const score = (f0: number) => harmonicScore(orders, f0, search.lineHz, search.wander) * (fundamentalDb(f0) >= 6 ? 1 : 0.5);
  let best = { hz: search.loHz, score: -1 };
  // Hum at line frequency with its harmonics looks like a machine turning at exactly line frequency.
  for (let f0 = search.loHz; f0 <= search.hiHz; f0 += step) {
    if (Math.abs(f0 - search.lineHz) < guard) continue;
    const s = score(f0);
    if (s > best.score) best = { hz: f0, score: s };
  }
  // The octave below explains the same even orders: take it when its own fundamental is there.
  const down = best.hz / 2;
  if (down >= search.loHz && fundamentalDb(down) >= 10 && score(down) >= 0.8 * best.score) best = { hz: down, score: score(down) };
  // A subharmonic collects every other order of the true speed: move up when the candidate's own
  // fundamental is missing and the octave above explains nearly as much.
  const up = 2 * best.hz;
  if (up <= search.hiHz * 1.02 && fundamentalDb(best.hz) < 6 && score(up) >= 0.6 * best.score) best = { hz: up, score: score(up) };
  const hz = refine(orders, best.hz, search.lineHz, search.wander);
  return { hz, score: best.score, found: best.score >= SPEED_FOUND_SCORE, source: 'estimated' };
}

/** Sharpens a speed to the interpolated peak of its clearest low harmonic. */
export function refine(orders: ProminenceMap, f0: number, lineHz: number, wander: number): number {
  let bestDb = 6;
  let refined = f0;
  for (let h = 1; h <= 3; h += 1) {
    const hz = h * f0;
    if (nearLineHarmonic(hz, lineHz, Math.max(LINE_GUARD_HZ, orders.binHz))) continue;
    const peak = orders.near(hz, Math.max(wander * hz, orders.binHz));
    if (peak.prominenceDb > bestDb) {
      bestDb = peak.prominenceDb;
      refined = peak.hz / h;
    }
  }
  return refined;
}

/** A speed the user gave (nameplate, tachometer), sharpened to the spectrum when a 1x-3x peak confirms it nearby. */
export function givenSpeed(orders: ProminenceMap, hz: number, lineHz: number): SpeedEstimate {
  const refined = refine(orders, hz, lineHz, 0.02);
  return { hz: refined, score: harmonicScore(orders, refined, lineHz, 0.01), found: true, source: 'given' };
}
