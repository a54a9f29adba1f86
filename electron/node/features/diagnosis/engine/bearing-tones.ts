import { ProminenceMap } from '../dsp/spectrum';
import type { DefectRatios } from '../extraction/bearings';

/**
 * The defect tones of a rolling bearing in an envelope spectrum, each with its harmonics and the
 * sidebands that tell the damaged part (Randall & Antoni, "Rolling element bearing diagnostics: a
 * tutorial", MSSP 25, 2011, section 2):
 *
 * - outer race (fixed ring): impacts at BPFO and its harmonics, no modulation: the defect stays
 *   in the load zone;
 * - inner race: impacts at BPFI, modulated once per turn as the defect passes through the load
 *   zone: sidebands at the shaft rate (1x) around the BPFI harmonics;
 * - ball: a ball's defect strikes both races, so at twice the ball-spin rate (2xBSF), modulated at
 *   the cage rate (FTF) as the ball goes round the load zone: FTF sidebands around 2xBSF.
 *
 * Numbers only; the decision is bearing-rules.ts.
 */
export type BearingFault = 'outer_race' | 'inner_race' | 'ball';

export interface ToneLine {
  harmonic: number;
  expectedHz: number;
  /** Where the strongest bin near the expected frequency is (the expected one when nothing stands out). */
  hz: number;
  prominenceDb: number;
  found: boolean;
}

export interface SidebandPair {
  carrierHz: number;
  lowerDb: number;
  upperDb: number;
  found: boolean;
}

export interface DefectTones {
  fault: BearingFault;
  tone: 'bpfo' | 'bpfi' | 'bsf2';
  fundamentalHz: number;
  harmonics: ToneLine[];
  harmonicsFound: number;
  /** Spacing of the sidebands that mark this fault (1x for inner race, FTF for ball), null for outer race. */
  sidebandHz: number | null;
  sidebands: SidebandPair[];
  sidebandsFound: number;
  /** The fundamental's prominence, dB over the local floor (0 unless it is found and is this fault's line). */
  fundamentalDb: number;
  /** Prominence of the two strongest harmonics found plus half that of the two strongest sidebands: ranks the faults. */
  score: number;
}

export interface EnvelopeSpectrum {
  power: Float64Array;
  binHz: number;
}

/** A tone or a sideband counts when it stands this far over its neighbours in the averaged envelope spectrum. */
export const FOUND_DB = 6;
/** Defect frequencies drift with slip and with the bearing's real contact angle: 1.5 % and a bin. */
const DRIFT = 0.015;
const FLOOR = { gapBins: 3, flankBins: 20 };

/**
 * Every line the faults (and the shaft) put in an envelope spectrum, to say whose a measured line
 * is: the nearest one's. Several lines of one bearing can fall close together (for the CWRU rig's
 * 6205, 2xBPFI is within 0.7 % of 3xBPFO, and BPFO + 1x within 3 % of 2xBSF); a line found inside
 * one fault's tolerance but nearer another fault's line is not evidence for the first.
 */
function lineOwners(speedHz: number, ratios: DefectRatios, maxHz: number): { hz: number; owner: BearingFault | 'shaft' }[] {
  const fr = speedHz;
  const out: { hz: number; owner: BearingFault | 'shaft' }[] = [];
  for (let k = 1; k * fr <= maxHz; k += 1) out.push({ hz: k * fr, owner: 'shaft' });
  for (let h = 1; h <= 4; h += 1) {
    for (const [owner, hz, side] of [
      ['outer_race', h * ratios.bpfo * fr, fr],
      ['inner_race', h * ratios.bpfi * fr, fr],
      ['ball', h * 2 * ratios.bsf * fr, ratios.ftf * fr],
    ] as const) {
      out.push({ hz, owner }, { hz: hz - side, owner }, { hz: hz + side, owner });
    }
  }
  out.push({ hz: ratios.bsf * fr, owner: 'ball' });
  return out.filter((l) => l.hz > 0 && l.hz <= maxHz);
}

