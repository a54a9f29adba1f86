import fs from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import { v7 as uuidv7 } from 'uuid';
import { AppError, type GeneratedReport, type Language, type ReportSession, type reportsMethods } from '../../../../shared/contract';
import { appVersion } from '../../platform/app-meta';
import type { BackendContext, Feature } from '../../platform/feature';
import type { VerdictSource } from './diagnosis-input';
import { buildFieldReport, type FieldReportSources, LocalFileProblem, SessionGone } from './field-report';
import type { RefrigerationSource } from './refrigeration-input';
import { renderReportPdf } from './pdf-report';
import { gatherReportData } from './report-data';
import { GeneratedReportRepository, SignatureRepository } from './report-store';
import { catalog, fill, formatDateTime, formatPercent } from './report-text';
import { SessionReader } from '../recording';

export interface ReportsFeatureOptions {
  /** The visit verdict (the same source the upload uses: backend.ts makes one). */
  verdicts: VerdictSource;
  /** The visit's refrigerant cycle for the PDF and the upload. */
  refrigeration?: RefrigerationSource;
  /** The latest upload state of a session, for the lists. */
  syncState?: (sessionId: string) => ReportSession['syncState'];
  timeZone?: string;
}

/** Reports for the customer: signature, PDF, JSON and CSV, all made on the laptop without network. */
export type ReportsFeature = Feature<keyof typeof reportsMethods> & {
  /** What the upload sends: the same readers and verdict source the PDF and the exports are made from. */
  sources: FieldReportSources;
  /** Makes a new PDF of the visit (the verdict changed): in the language of its latest PDF; nothing when it has none. */
  rerender(sessionId: string): Promise<GeneratedReport | null>;
};

