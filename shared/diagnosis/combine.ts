import type { Diagnosis } from '../contract/diagnosis';

/**
 * Sound and vibration recorded together by one sensor, read side by side: where they agree and
 * where they do not. Pure and shared so that the UI and the back end (reports, the visit verdict)
 * read a capture the same way. Each point is a key of the `insight.engine.combine` catalogue with
 * its values; the words live in shared/i18n.
 */
export type CombinedPointKind =
  | 'speed_agree'
  | 'speed_differ'
  | 'same_condition'
  | 'both_normal'
  | 'sound_only_kind'
  | 'bearing_band'
  | 'sound_only'
  | 'vibration_only'
  | 'differ'
  | 'cannot_compare';

export interface CombinedPoint {
  kind: CombinedPointKind;
  agree: boolean | null;
  /** Values for the message: speeds in Hz, condition keys (the UI shows their names). */
  values: { soundHz?: number; vibrationHz?: number; sound?: string; vibration?: string };
}

/** Conditions as families: the sound model's bearing wear is the vibration model's race or ball defect. */
const FAMILY: Record<string, string> = {
  bearing_wear: 'bearing',
  inner_race: 'bearing',
  outer_race: 'bearing',
  ball: 'bearing',
  unbalance: 'unbalance',
  misalignment: 'misalignment',
  looseness: 'looseness',
  normal: 'normal',
};
/** What only sound can show: a vibration sensor on the casing does not see these. */
const SOUND_ONLY = new Set(['valve_fault', 'refrigerant_hiss', 'electrical_hum']);

export function combineDiagnoses(sound: Diagnosis, vibration: Diagnosis): CombinedPoint[] {
  const points: CombinedPoint[] = [];
  const s = sound.running?.hz;
  const v = vibration.running?.hz;
  if (s !== undefined && v !== undefined) {
    const close = Math.abs(s - v) <= Math.max(0.5, 0.02 * Math.max(s, v));
    points.push({ kind: close ? 'speed_agree' : 'speed_differ', agree: close, values: { soundHz: round(s), vibrationHz: round(v) } });
  }
  const sc = sound.condition?.key;
  const vc = vibration.condition?.key;
  if (!sc || !vc) {
    points.push({ kind: 'cannot_compare', agree: null, values: {} });
    return points;
  }
  const sf = FAMILY[sc] ?? sc;
  const vf = FAMILY[vc] ?? vc;
  const values = { sound: sc, vibration: vc };
  if (sf === vf) points.push({ kind: sf === 'normal' ? 'both_normal' : 'same_condition', agree: true, values });
  else if (SOUND_ONLY.has(sc) && vf === 'normal') points.push({ kind: 'sound_only_kind', agree: null, values });
  else if (sf === 'bearing' && vf === 'normal' && vibration.coverage?.misses.includes('bearing_resonance')) points.push({ kind: 'bearing_band', agree: null, values });
  else if (vf === 'normal') points.push({ kind: 'sound_only', agree: false, values });
  else if (sf === 'normal') points.push({ kind: 'vibration_only', agree: false, values });
  else points.push({ kind: 'differ', agree: false, values });
  return points;
}

const round = (hz: number) => Math.round(hz * 10) / 10;