export function measureDefectTones(env: EnvelopeSpectrum, speedHz: number, ratios: DefectRatios): Record<BearingFault, DefectTones> {
  const { binHz } = env;
  const maxHz = (env.power.length - 1) * binHz;
  const map = new ProminenceMap(env.power, binHz, maxHz - (FLOOR.flankBins + 2) * binHz, FLOOR);
  const inside = (hz: number) => hz > 2 * binHz && hz < map.maxHz;
  const owners = lineOwners(speedHz, ratios, maxHz);
  // Whose line a measured frequency is; null when two owners' lines are about as near (within a bin).
  const ownerOf = (hz: number): BearingFault | 'shaft' | null => {
    const sorted = owners.map((l) => ({ owner: l.owner, d: Math.abs(l.hz - hz) })).sort((a, b) => a.d - b.d);
    const first = sorted[0];
    if (!first) return null;
    const rival = sorted.find((x) => x.owner !== first.owner);
    return rival && rival.d - first.d < binHz ? null : first.owner;
  };

  const line = (owner: BearingFault, harmonic: number, expectedHz: number, tolHz: number): ToneLine => {
    if (!inside(expectedHz)) return { harmonic, expectedHz, hz: expectedHz, prominenceDb: 0, found: false };
    const p = map.near(expectedHz, tolHz);
    const found = p.prominenceDb >= FOUND_DB && ownerOf(p.hz) === owner;
    return { harmonic, expectedHz, hz: p.hz, prominenceDb: Math.round(p.prominenceDb * 10) / 10, found };
  };

  const measure = (fault: BearingFault, tone: DefectTones['tone'], fundamentalHz: number, count: number, sidebandHz: number | null): DefectTones => {
    const first = line(fault, 1, fundamentalHz, DRIFT * fundamentalHz + binHz);
    // Once the fundamental is found, its harmonics are looked for at exact multiples of it.
    const base = first.found ? first.hz : fundamentalHz;
    const harmonics = [first];
    for (let h = 2; h <= count; h += 1) harmonics.push(line(fault, h, h * base, (first.found ? 0.004 : DRIFT) * h * base + binHz));
    const sidebands: SidebandPair[] = [];
    if (sidebandHz !== null) {
      for (const hLine of harmonics) {
        const carrier = hLine.found ? hLine.hz : hLine.expectedHz;
        const tol = 0.01 * sidebandHz + 2 * binHz;
        const lower = line(fault, 0, carrier - sidebandHz, tol);
        const upper = line(fault, 0, carrier + sidebandHz, tol);
        sidebands.push({ carrierHz: carrier, lowerDb: lower.found ? lower.prominenceDb : 0, upperDb: upper.found ? upper.prominenceDb : 0, found: hLine.found && (lower.found || upper.found) });
      }
    }
    const found = harmonics.filter((h) => h.found);
    const foundSidebands = sidebands.filter((s) => s.found);
    // The two strongest of each: the ball has only two harmonics in view, the races three.
    const two = (values: number[]) => values.sort((a, b) => b - a).slice(0, 2).reduce((sum, v) => sum + v, 0);
    const score = two(found.map((h) => h.prominenceDb)) + 0.5 * two(foundSidebands.map((b) => Math.max(b.lowerDb, b.upperDb)));
    return {
      fault,
      tone,
      fundamentalHz,
      harmonics,
      harmonicsFound: found.length,
      sidebandHz,
      sidebands,
      sidebandsFound: foundSidebands.length,
      fundamentalDb: first.found ? first.prominenceDb : 0,
      score: Math.round(score * 10) / 10,
    };
  };

  return {
    outer_race: measure('outer_race', 'bpfo', ratios.bpfo * speedHz, 3, null),
    inner_race: measure('inner_race', 'bpfi', ratios.bpfi * speedHz, 3, speedHz),
    ball: measure('ball', 'bsf2', 2 * ratios.bsf * speedHz, 2, ratios.ftf * speedHz),
  };
}
