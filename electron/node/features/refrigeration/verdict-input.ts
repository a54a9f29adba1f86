import type { Severity, SystemDiagnosis, SystemFault } from '../../../../shared/contract';
import { type Catalog, en } from '../../../../shared/i18n/en';
import { ko } from '../../../../shared/i18n/ko';

/**
 * The refrigerant side as the visit verdict takes it (issue 13's `systemFindings` slot): one entry
 * per system finding, in the verdict's own shape. Declared here structurally so this feature does
 * not depend on the verdict module; when both are on main, backend.ts passes
 * `systemFindings: (visitId) => verdictFindings(refrigeration.service.systemDiagnosisForVisit(visitId))`
 * to verdictFeature.
 */
export interface VerdictSystemFinding {
  source: 'refrigeration';
  conditionKey: string;
  condition: { ko: string; en: string };
  severity: Severity;
  confidence: number | null;
  summary: { text: { ko: string; en: string }; details: { ko: string; en: string }[] };
}

/**
 * How serious each system fault is for the verdict. Charge and restriction faults damage the
 * compressor if left (warning); airflow faults cost efficiency first (watch).
 */
const SEVERITY: Record<SystemFault, Severity> = {
  undercharge: 'warning',
  overcharge: 'warning',
  restriction: 'warning',
  non_condensables: 'warning',
  condenser_airflow: 'watch',
  evaporator_airflow: 'watch',
  inefficient_compressor: 'warning',
  gas_cooler_heat_rejection: 'watch',
  high_side_pressure_low: 'watch',
  high_side_pressure_high: 'watch',
  system_normal: 'normal',
};

/** The verdict calls a healthy finding "normal", as recordings do. */
export const verdictConditionKey = (fault: SystemFault) => (fault === 'system_normal' ? 'normal' : `refrigerant_${fault}`);

export function verdictFindings(d: SystemDiagnosis): VerdictSystemFinding[] {
  return d.findings.map((f) => ({
    source: 'refrigeration',
    conditionKey: verdictConditionKey(f.fault),
    condition: { ko: ko.refrigeration.fault[f.fault], en: en.refrigeration.fault[f.fault] },
    severity: SEVERITY[f.fault],
    confidence: f.score,
    summary: {
      text: f.sentence,
      details: f.evidence.map((e) => {
        const line = (c: Catalog) =>
          c.refrigeration.evidenceLine
            .replace('{{name}}', e.key === 'current' ? c.refrigeration.quantity.compressorCurrent : ((c.refrigeration.value as Record<string, string>)[e.key] ?? e.key))
            .replace('{{value}}', `${e.value.toFixed(1)}${e.unit ? ` ${e.unit}` : ''}`)
            .replace('{{judged}}', c.refrigeration.judged[e.judged])
            .replace('{{lo}}', String(e.usualRange[0]))
            .replace('{{hi}}', String(e.usualRange[1]));
        return { ko: line(ko), en: line(en) };
      }),
    },
  }));
}
