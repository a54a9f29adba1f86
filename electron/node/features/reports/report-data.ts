import fs from 'node:fs';
import { AppError, type Language, type Signature, type SystemDiagnosis, type VisitVerdict } from '../../../../shared/contract';
import type { EvidenceChart, VerdictSource } from './diagnosis-input';
import type { RefrigerationSource } from './refrigeration-input';
import type { SignatureRepository } from './report-store';
import type { SessionContext, SessionReader } from '../recording';

/** Everything one report shows, gathered from the database before any page is drawn. */
export interface ReportData {
  reportId: string;
  language: Language;
  generatedAt: string;
  appVersion: string;
  context: SessionContext;
  technician: string | null;
  /** Stamped on the visit when it started (null on visits made before the profile existed). */
  technicianCompany: string | null;
  technicianLicence: string | null;
  /** The visit verdict, printed verbatim. */
  verdict: VisitVerdict;
  chart: EvidenceChart | null;
  /** The refrigerant cycle of the visit (null or absent without cycle readings). */
  refrigeration?: SystemDiagnosis | null;
  history: ReportHistory | null;
  recordings: { stream: string; source: string; durationS: number | null; startedAt: string }[];
  photos: { file: string; caption: string | null; takenAt: string | null }[];
  signature: Signature | null;
}

export type MetricKey = 'temperatureC' | 'vibrationG' | 'powerW' | 'currentA';
export const METRIC_KEYS: readonly MetricKey[] = ['temperatureC', 'vibrationG', 'powerW', 'currentA'];

/**
 * The baseline comparison and trend, from the readings of this asset's earlier visits: the
 * baseline is the oldest earlier visit with readings, the trend every visit with readings up to
 * this one. Null when this visit or every earlier one has no readings: nothing to compare.
 */
export interface ReportHistory {
  baseline: { sessionId: string; date: string; metrics: { key: MetricKey; baseline: number; current: number }[] };
  trend: { key: MetricKey; points: { date: string; value: number }[] } | null;
}

export function reportHistory(reader: SessionReader, sessionId: string, startedAt: string): ReportHistory | null {
  const current = reader.readingAverages(sessionId);
  if (current.count === 0) return null;
  const earlier = reader
    .earlierSessions(sessionId)
    .map((s) => ({ ...s, averages: reader.readingAverages(s.id) }))
    .filter((s) => s.averages.count > 0);
  const base = earlier[0];
  if (!base) return null;
  const metrics = METRIC_KEYS.flatMap((key) => {
    const b = base.averages[key];
    const c = current[key];
    return b === null || c === null ? [] : [{ key, baseline: b, current: c }];
  });
  if (metrics.length === 0) return null;
  // Vibration is what wear shows in first; fall back to whatever both visits measured.
  const trendKey = (['vibrationG', 'currentA', 'powerW', 'temperatureC'] as const).find((k) => metrics.some((m) => m.key === k));
  const trend = trendKey
    ? {
        key: trendKey,
        points: [
          ...earlier.flatMap((s) => (s.averages[trendKey] === null ? [] : [{ date: s.startedAt, value: s.averages[trendKey] }])),
          { date: startedAt, value: current[trendKey]! },
        ],
      }
    : null;
  return { baseline: { sessionId: base.id, date: base.startedAt, metrics }, trend: trend && trend.points.length >= 2 ? trend : null };
}

export function gatherReportData(args: {
  reportId: string;
  sessionId: string;
  language: Language;
  reader: SessionReader;
  signatures: SignatureRepository;
  verdicts: VerdictSource;
  refrigeration?: RefrigerationSource | undefined;
  appVersion: string;
  now: Date;
}): ReportData {
  const context = args.reader.context(args.sessionId);
  if (!context) throw new AppError('not_found', 'This session does not exist (deleted?).', 'sessionId');
  const photos = args.reader
    .photos(args.sessionId)
    .map((p) => ({ file: args.reader.resolve(p.path), caption: p.caption, takenAt: p.takenAt }))
    // A photo whose file is gone is left out of the PDF rather than failing the whole report.
    .filter((p) => fs.existsSync(p.file));
  const verdict = args.verdicts.forVisit(args.sessionId);
  return {
    reportId: args.reportId,
    language: args.language,
    generatedAt: args.now.toISOString(),
    appVersion: args.appVersion,
    context,
    // Who came is what was stamped on the visit when it started: the server gets the same (never a later Settings name).
    technician: context.session.technician,
    technicianCompany: context.session.technicianCompany,
    technicianLicence: context.session.technicianLicence,
    verdict,
    chart: args.verdicts.chartFor(verdict),
    refrigeration: args.refrigeration?.forSession(args.sessionId) ?? null,
    history: reportHistory(args.reader, args.sessionId, context.session.startedAt),
    recordings: args.reader.recordings(args.sessionId).map((r) => ({ stream: r.stream, source: r.source, durationS: r.durationS, startedAt: r.startedAt })),
    photos,
    signature: args.signatures.get(args.sessionId),
  };
}
