import type { BaselineData, SpectrumMarker, SpectrumView } from '../../../../../shared/contract';
import { logFloor, toDb } from '../dsp/spectrum';

/**
 * Spectra reduced for the UI (max per step, so peaks survive) and for baselines (mean per step on a
 * fixed grid, so recordings of one asset can be compared band by band).
 */
const FLOOR_SHAPE = { gapBins: 3, flankBins: 20 };
const round = (v: number) => Math.round(v * 10) / 10;

export function spectrumView(input: {
  kind: 'spectrum' | 'envelope';
  power: Float64Array;
  binHz: number;
  toHz: number;
  stepHz: number;
  reference: 'total_power' | 'one_g';
  /** Power that 0 dB stands for. */
  referencePower: number;
  band?: { loHz: number; hiHz: number } | null;
  markers: SpectrumMarker[];
}): SpectrumView {
  const { power, binHz, stepHz } = input;
  const toHz = Math.min(input.toHz, (power.length - 1) * binHz);
  const steps = Math.max(1, Math.floor(toHz / stepHz));
  const floors = logFloor(power, FLOOR_SHAPE, Math.min(power.length - 1, Math.ceil(toHz / binHz) + 1));
  const db: number[] = [];
  const floorDb: number[] = [];
  const ref = Math.max(input.referencePower, 1e-30);
  for (let i = 0; i < steps; i += 1) {
    const lo = Math.max(1, Math.ceil((i * stepHz) / binHz));
    const hi = Math.max(lo, Math.min(power.length - 1, Math.ceil(((i + 1) * stepHz) / binHz) - 1));
    let peak = 0;
    let floor = Infinity;
    for (let k = lo; k <= hi; k += 1) {
      if (power[k]! > peak) peak = power[k]!;
      if (k < floors.length && floors[k]! < floor) floor = floors[k]!;
    }
    db.push(round(Math.max(-200, toDb(peak / ref))));
    floorDb.push(round(Math.max(-200, toDb((Number.isFinite(floor) ? floor : peak) / ref))));
  }
  return {
    kind: input.kind,
    band: input.band ?? null,
    reference: input.reference,
    fromHz: 0,
    stepHz,
    resolutionHz: binHz,
    db,
    floorDb,
    markers: input.markers.filter((m) => m.hz > 0 && m.hz < toHz),
  };
}

export function baselineSpectrum(power: Float64Array, binHz: number, toHz: number, stepHz: number, reference: 'total_power' | 'one_g', referencePower: number): BaselineData['spectrum'] {
  const steps = Math.floor(Math.min(toHz, (power.length - 1) * binHz) / stepHz);
  const db: number[] = [];
  for (let i = 0; i < steps; i += 1) {
    const lo = Math.ceil((i * stepHz) / binHz);
    const hi = Math.max(lo, Math.ceil(((i + 1) * stepHz) / binHz) - 1);
    let sum = 0;
    for (let k = lo; k <= hi && k < power.length; k += 1) sum += power[k]!;
    db.push(round(Math.max(-200, toDb(sum / Math.max(referencePower, 1e-30)))));
  }
  return { fromHz: 0, stepHz, reference, db };
}
