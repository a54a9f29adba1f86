import type { AssetUrgency, Severity, VerdictCertainty } from '../../../../shared/contract';
import type { LatestVerdict } from '../verdict';

/**
 * A piece of equipment in the lists, said by its latest visit verdict: the worst finding of that
 * visit leads (a later healthy recording does not hide it), in the verdict catalogue's words, with
 * how sure the app is. Nothing here re-reads a recording's diagnosis.
 */
export function urgencyOf(assetId: string, assetName: string, latest: LatestVerdict | null): AssetUrgency {
  if (!latest) {
    return { assetId, assetName, visitId: null, status: null, severity: null, condition: null, headline: null, certainty: null, confidence: null, by: null, deviation: null, lastDiagnosedAt: null };
  }
  const { visit, verdict } = latest;
  const { effective, computed } = verdict;
  const byApp = effective.by === 'computed';
  const scores = computed.findings.flatMap((f) => (f.deviation ? [f.deviation.score] : []));
  return {
    assetId,
    assetName,
    visitId: visit.id,
    status: effective.status,
    severity: effective.severity,
    condition: effective.condition,
    headline: effective.headline,
    certainty: byApp ? computed.certainty : null,
    confidence: byApp ? computed.confidence : null,
    by: effective.by,
    deviation: scores.length > 0 ? Math.max(...scores) : null,
    lastDiagnosedAt: visit.startedAt,
  };
}

const SEVERITY: Record<Severity, number> = { normal: 0, watch: 1, warning: 2, critical: 3 };
// The technician's own verdict counts as sure as the app's confident one.
const CERTAINTY: Record<VerdictCertainty | 'technician', number> = { unsure: 0, likely: 1, confident: 2, technician: 2 };

/** Most urgent first: worst severity, then the surer verdict, then the larger deviation from the baseline, then by name. */
export function byUrgency(a: AssetUrgency, b: AssetUrgency): number {
  const severity = (x: AssetUrgency) => (x.severity ? SEVERITY[x.severity] : -1);
  const certainty = (x: AssetUrgency) => (x.by === 'technician' ? CERTAINTY.technician : x.certainty ? CERTAINTY[x.certainty] : -1);
  return severity(b) - severity(a) || certainty(b) - certainty(a) || (b.deviation ?? -1) - (a.deviation ?? -1) || a.assetName.localeCompare(b.assetName);
}
