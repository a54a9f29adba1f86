import type { DiagnosisStatus, IsoZone, Localized, Severity } from '../../../../../shared/contract';
import { CONDITIONS } from '../conditions';
import type { SoundAnalysis } from '../extraction/sound';
import { SOUND_SCHEMA } from '../extraction/sound';
import type { VibrationAnalysis } from '../extraction/vibration';

/**
 * Severity from what was concluded and what was measured (documented in docs/diagnosis.md):
 * - a confident fault is a `warning`, a less confident one (calibrated probability under 0.8)
 *   `watch`; strong measured evidence of that fault makes it `critical`;
 * - an uncertain result is at least `watch` (measure again), never `normal`;
 * - vibration velocity alone raises it: ISO 10816 zone C gives at least `warning`, zone D `critical`;
 *   a bearing defect is `critical` only when its defect frequency stands out by 20 dB or more and
 *   the overall vibration is already in zone C or D.
 */
const ORDER: Severity[] = ['normal', 'watch', 'warning', 'critical'];
const max = (a: Severity, b: Severity): Severity => (ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b);

export function soundSeverity(status: DiagnosisStatus, condition: string, confidence: number, a: SoundAnalysis): Severity {
  if (status === 'uncertain') return 'watch';
  if (condition === 'normal') return 'normal';
  const f = (name: string) => a.features[SOUND_SCHEMA.names.indexOf(name)]!;
  const strong: Record<string, boolean> = {
    bearing_wear: f('env_high_peak_prom_db') >= 30 && f('env_high_peak_harmonics') >= 2,
    unbalance: f('order_1x_minus_2x_db') >= 20 && f('order_1x_level_rel_db') >= -6,
    looseness: f('half_order_count') >= 3,
    valve_fault: f('env_mid_1x_prom_db') >= 25 && f('env_mid_cycle_periodicity') >= 0.5,
    refrigerant_hiss: false,
    electrical_hum: f('line_2x_minus_order_1x_db') >= 10,
  };
  if (strong[condition]) return 'critical';
  return confidence >= 0.8 ? 'warning' : 'watch';
}

export function vibrationSeverity(status: DiagnosisStatus, condition: string, confidence: number, a: VibrationAnalysis, zone: IsoZone): Severity {
  const measured: Severity = zone === 'D' ? 'critical' : zone === 'C' ? 'warning' : 'normal';
  if (status === 'uncertain') return max('watch', measured);
  if (condition === 'normal') return measured;
  // A clear defect frequency with low overall vibration is an early-stage defect: plan, do not panic.
  const key = condition === 'inner_race' ? 'bpfi' : condition === 'outer_race' ? 'bpfo' : 'bsf2';
  const defect = a.defects.find((d) => d.key === key);
  const advanced = zone !== 'A' && zone !== 'B' && defect !== undefined && defect.prominenceDb >= 20;
  const model: Severity = advanced ? 'critical' : confidence >= 0.8 ? 'warning' : 'watch';
  return max(model, measured);
}

/** What to do: the condition's own advice when diagnosed; how to get a usable recording when not. */
export function recommendations(status: DiagnosisStatus, condition: string | null, zone: IsoZone | null): Localized[] {
  const out: Localized[] = [];
  if (status === 'diagnosed' && condition && condition in CONDITIONS) out.push(...CONDITIONS[condition as keyof typeof CONDITIONS].recommendations);
  if (status === 'uncertain') {
    out.push({
      ko: '결과가 확실하지 않습니다. 제시된 이유를 해결한 뒤 10초 이상 다시 측정하세요. 이 결과만으로 부품을 교체하지 마세요.',
      en: 'This result is not certain. Deal with the reasons given and measure again for 10 s or more. Do not replace parts on this result alone.',
    });
    if (condition && condition !== 'normal' && condition in CONDITIONS) {
      const name = CONDITIONS[condition as keyof typeof CONDITIONS].name;
      out.push({ ko: `가장 가능성 높은 상태는 "${name.ko}"이지만 확인이 필요합니다.`, en: `The most likely condition is "${name.en}", but it needs confirming.` });
    }
  }
  if (zone === 'C') out.push({ ko: '진동이 ISO 10816 C영역입니다: 장기 운전에 부적합하니 정비 계획을 세우세요.', en: 'Vibration is in ISO 10816 zone C: not fit for long-term running; plan maintenance.' });
  if (zone === 'D') out.push({ ko: '진동이 ISO 10816 D영역입니다: 손상 위험이 있으니 즉시 점검하세요.', en: 'Vibration is in ISO 10816 zone D: damage is likely; inspect now.' });
  return out;
}
