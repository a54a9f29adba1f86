import type { EvidenceItem, Localized, UncertainReason } from '../../../../../shared/contract';
import { bearingEn, bearingKo } from '../../../../../shared/i18n/bearing';
import { CONDITIONS } from '../conditions';
import type { DefectRatios } from '../extraction/bearings';
import type { VibrationAnalysis } from '../extraction/vibration';
import { type BearingFault, type DefectTones, FOUND_DB, measureDefectTones } from './bearing-tones';
import { uncertain } from './reasons';

/**
 * The explainable layer beside the bearing model: the defect tones, measured in the envelope of the
 * band the kurtogram chose, checked against what the model says (docs/diagnosis.md, "Bearing tone
 * rules"). The model learnt from one rig; the tones follow from the bearing's geometry and hold on
 * any rig, but only when they stand out. So:
 *
 * - no defect tone clearly above the floor, or only a lone line without the harmonics or sidebands
 *   a defect makes: the record is not clearly diagnosable; a fault named by the model becomes
 *   "uncertain" (a healthy verdict stands: a healthy bearing shows none);
 * - the tones and the model agree: the model's answer stands, with the tones as its evidence;
 * - they disagree and the tones are strong and unambiguous: the result follows the tones;
 * - they disagree otherwise: "uncertain", naming both.
 *
 * Strong means the fundamental 15 dB or more over the floor with a second harmonic, and the
 * sidebands that mark the part: once-per-turn around two or more BPFI harmonics for the inner
 * race, cage-rate around 2xBSF for a ball. Outer-race tones carry no sidebands.
 */
export const STRONG_DB = 15;
/** The strongest fault's score must be this many times the next one's to call the tones unambiguous. */
const CLEAR_RATIO = 1.5;

export interface ToneJudgement {
  tones: Record<BearingFault, DefectTones>;
  /** The fault the tones point to, when any stands out. */
  call: BearingFault | null;
  /** The call's tone comes as a defect makes it: with a harmonic, or with its marking sidebands. */
  characteristic: boolean;
  strong: boolean;
  clear: boolean;
}

export type Reconciled =
  | { kind: 'agree' }
  | { kind: 'follow_tones'; condition: BearingFault }
  | { kind: 'disagree'; tones: BearingFault }
  | { kind: 'unclear' };

export interface BearingCheck {
  judgement: ToneJudgement;
  outcome: Reconciled;
  /** The reason the result is uncertain because of the tones, if it is. */
  reason: UncertainReason | null;
  evidence: EvidenceItem[];
}

const FAULTS: BearingFault[] = ['outer_race', 'inner_race', 'ball'];

export function isStrong(t: DefectTones): boolean {
  if (t.fundamentalDb < STRONG_DB || t.harmonicsFound < 2) return false;
  if (t.fault === 'inner_race') return t.sidebandsFound >= 2;
  if (t.fault === 'ball') return t.sidebandsFound >= 1;
  return true;
}

export function judgeTones(tones: Record<BearingFault, DefectTones>): ToneJudgement {
  const present = FAULTS.map((f) => tones[f]).filter((t) => t.harmonicsFound > 0).sort((a, b) => b.score - a.score);
  const top = present[0];
  if (!top) return { tones, call: null, characteristic: false, strong: false, clear: false };
  const second = present[1];
  const clear = !second || top.score >= CLEAR_RATIO * second.score;
  const characteristic = top.harmonicsFound >= 2 || (top.sidebandHz !== null && top.sidebandsFound >= 1);
  return { tones, call: top.fault, characteristic, strong: isStrong(top), clear };
}

export function reconcile(model: { key: string; probability: number }, j: ToneJudgement): Reconciled {
  if (!j.call) return model.key === 'normal' ? { kind: 'agree' } : { kind: 'unclear' };
  // A lone line at the model's rate can be chance (or another geometry's line): it confirms nothing.
  if (j.call === model.key) return j.characteristic ? { kind: 'agree' } : { kind: 'unclear' };
  if (j.strong && j.clear) return { kind: 'follow_tones', condition: j.call };
  // Faint tones do not overrule a healthy verdict: early wear, or chance lines in the floor.
  if (model.key === 'normal') return { kind: 'agree' };
  return { kind: 'disagree', tones: j.call };
}

/** The ratios of the defect frequencies to the running speed, as the features computed them. */
export function ratiosOf(a: VibrationAnalysis): DefectRatios {
  const at = (key: string) => (a.defects.find((d) => d.key === key)?.hz ?? 0) / a.speed.hz;
  return { bpfo: at('bpfo'), bpfi: at('bpfi'), bsf: at('bsf2') / 2, ftf: at('ftf') };
}

