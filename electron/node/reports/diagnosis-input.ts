import { z } from 'zod';
import type { Db } from '../storage/database';

/**
 * What the report needs to know about a diagnosis: a small input of its own, so that the report
 * does not depend on the diagnosis engine's internals. The diagnosis feature (issue 5) provides a
 * `DiagnosisSource` that maps its results onto this; until then `TableDiagnosisSource` reads the
 * columns of the `diagnoses` table that schema 2 fixes, and takes the JSON columns only when they
 * have exactly this shape. No diagnosis is ever invented: without one, the report says so.
 */
export const Localised = z.object({ ko: z.string(), en: z.string() });
export type Localised = z.infer<typeof Localised>;

export const Severity = z.enum(['normal', 'watch', 'warning', 'critical']);
export type Severity = z.infer<typeof Severity>;

/** A spectrum (or any x/y series) with the frequencies the evidence points at. */
export const EvidenceChart = z.object({
  title: Localised,
  xLabel: Localised,
  yLabel: Localised,
  x: z.array(z.number().finite()).min(2).max(20_000),
  y: z.array(z.number().finite()).min(2).max(20_000),
  marks: z.array(z.object({ x: z.number().finite(), label: Localised })).max(20),
});
export type EvidenceChart = z.infer<typeof EvidenceChart>;

export const ReportDiagnosis = z.object({
  condition: Localised,
  severity: Severity,
  /** Calibrated, 0..1. */
  confidence: z.number().min(0).max(1),
  /** The engine's "not sure" (low confidence or unlike anything it was trained on). */
  uncertain: z.boolean(),
  modelVersion: z.string(),
  createdAt: z.string(),
  /** Sentences such as "1x at 58.3 Hz is 14 dB above the noise floor". */
  evidence: z.array(Localised).max(20),
  chart: EvidenceChart.nullable(),
  isoZone: z.object({ zone: z.enum(['A', 'B', 'C', 'D']), velocityMmS: z.number().nonnegative() }).nullable(),
  recommendations: z.array(Localised).max(20),
});
export type ReportDiagnosis = z.infer<typeof ReportDiagnosis>;

export interface DiagnosisSource {
  /** The diagnosis the report shows for a session (the latest), or null when there is none. */
  forSession(sessionId: string): ReportDiagnosis | null;
}

/** The JSON the `evidence` column may hold for the report to use it (issue 5 decides; see above). */
const EvidenceColumn = z.object({
  sentences: z.array(Localised).optional(),
  chart: EvidenceChart.optional(),
  isoZone: ReportDiagnosis.shape.isoZone.optional(),
  recommendations: z.array(Localised).optional(),
  condition: Localised.optional(),
  uncertain: z.boolean().optional(),
});

interface DiagnosisRow {
  condition: string;
  severity: string;
  confidence: number;
  model_version: string;
  evidence: string;
  created_at: string;
}

export class TableDiagnosisSource implements DiagnosisSource {
  constructor(private readonly db: Db) {}

  forSession(sessionId: string): ReportDiagnosis | null {
    const row = this.db
      .prepare(
        `SELECT condition, severity, confidence, model_version, evidence, created_at FROM diagnoses
         WHERE session_id = ? ORDER BY created_at DESC, id DESC LIMIT 1`,
      )
      .get(sessionId) as DiagnosisRow | undefined;
    if (!row) return null;
    const severity = Severity.safeParse(row.severity);
    // A result whose severity we cannot read is not shown as a diagnosis rather than guessed at.
    if (!severity.success || !Number.isFinite(row.confidence)) return null;
    let extra: z.infer<typeof EvidenceColumn> = {};
    try {
      const parsed = EvidenceColumn.safeParse(JSON.parse(row.evidence));
      if (parsed.success) extra = parsed.data;
    } catch {
      // not JSON: no evidence to show
    }
    return {
      condition: extra.condition ?? { ko: row.condition, en: row.condition },
      severity: severity.data,
      confidence: Math.min(1, Math.max(0, row.confidence)),
      uncertain: extra.uncertain ?? false,
      modelVersion: row.model_version,
      createdAt: row.created_at,
      evidence: extra.sentences ?? [],
      chart: extra.chart ?? null,
      isoZone: extra.isoZone ?? null,
      recommendations: extra.recommendations ?? [],
    };
  }
}
