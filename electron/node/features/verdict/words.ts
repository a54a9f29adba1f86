import type { EvidenceItem, Localized, PlainStatement, UncertainReasonCode, UnavailableReasonCode } from '../../../../shared/contract';
import { refrigerationEn, refrigerationKo } from '../../../../shared/i18n/refrigeration';
import { verdictEn, verdictKo } from '../../../../shared/i18n/verdict';
import { isoZone } from '../diagnosis';

/**
 * The verdict's sentences, built from the shared catalogues (shared/i18n/verdict.ts) in both
 * languages at once. Stored diagnoses keep the engine's own statements (engineers' words, for the
 * record); the verdict re-says each measured fact from its numbers, so results stored by an older
 * version get the same plain words.
 */
export type VerdictTexts = typeof verdictEn;
type Value = string | number | Localized;

export function say(pick: (c: VerdictTexts) => string, values: Record<string, Value> = {}): Localized {
  const render = (texts: VerdictTexts, lang: 'ko' | 'en') =>
    pick(texts).replace(/{{\s*(\w+)\s*}}/g, (_, key: string) => {
      const v = values[key];
      if (v === undefined) return '';
      return typeof v === 'object' ? v[lang] : String(v);
    });
  return { ko: render(verdictKo as VerdictTexts, 'ko'), en: render(verdictEn, 'en') };
}

/** Every string of a catalogue list, in both languages (the Korean list has the same length: the parity test checks it). */
export function sayList(pick: (c: VerdictTexts) => readonly string[]): Localized[] {
  const en = pick(verdictEn);
  const ko = pick(verdictKo as VerdictTexts);
  return en.map((text, i) => ({ ko: ko[i] ?? text, en: text }));
}

export const KNOWN_CONDITIONS = Object.keys(verdictEn.conditions).filter((k) => k !== 'unknown');

export function conditionName(key: string): Localized {
  // Refrigerant-side findings (issue 16) are named by their own catalogue: refrigerant_<fault>.
  const fault = key.startsWith('refrigerant_') ? key.slice('refrigerant_'.length) : null;
  if (fault && fault in refrigerationEn.fault) {
    const f = fault as keyof typeof refrigerationEn.fault;
    return { ko: refrigerationKo.fault[f], en: refrigerationEn.fault[f] };
  }
  const k = (key in verdictEn.conditions ? key : 'unknown') as keyof VerdictTexts['conditions'];
  return say((c) => c.conditions[k]);
}

export function conditionActions(key: string): Localized[] {
  const fault = key.startsWith('refrigerant_') ? key.slice('refrigerant_'.length) : null;
  if (fault && fault in refrigerationEn.advice) {
    const f = fault as keyof typeof refrigerationEn.advice;
    return [{ ko: refrigerationKo.advice[f], en: refrigerationEn.advice[f] }];
  }
  const k = (key in verdictEn.actions ? key : 'unknown') as keyof VerdictTexts['actions'];
  return sayList((c) => c.actions[k]);
}

export function reasonText(code: UncertainReasonCode | UnavailableReasonCode, value: number | null = null): Localized {
  return say((c) => c.reasons[code], { percent: Math.round((value ?? 0) * 100) });
}

const num = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '—');
const hz = (v: number | null) => (v === null ? '—' : v >= 100 ? num(v, 0) : num(v, 1));
const db = (v: number | null) => (v === null ? '—' : num(v, 0));


/**
 * The numbers behind one measured fact, with their units ("details"). `all` is the rest of the
 * diagnosis's evidence: the shaft rules' shares are against the overall velocity and the 1x level.
 */
