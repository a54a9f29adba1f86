import type { AssetKind, CycleValues, SupportingMeasurement, SystemFault, RefrigerantFinding } from '../../../../shared/contract';
import { en } from '../../../../shared/i18n/en';
import { ko } from '../../../../shared/i18n/ko';

/**
 * The established superheat/subcooling troubleshooting table (docs/diagnosis.md, "Sources of the
 * rules", says per rule which source was checked and which thresholds are our own engineering
 * choice): each fault is a pattern of high/normal/low signs. A fault is named
 * only when its required signs are present; how sure is the share of its signs that agree, scaled
 * by how many of them could be judged at all.
 */

type Sign = 'superheat' | 'subcooling' | 'evaporatorSplit' | 'condenserSplit' | 'compressionRatio' | 'dischargeSuperheat' | 'current';
type Judged = 'low' | 'normal' | 'high';

/**
 * Usual ranges: our engineering choice, deliberately wider than the published targets (e.g.
 * subcooling 6-10 °F, 3-6 K, for a forced-air condenser) so one table serves TXV and fixed-orifice
 * units of every make; docs/diagnosis.md lists each against what the sources say.
 */
export function usualRanges(kind: AssetKind | null): Record<Sign, [number, number]> {
  const comfort = kind === 'air_conditioner' || kind === 'heat_pump' || kind === 'chiller';
  return {
    superheat: [3, 12],
    subcooling: [3, 12],
    evaporatorSplit: comfort ? [14, 24] : [4, 12],
    condenserSplit: comfort ? [8, 17] : [6, 17],
    compressionRatio: [2, 12],
    dischargeSuperheat: [15, 60],
    // Relative to the median of this equipment's earlier visits (1 = the same).
    current: [0.85, 1.15],
  };
}

interface Condition {
  sign: Sign;
  expect: Judged[];
  weight: number;
  required?: boolean;
}

const RULES: Record<Exclude<SystemFault, 'system_normal' | 'gas_cooler_heat_rejection' | 'high_side_pressure_low' | 'high_side_pressure_high'>, Condition[]> = {
  undercharge: [
    { sign: 'superheat', expect: ['high'], weight: 2, required: true },
    { sign: 'subcooling', expect: ['low'], weight: 2, required: true },
    { sign: 'evaporatorSplit', expect: ['high'], weight: 1 },
    { sign: 'condenserSplit', expect: ['low', 'normal'], weight: 0.5 },
    { sign: 'dischargeSuperheat', expect: ['high'], weight: 0.5 },
  ],
  overcharge: [
    { sign: 'subcooling', expect: ['high'], weight: 2, required: true },
    { sign: 'condenserSplit', expect: ['high'], weight: 1.5, required: true },
    { sign: 'superheat', expect: ['low', 'normal'], weight: 1 },
    { sign: 'evaporatorSplit', expect: ['low', 'normal'], weight: 0.5 },
  ],
  restriction: [
    { sign: 'superheat', expect: ['high'], weight: 2, required: true },
    { sign: 'subcooling', expect: ['high'], weight: 2, required: true },
    { sign: 'evaporatorSplit', expect: ['high'], weight: 1 },
    { sign: 'condenserSplit', expect: ['low', 'normal'], weight: 0.5 },
  ],
  non_condensables: [
    { sign: 'condenserSplit', expect: ['high'], weight: 2, required: true },
    { sign: 'subcooling', expect: ['low'], weight: 1.5, required: true },
    { sign: 'superheat', expect: ['normal'], weight: 0.5 },
    { sign: 'dischargeSuperheat', expect: ['high'], weight: 0.5 },
  ],
  // Subcooling falls as the head pressure rises (Tomczyk, ACHR News; docs/diagnosis.md, Sources):
  // a starved condenser is not told from non-condensables by it, so both may be named.
  condenser_airflow: [
    { sign: 'condenserSplit', expect: ['high'], weight: 2, required: true },
    { sign: 'subcooling', expect: ['low', 'normal'], weight: 1.5, required: true },
    { sign: 'superheat', expect: ['low', 'normal'], weight: 1 },
  ],
  evaporator_airflow: [
    { sign: 'evaporatorSplit', expect: ['high'], weight: 2, required: true },
    { sign: 'superheat', expect: ['low'], weight: 2, required: true },
    { sign: 'subcooling', expect: ['normal', 'high'], weight: 1 },
    { sign: 'condenserSplit', expect: ['low', 'normal'], weight: 0.5 },
  ],
  inefficient_compressor: [
    { sign: 'compressionRatio', expect: ['low'], weight: 2, required: true },
    { sign: 'evaporatorSplit', expect: ['low'], weight: 1.5 },
    { sign: 'condenserSplit', expect: ['low'], weight: 1.5 },
    { sign: 'current', expect: ['low'], weight: 1 },
    { sign: 'superheat', expect: ['normal', 'high'], weight: 0.5 },
  ],
};

