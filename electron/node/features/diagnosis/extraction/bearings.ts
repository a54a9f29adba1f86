import { findBearing } from '../../../../../shared/bearings/catalogue';

/**
 * Rolling-bearing geometry and the defect frequencies it implies. Bearings are named from the
 * catalogue (shared/bearings), whose geometry is published for a few and approximate for the
 * rest; others can be given by their ratios.
 */
export interface BearingGeometry {
  balls: number;
  /** Ball diameter over pitch diameter. */
  ballRatio: number;
  contactDeg: number;
}

export interface DefectRatios {
  bpfo: number;
  bpfi: number;
  bsf: number;
  ftf: number;
}

/** Defect frequencies of a rolling bearing as multiples of shaft speed (outer race fixed). */
export function defectRatios(g: BearingGeometry): DefectRatios {
  const c = g.ballRatio * Math.cos((g.contactDeg * Math.PI) / 180);
  return {
    bpfo: (g.balls / 2) * (1 - c),
    bpfi: (g.balls / 2) * (1 + c),
    bsf: (1 / (2 * g.ballRatio)) * (1 - c * c),
    ftf: 0.5 * (1 - c),
  };
}

/** The SKF 6205 deep-groove bearing of the CWRU test rig (ratios as in the dataset's notes: BPFI 5.4152, BPFO 3.5848). */
export const SKF_6205: BearingGeometry = { balls: 9, ballRatio: 0.2034, contactDeg: 0 };

/** A catalogue bearing's geometry, and whether it is estimated rather than published; null when unknown. */
export function catalogueGeometry(designation: string): { geometry: BearingGeometry; approximate: boolean } | null {
  const b = findBearing(designation);
  if (!b) return null;
  // The published 6205 keeps the ratio the models were trained with, to the digit.
  if (b.designation === '6205') return { geometry: SKF_6205, approximate: false };
  return { geometry: { balls: b.elements, ballRatio: b.elementMm / b.pitchMm, contactDeg: b.contactDeg }, approximate: b.approximate };
}