function detailsOf(e: EvidenceItem, all: readonly EvidenceItem[]): Localized[] {
  const value = (key: string) => all.find((x) => x.key === key)?.value ?? null;
  const percentOf = (v: number | null, whole: number | null, squared: boolean) =>
    v === null || whole === null || whole <= 0 ? null : Math.round((100 * (squared ? v * v : v)) / (squared ? whole * whole : whole));
  switch (true) {
    case e.key.startsWith('defect_'):
      return [e.order !== null ? say((c) => c.details.repeatOrderVibration, { hz: hz(e.frequencyHz), order: num(e.order, 2), db: db(e.levelDb) }) : say((c) => c.details.repeatVibration, { hz: hz(e.frequencyHz), db: db(e.levelDb) })];
    case e.key === 'envelope_peak':
      return [e.order !== null ? say((c) => c.details.repeatOrder, { hz: hz(e.frequencyHz), order: num(e.order, 2), db: db(e.levelDb) }) : say((c) => c.details.repeat, { hz: hz(e.frequencyHz), db: db(e.levelDb) })];
    case e.key === 'order_velocity': {
      const percent = percentOf(e.value, value('velocity_rms'), true);
      const values = { hz: hz(e.frequencyHz), value: e.value === null ? '—' : num(e.value, 2), percent: percent ?? '' };
      return [say((c) => (percent === null ? c.details.oncePerTurn : c.details.oncePerTurnShare), values)];
    }
    case e.key === 'order_velocity_2x': {
      const percent = percentOf(e.value, value('order_velocity'), false);
      const values = { hz: hz(e.frequencyHz), value: e.value === null ? '—' : num(e.value, 2), percent: percent ?? '' };
      return [say((c) => (percent === null ? c.details.twicePerTurn : c.details.twicePerTurnShare), values)];
    }
    case e.key === 'shaft_harmonics':
      return [say((c) => c.details.rotationOrders, { value: e.value ?? '—' })];
    case e.key === 'cycle_impacts':
      return [say((c) => c.details.perTurn, { hz: hz(e.frequencyHz), db: db(e.levelDb), value: e.value === null ? '—' : num(e.value, 2) })];
    case e.key === 'order_1x' || e.key === 'line_2x' || e.key === 'order_2x':
      return [say((c) => c.details.level, { hz: hz(e.frequencyHz), db: db(e.levelDb) })];
    case e.key === 'harmonics':
      return [say((c) => c.details.count, { value: e.value ?? '—' })];
    case e.key === 'hiss':
      return [say((c) => c.details.highShare, { percent: e.value === null ? '—' : Math.round(e.value * 100) })];
    default:
      return [];
  }
}

/** The numbers of a fact that points to nothing (context), said on their own; null when there are none. */
export function contextDetails(e: EvidenceItem, all: readonly EvidenceItem[] = []): Localized | null {
  return ['order_velocity', 'order_velocity_2x', 'shaft_harmonics'].includes(e.key) || e.key.startsWith('defect_') ? (detailsOf(e, all)[0] ?? null) : null;
}

/**
 * A measured fact that points to a condition, said as a technician would ("a regular ticking ...
 * the sound of a wearing bearing"), or null when the fact is context only (running speed, 2x...).
 */
export function plainEvidence(e: EvidenceItem, all: readonly EvidenceItem[] = []): PlainStatement | null {
  if (e.key === 'velocity_rms' && e.value !== null) {
    const zone = isoZone(e.value);
    return {
      text: say((c) => c.evidence.vibrationLevel, { value: num(e.value, 2), zone: say((c) => c.evidence.zone[zone]) }),
      details: [say((c) => c.details.vibration, { value: num(e.value, 2), zone })],
    };
  }
  // The bearing tone rules say their facts from their own catalogue (shared/i18n/bearing.ts), numbers included.
  if (e.key.startsWith('bearing_')) return { text: e.statement, details: [] };
  if (!e.supports || !(e.supports in verdictEn.evidence)) return null;
  const key = e.supports as keyof VerdictTexts['evidence'];
  const text = verdictEn.evidence[key];
  if (typeof text !== 'string') return null;
  return { text: say((c) => c.evidence[key] as string), details: detailsOf(e, all) };
}