/** R-744 above the critical point: the gas cooler's approach replaces condensing and subcooling. */
const GAS_COOLER_APPROACH_K: [number, number] = [1, 6];
/** High-side pressure within this share of the COP-optimal pressure for the gas-cooler outlet temperature. */
const OPTIMUM_BAND = 0.15;

export interface RuleInput {
  values: CycleValues;
  kind: AssetKind | null;
  /** This visit's compressor current over the median of earlier visits (null when either is missing). */
  currentRatio: number | null;
}

function judge(value: number, [lo, hi]: [number, number]): Judged {
  return value < lo ? 'low' : value > hi ? 'high' : 'normal';
}

function signValues(input: RuleInput): Partial<Record<Sign, { value: number; unit: string }>> {
  const v = input.values;
  const out: Partial<Record<Sign, { value: number; unit: string }>> = {};
  if (v.superheat) out.superheat = v.superheat;
  if (v.subcooling && !v.transcritical) out.subcooling = v.subcooling;
  if (v.evaporatorSplit) out.evaporatorSplit = v.evaporatorSplit;
  if (v.condenserSplit && !v.transcritical) out.condenserSplit = v.condenserSplit;
  if (v.compressionRatio) out.compressionRatio = v.compressionRatio;
  if (v.dischargeSuperheat) out.dischargeSuperheat = v.dischargeSuperheat;
  if (input.currentRatio !== null) out.current = { value: Math.round(input.currentRatio * 100) / 100, unit: '×' };
  return out;
}

const format = (v: { value: number; unit: string } | undefined) => (v ? `${v.value.toFixed(1)}${v.unit === '' ? '' : ` ${v.unit}`}` : '—');

function sentences(fault: SystemFault, values: CycleValues) {
  const placeholders: Record<string, string> = {
    superheat: format(values.superheat ?? undefined),
    subcooling: values.transcritical ? '—' : format(values.subcooling ?? undefined),
    evaporatorSplit: format(values.evaporatorSplit ?? undefined),
    condenserSplit: format(values.condenserSplit ?? undefined),
    compressionRatio: format(values.compressionRatio ?? undefined),
    dischargeSuperheat: format(values.dischargeSuperheat ?? undefined),
    dischargeAbsolute: format(values.dischargeAbsolute ?? undefined),
    optimumHighSide: format(values.optimumHighSide ?? undefined),
    gasCoolerOutletTemp: format(values.gasCoolerOutletTemp ?? undefined),
  };
  const fill = (t: string) => t.replace(/{{\s*(\w+)\s*}}/g, (_, k: string) => placeholders[k] ?? '—');
  return {
    sentence: { ko: fill(ko.refrigeration.sentence[fault]), en: fill(en.refrigeration.sentence[fault]) },
    advice: { ko: ko.refrigeration.advice[fault], en: en.refrigeration.advice[fault] },
  };
}

function confidence(score: number): RefrigerantFinding['confidence'] {
  return score >= 0.75 ? 'high' : score >= 0.5 ? 'medium' : 'low';
}

