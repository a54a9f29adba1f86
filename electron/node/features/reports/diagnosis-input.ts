import { z } from 'zod';
import { Localized, type VisitVerdict } from '../../../../shared/contract';

/**
 * What the report needs to know about the diagnosis: the visit verdict (shared/contract/verdict.ts),
 * used verbatim by the PDF, the JSON and CSV exports and the upload, and the chart of the leading
 * recording. One `VerdictSource` is made in backend.ts and given to both the reports and the
 * sync feature, so the office receives exactly what the customer's PDF says.
 */
/** A spectrum (or any x/y series) with the frequencies the evidence points at. */
export const EvidenceChart = z.object({
  title: Localized,
  xLabel: Localized,
  yLabel: Localized,
  x: z.array(z.number().finite()).min(2).max(20_000),
  y: z.array(z.number().finite()).min(2).max(20_000),
  marks: z.array(z.object({ x: z.number().finite(), label: Localized })).max(20),
});
export type EvidenceChart = z.infer<typeof EvidenceChart>;

export interface VerdictSource {
  /** The visit's verdict as it stands now. */
  forVisit(visitId: string): VisitVerdict;
  /** The leading recording's spectrum with the frequencies its evidence points at, when there is one. */
  chartFor(verdict: VisitVerdict): EvidenceChart | null;
}

/**
 * The short form of the effective verdict kept in the report metadata's `diagnosis` field (the
 * server's lists read it) and in `reports.session`: the same words as the verdict, nothing else.
 */
export function verdictSummary(v: VisitVerdict) {
  const e = v.effective;
  return {
    status: e.status,
    by: e.by,
    headline: e.headline,
    condition: e.condition,
    conditionKey: e.conditionKey,
    severity: e.severity,
    confidence: e.by === 'computed' ? v.computed.confidence : null,
    complete: v.computed.complete,
    revision: v.revision,
  };
}
