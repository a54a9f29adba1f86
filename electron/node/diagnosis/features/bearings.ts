/**
 * Rolling-bearing geometry and the defect frequencies it implies. Only bearings whose geometry is
 * documented by a source we trust are listed; others can be given by their ratios.
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

export const KNOWN_BEARINGS: Readonly<Record<string, BearingGeometry>> = { '6205': SKF_6205 };