export function checkBearingTones(a: VibrationAnalysis, model: { key: string; probability: number }): BearingCheck {
  const tones = measureDefectTones(a.impulsive, a.speed.hz, ratiosOf(a));
  const judgement = judgeTones(tones);
  const outcome = reconcile(model, judgement);
  const strongest = Math.max(...FAULTS.map((f) => tones[f].fundamentalDb));
  const reason =
    outcome.kind === 'unclear'
      ? uncertain('tones_unclear', Math.round(strongest * 10) / 10, FOUND_DB)
      : outcome.kind === 'disagree'
        ? uncertain('tones_disagree', model.probability, null)
        : null;
  return { judgement, outcome, reason, evidence: [decisionItem(model, judgement, outcome), bandItem(a), ...FAULTS.map((f) => toneItem(tones[f], a.speed.hz, judgement, outcome))] };
}

type Catalogue = typeof bearingEn;

function say(pick: (c: Catalogue) => string, values: Record<string, string | number | Localized> = {}): Localized {
  const render = (c: Catalogue, lang: 'ko' | 'en') =>
    pick(c).replace(/{{\s*(\w+)\s*}}/g, (_, key: string) => {
      const v = values[key];
      return v === undefined ? '' : typeof v === 'object' ? v[lang] : String(v);
    });
  return { ko: render(bearingKo as Catalogue, 'ko'), en: render(bearingEn, 'en') };
}

const nameOf = (key: string): Localized => CONDITIONS[key as keyof typeof CONDITIONS]?.name ?? { ko: key, en: key };
const hz = (v: number) => (v >= 100 ? v.toFixed(1) : v.toFixed(2));

const base = { feature: null, frequencyHz: null, order: null, levelDb: null, value: null, unit: null } as const;

function decisionItem(model: { key: string; probability: number }, j: ToneJudgement, outcome: Reconciled): EvidenceItem {
  const values = { model: nameOf(model.key), percent: Math.round(model.probability * 100), tones: j.call ? nameOf(j.call) : '', condition: nameOf(model.key) };
  const statement =
    outcome.kind === 'agree'
      ? say((c) => (model.key === 'normal' && j.call === null ? c.decision.agreeNormal : c.decision.agree), values)
      : outcome.kind === 'follow_tones'
        ? say((c) => c.decision.follow, values)
        : outcome.kind === 'disagree'
          ? say((c) => c.decision.disagree, values)
          : say((c) => c.decision.unclear, values);
  const top = j.call ? j.tones[j.call] : null;
  return {
    ...base,
    key: 'bearing_decision',
    frequencyHz: top ? top.fundamentalHz : null,
    levelDb: top ? top.fundamentalDb : null,
    value: model.probability,
    unit: 'probability',
    supports: outcome.kind === 'follow_tones' ? outcome.condition : outcome.kind === 'agree' && model.key !== 'normal' ? model.key : null,
    statement,
  };
}

function bandItem(a: VibrationAnalysis): EvidenceItem {
  const b = a.impulsive.band;
  return {
    ...base,
    key: 'bearing_band',
    frequencyHz: Math.round(b.centerHz),
    value: Math.round(b.kurtosis * 100) / 100,
    unit: 'spectral_kurtosis',
    supports: null,
    statement: say((c) => c.band, { lo: (b.loHz / 1000).toFixed(2), hi: (b.hiHz / 1000).toFixed(2), centre: (b.centerHz / 1000).toFixed(2), width: (b.widthHz / 1000).toFixed(2), kurtosis: b.kurtosis.toFixed(1) }),
  };
}

function toneItem(t: DefectTones, speedHz: number, j: ToneJudgement, outcome: Reconciled): EvidenceItem {
  const first = t.harmonics[0]!;
  const values = {
    hz: hz(t.harmonicsFound > 0 && first.found ? first.hz : t.fundamentalHz),
    order: (t.fundamentalHz / speedHz).toFixed(2),
    found: t.harmonicsFound,
    count: t.harmonics.length,
    db: Math.max(0, ...t.harmonics.filter((h) => h.found).map((h) => h.prominenceDb)).toFixed(0),
    sidebands: t.sidebandsFound,
    side: t.sidebandHz === null ? '' : hz(t.sidebandHz),
  };
  const named = outcome.kind === 'follow_tones' ? outcome.condition : outcome.kind === 'agree' ? j.call : null;
  return {
    ...base,
    key: `bearing_${t.tone}`,
    frequencyHz: t.fundamentalHz,
    order: t.fundamentalHz / speedHz,
    levelDb: t.fundamentalDb,
    value: t.harmonicsFound,
    unit: 'harmonics',
    supports: named === t.fault && t.harmonicsFound > 0 ? t.fault : null,
    statement: say((c) => (t.harmonicsFound > 0 ? c.tone[t.fault].found : c.tone[t.fault].none), values),
  };
}
