import { z } from 'zod';
import { Diagnosis, type SpectrumView } from '../../../shared/contract';
import type { Db } from '../storage/database';

/**
 * What the report needs to know about a diagnosis: a small input of its own, so that the report
 * does not depend on the diagnosis engine's internals. The diagnosis feature (issue 5) provides a
 * `DiagnosisSource` that maps its results onto this (insight/report-source.ts, with the baseline
 * comparison); `TableDiagnosisSource` reads the stored result alone. No diagnosis is ever
 * invented: without one, the report says so.
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

/**
 * The report's view of a stored diagnosis (the engine's `Diagnosis`), with `lead` sentences put
 * first (the insight feature adds the comparison with the asset's healthy baseline and its trend).
 * A result without a condition, severity or confidence is not a diagnosis to print: null.
 */
export function reportDiagnosisOf(d: Diagnosis, lead: Localised[] = []): ReportDiagnosis | null {
  if (!d.condition || !d.severity || d.confidence === null || d.status === 'unavailable') return null;
  const sentences = [...lead, ...d.uncertainReasons.map((r) => r.message), ...d.evidence.map((e) => e.statement)];
  // Vibration faults show in the envelope spectrum; sound and healthy machines in the spectrum.
  const view = d.modality === 'vibration' && d.condition.key !== 'normal' && d.envelopeSpectrum ? d.envelopeSpectrum : d.spectrum;
  return {
    condition: d.condition.name,
    severity: d.severity,
    confidence: d.confidence,
    uncertain: d.status === 'uncertain',
    modelVersion: d.model?.version ?? 'none',
    createdAt: d.createdAt,
    evidence: sentences.slice(0, 20),
    chart: view ? chartOf(view) : null,
    isoZone: d.vibration ? { zone: d.vibration.isoZone, velocityMmS: d.vibration.velocityRmsMmS } : null,
    recommendations: d.recommendations.slice(0, 20),
  };
}

function chartOf(view: SpectrumView): EvidenceChart | null {
  if (view.db.length < 2) return null;
  const envelope = view.kind === 'envelope';
  return {
    title: envelope ? { ko: '포락선 스펙트럼', en: 'Envelope spectrum' } : { ko: '스펙트럼', en: 'Spectrum' },
    xLabel: { ko: '주파수 (Hz)', en: 'Frequency (Hz)' },
    yLabel: view.reference === 'one_g' ? { ko: 'dB (1 g 기준)', en: 'dB re 1 g' } : { ko: 'dB (전체 대비)', en: 'dB re total' },
    x: view.db.map((_, i) => view.fromHz + (i + 0.5) * view.stepHz).slice(0, 20_000),
    y: view.db.slice(0, 20_000),
    marks: view.markers.slice(0, 20).map((m) => ({ x: m.hz, label: m.label })),
  };
}

/**
 * The session's newest stored diagnosis (schema 5 keeps the whole result per run), without the
 * baseline comparison: what the report shows when the insight feature is not wired in.
 */
export class TableDiagnosisSource implements DiagnosisSource {
  constructor(private readonly db: Db) {}

  forSession(sessionId: string): ReportDiagnosis | null {
    const rows = this.db
      .prepare(`SELECT result FROM diagnoses WHERE session_id = ? AND result IS NOT NULL ORDER BY created_at DESC, id DESC`)
      .all(sessionId) as { result: string }[];
    for (const row of rows) {
      let parsed;
      try {
        parsed = Diagnosis.safeParse(JSON.parse(row.result));
      } catch {
        continue;
      }
      // A result we cannot read is not shown as a diagnosis rather than guessed at.
      const mapped = parsed.success ? reportDiagnosisOf(parsed.data) : null;
      if (mapped) return mapped;
    }
    return null;
  }
}