/** The system's findings, most likely first; "normal" when the judged signs all sit in their ranges. */
export function diagnoseSystem(input: RuleInput): RefrigerantFinding[] {
  const ranges = usualRanges(input.kind);
  const signs = signValues(input);
  const judged = new Map<Sign, Judged>();
  for (const [sign, v] of Object.entries(signs) as [Sign, { value: number }][]) judged.set(sign, judge(v.value, ranges[sign]));
  const measurement = (sign: Sign, supports: boolean): SupportingMeasurement => ({
    key: sign,
    value: signs[sign]!.value,
    unit: signs[sign]!.unit,
    judged: judged.get(sign)!,
    supports,
    usualRange: ranges[sign],
  });

  const findings: RefrigerantFinding[] = [];
  for (const [fault, conditions] of Object.entries(RULES) as [SystemFault, Condition[]][]) {
    const total = conditions.reduce((s, c) => s + c.weight, 0);
    let judgedWeight = 0;
    let agreeing = 0;
    let requiredMet = true;
    const evidence: SupportingMeasurement[] = [];
    for (const c of conditions) {
      const j = judged.get(c.sign);
      if (!j) {
        if (c.required) requiredMet = false;
        continue;
      }
      const agrees = c.expect.includes(j);
      if (c.required && !agrees) requiredMet = false;
      judgedWeight += c.weight;
      if (agrees) agreeing += c.weight;
      evidence.push(measurement(c.sign, agrees));
    }
    if (!requiredMet || judgedWeight === 0) continue;
    const agreement = agreeing / judgedWeight;
    const coverage = judgedWeight / total;
    // Agreement of what was measured, discounted by what was not (a finding on two signs of five is said less surely).
    const score = Math.round(agreement * (0.5 + 0.5 * coverage) * 100) / 100;
    if (score < 0.4) continue;
    findings.push({ fault, score, confidence: confidence(score), evidence, ...sentences(fault, input.values) });
  }

  if (input.values.transcritical && input.values.condenserSplit) {
    const approach = input.values.condenserSplit.value;
    const j = judge(approach, GAS_COOLER_APPROACH_K);
    if (j === 'high') {
      const over = approach - GAS_COOLER_APPROACH_K[1];
      const score = Math.min(0.9, 0.6 + over / 20);
      findings.push({
        fault: 'gas_cooler_heat_rejection',
        score: Math.round(score * 100) / 100,
        confidence: confidence(score),
        evidence: [{ key: 'gasCoolerApproach', value: approach, unit: 'K', judged: j, supports: true, usualRange: GAS_COOLER_APPROACH_K }],
        ...sentences('gas_cooler_heat_rejection', input.values),
      });
    }
  }

  const gco = input.values.gasCoolerOutletTemp;
  const opt = input.values.optimumHighSide;
  const pd = input.values.dischargeAbsolute;
  if (input.values.transcritical && gco && opt && pd) {
    const ratio = pd.value / opt.value;
    const band: [number, number] = [Math.round(opt.value * (1 - OPTIMUM_BAND)), Math.round(opt.value * (1 + OPTIMUM_BAND))];
    if (ratio < 1 - OPTIMUM_BAND || ratio > 1 + OPTIMUM_BAND) {
      const fault = ratio < 1 ? 'high_side_pressure_low' : 'high_side_pressure_high';
      const off = Math.abs(ratio - 1) - OPTIMUM_BAND;
      const score = Math.round(Math.min(0.85, 0.55 + off) * 100) / 100;
      findings.push({
        fault,
        score,
        confidence: confidence(score),
        evidence: [
          { key: 'dischargeAbsolute', value: pd.value, unit: 'bar', judged: ratio < 1 ? 'low' : 'high', supports: true, usualRange: band },
          { key: 'gasCoolerOutletTemp', value: gco.value, unit: '°C', judged: 'normal', supports: true, usualRange: [31, 50] },
        ],
        ...sentences(fault, input.values),
      });
    }
  }

  findings.sort((a, b) => b.score - a.score);
  if (findings.length === 0) {
    const core: Sign[] = input.values.transcritical ? ['superheat'] : ['superheat', 'subcooling'];
    const allNormal = [...judged.values()].every((j) => j === 'normal' || j === undefined);
    if (core.every((s) => judged.get(s) === 'normal') && allNormal) {
      const evidence = [...judged.keys()].map((s) => measurement(s, true));
      const score = Math.round(Math.min(0.95, 0.5 + 0.1 * evidence.length) * 100) / 100;
      findings.push({ fault: 'system_normal', score, confidence: confidence(score), evidence, ...sentences('system_normal', input.values) });
    }
  }
  return findings;
}