export function reportsFeature(ctx: BackendContext, options: ReportsFeatureOptions): ReportsFeature {
  const reader = new SessionReader(ctx.db, ctx.dataDir);
  const signatures = new SignatureRepository(ctx.db, ctx.now);
  const reports = new GeneratedReportRepository(ctx.db, ctx.dataDir, ctx.now);
  const verdicts = options.verdicts;
  const syncState = options.syncState ?? (() => null);
  const changed = (sessionId: string) => {
    ctx.events.emit('reports.changed', { sessionId });
    ctx.bus.emit('visit.changed', { visitId: sessionId });
  };
  const sources: FieldReportSources = { reader, signatures, reports, verdicts, refrigeration: options.refrigeration, appVersion: appVersion() };

  const session = (sessionId: string): ReportSession => {
    const context = reader.context(sessionId);
    if (!context) throw new AppError('not_found', 'This session does not exist (deleted?).', 'sessionId');
    const verdict = verdicts.forVisit(sessionId);
    const effective = verdict.effective;
    const generated = reports.list(sessionId);
    const signature = signatures.get(sessionId);
    return {
      sessionId,
      startedAt: context.session.startedAt,
      endedAt: context.session.endedAt,
      status: context.session.status,
      technician: context.session.technician,
      assetId: context.asset.id,
      assetName: context.asset.name,
      siteId: context.site.id,
      siteName: context.site.name,
      customerName: context.customer?.name ?? null,
      signed: signature !== null,
      reportCount: generated.length,
      syncState: syncState(sessionId),
      notes: context.session.notes,
      siteAddress: context.site.address,
      asset: {
        kind: context.asset.kind,
        maker: context.asset.maker,
        model: context.asset.model,
        serialNumber: context.asset.serialNumber,
        refrigerant: context.asset.refrigerant,
        assetTag: context.asset.assetTag,
      },
      recordings: reader.recordings(sessionId).map((r) => ({
        id: r.id,
        stream: r.stream,
        source: r.source,
        status: r.status,
        durationS: r.durationS,
        hasFile: r.path !== null && fs.existsSync(reader.resolve(r.path)),
      })),
      photos: reader.photos(sessionId).map((p) => ({ id: p.id, caption: p.caption, takenAt: p.takenAt })),
      verdict,
      diagnosis:
        effective.condition && effective.severity
          ? {
              condition: effective.condition,
              severity: effective.severity,
              confidence: effective.by === 'computed' ? (verdict.computed.confidence ?? 0) : 1,
              uncertain: effective.by === 'computed' && verdict.computed.certainty === 'unsure',
            }
          : null,
      signature,
      reports: generated,
    };
  };

  const createPdf = async (sessionId: string, language: Language) => {
    const reportId = uuidv7();
    const data = gatherReportData({
      reportId,
      sessionId,
      language,
      reader,
      signatures,
      verdicts,
      refrigeration: options.refrigeration,
      appVersion: appVersion(),
      now: ctx.now(),
    });
    const pdf = await ctx.activity.during('export', `Making the PDF report of session ${sessionId}`, () =>
      renderReportPdf(data, options.timeZone ? { timeZone: options.timeZone } : {}),
    );
    const report = await reports.add(sessionId, language, pdf, data.verdict);
    ctx.log.info({ session: sessionId, report: report.id, bytes: report.bytes, language }, 'PDF report made');
    changed(sessionId);
    return report;
  };

  const exportJson = async (sessionId: string) => {
    try {
      const built = await buildFieldReport(sources, sessionId);
      return Buffer.from(`${JSON.stringify({ ...built.metadata, exportedAt: ctx.now().toISOString() }, null, 2)}\n`, 'utf8');
    } catch (error) {
      if (error instanceof SessionGone) throw new AppError('not_found', 'This session does not exist (deleted?).', 'sessionId');
      if (error instanceof LocalFileProblem) throw new AppError('invalid_file', error.message);
      throw error;
    }
  };

  const exportCsv = (sessionId: string, language: Language) => {
    const s = session(sessionId);
    const c = catalog(language).reports.csv;
    const v = s.verdict;
    const vt = catalog(language).verdict;
    const e = v.effective;
    const row: [string, string][] = [
      [c.reportId, sessionId],
      [c.date, formatDateTime(s.startedAt, language, options.timeZone)],
      [c.customer, s.customerName ?? ''],
      [c.site, s.siteName],
      [c.address, s.siteAddress ?? ''],
      [c.asset, s.assetName],
      [c.assetTag, s.asset.assetTag ?? ''],
      [c.technician, s.technician ?? ''],
      [c.condition, e.headline[language]],
      [c.severity, e.severity ? vt.severity[e.severity] : vt.status[e.status]],
      [c.confidence, e.by === 'computed' && v.computed.confidence !== null ? formatPercent(v.computed.confidence, language) : ''],
      [c.recommendations, v.computed.actions.map((r) => r[language]).join(' / ')],
      [vt.pdf.technicianVerdict, v.override ? `${e.headline[language]} (${fill(vt.pdf.overrideReason, { reason: v.override.reason })})` : ''],
      [c.recordings, String(s.recordings.length)],
      [c.photos, String(s.photos.length)],
      [c.notes, s.notes ?? ''],
      [c.signedBy, s.signature?.signerName ?? ''],
      [c.signedAt, s.signature ? formatDateTime(s.signature.signedAt, language, options.timeZone) : ''],
    ];
    // A byte-order mark: Excel, which most offices open CSVs with, otherwise garbles Korean.
    const text = stringify([row.map(([h]) => h), row.map(([, v]) => v)], { record_delimiter: 'windows' });
    return Buffer.from(`\uFEFF${text}`, 'utf8');
  };

  const stamp = (sessionId: string) => {
    const context = reader.context(sessionId);
    const date = context?.session.startedAt.slice(0, 10) ?? 'session';
    return `signalcraft-${date}-${sessionId.slice(-8)}`;
  };

  // A deleted visit's PDFs go too.
  ctx.bus.on('visit.deleted', ({ visitId }) => reports.removeFilesOf(visitId));

  return {
    sources,
    rerender: async (sessionId) => {
      const latest = reports.latest(sessionId);
      if (!latest || !reader.context(sessionId)) return null;
      return createPdf(sessionId, latest.language);
    },
    handlers: {
      'reports.sessions': (p) =>
        reader.list({ query: p.query, limit: p.limit }).map((row) => ({
          ...row,
          signed: signatures.get(row.sessionId) !== null,
          reportCount: reports.count(row.sessionId),
          syncState: syncState(row.sessionId),
        })),
      'reports.session': (p) => session(p.sessionId),
      'reports.sign': (p) => {
        const saved = signatures.save({ sessionId: p.sessionId, signerName: p.signerName ?? null, width: p.width, height: p.height, strokes: p.strokes });
        changed(p.sessionId);
        return saved;
      },
      'reports.clearSignature': (p) => {
        const cleared = signatures.clear(p.sessionId);
        if (cleared) changed(p.sessionId);
        return { cleared };
      },
      'reports.create': (p) => createPdf(p.sessionId, p.language),
      'reports.download': async (p) => {
        const report = reports.get(p.reportId);
        let data: Buffer;
        try {
          data = await fs.promises.readFile(report.absolutePath);
        } catch {
          throw new AppError('not_found', 'The PDF file of this report is missing from the data folder.', 'reportId');
        }
        return { fileName: report.fileName, mimeType: 'application/pdf', dataBase64: data.toString('base64') };
      },
      'reports.export': async (p) => {
        if (p.format === 'json') {
          const data = await exportJson(p.sessionId);
          return { fileName: `${stamp(p.sessionId)}.json`, mimeType: 'application/json', dataBase64: data.toString('base64') };
        }
        const data = exportCsv(p.sessionId, p.language);
        return { fileName: `${stamp(p.sessionId)}-${p.language}.csv`, mimeType: 'text/csv', dataBase64: data.toString('base64') };
      },
    },
  };
}
