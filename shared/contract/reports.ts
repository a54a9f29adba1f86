import { z } from 'zod';
import { EntityId, method, Timestamp } from './define';
import { Language } from './settings';
import { SyncItemState } from './sync';
import { VisitVerdict } from './verdict';

/**
 * Reports for the customer: the signature drawn on screen, the PDF made on the laptop (no network),
 * and JSON and CSV exports of a session.
 */

/** One stroke of the pen: points [x, y] in the pad's own pixels, in drawing order. */
export const SignatureStroke = z.array(z.tuple([z.number().finite(), z.number().finite()])).min(1).max(5000);

export const SignatureInput = z
  .object({
    sessionId: EntityId,
    /** Required: a signature without the signer's name proves nothing to the office. */
    signerName: z.string().trim().min(1, { message: "is required: write the signer's name" }).max(120),
    width: z.number().positive().max(4000),
    height: z.number().positive().max(4000),
    strokes: z
      .array(SignatureStroke)
      .min(1, { message: 'is empty: ask the customer to sign' })
      .max(500)
      .refine((strokes) => strokes.reduce((n, s) => n + s.length, 0) <= 50_000, { message: 'has too many points' })
      .refine((strokes) => strokes.some((s) => s.length >= 2), { message: 'is empty: ask the customer to sign' }),
  })
  .strict();
export type SignatureInput = z.input<typeof SignatureInput>;

export const Signature = z.object({
  sessionId: EntityId,
  signerName: z.string().nullable(),
  width: z.number(),
  height: z.number(),
  strokes: z.array(z.array(z.tuple([z.number(), z.number()]))),
  signedAt: Timestamp,
});
export type Signature = z.infer<typeof Signature>;

export const GeneratedReport = z.object({
  id: EntityId,
  sessionId: EntityId,
  language: Language,
  fileName: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string(),
  createdAt: Timestamp,
});
export type GeneratedReport = z.infer<typeof GeneratedReport>;

export const ReportSessionSummary = z.object({
  sessionId: EntityId,
  startedAt: Timestamp,
  endedAt: Timestamp.nullable(),
  status: z.string(),
  technician: z.string().nullable(),
  assetId: EntityId,
  assetName: z.string(),
  siteId: EntityId,
  siteName: z.string(),
  customerName: z.string().nullable(),
  signed: z.boolean(),
  reportCount: z.number().int().nonnegative(),
  /** State of the session's latest upload; null when it was never queued. */
  syncState: SyncItemState.nullable(),
});
export type ReportSessionSummary = z.infer<typeof ReportSessionSummary>;

const Localised = z.object({ ko: z.string(), en: z.string() });

export const ReportSession = ReportSessionSummary.extend({
  notes: z.string().nullable(),
  siteAddress: z.string().nullable(),
  asset: z.object({
    kind: z.string(),
    maker: z.string().nullable(),
    model: z.string().nullable(),
    serialNumber: z.string().nullable(),
    refrigerant: z.string().nullable(),
    assetTag: z.string().nullable(),
  }),
  recordings: z.array(
    z.object({
      id: EntityId,
      stream: z.string(),
      source: z.string(),
      status: z.string(),
      durationS: z.number().nullable(),
      hasFile: z.boolean(),
    }),
  ),
  photos: z.array(z.object({ id: EntityId, caption: z.string().nullable(), takenAt: Timestamp.nullable() })),
  /** The visit verdict the report shows verbatim (computed, and the technician's override beside it). */
  verdict: VisitVerdict,
  /** The effective verdict's condition in short (kept for older screens); null when there is no finding to show. */
  diagnosis: z
    .object({
      condition: Localised,
      severity: z.enum(['normal', 'watch', 'warning', 'critical']),
      confidence: z.number().min(0).max(1),
      uncertain: z.boolean(),
    })
    .nullable(),
  signature: Signature.nullable(),
  reports: z.array(GeneratedReport),
});
export type ReportSession = z.infer<typeof ReportSession>;

export const ExportFormat = z.enum(['pdf', 'json', 'csv']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** A file handed to the UI to save (the browser's download, Electron's save dialog). */
export const FileDownload = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  dataBase64: z.string(),
});
export type FileDownload = z.infer<typeof FileDownload>;

export const reportsMethods = {
  'reports.sessions': method(
    z.object({ query: z.string().trim().max(200).optional(), limit: z.number().int().min(1).max(500).optional() }).strict(),
    z.array(ReportSessionSummary),
  ),
  'reports.session': method(z.object({ sessionId: EntityId }).strict(), ReportSession),
  'reports.sign': method(SignatureInput, Signature),
  'reports.clearSignature': method(z.object({ sessionId: EntityId }).strict(), z.object({ cleared: z.boolean() })),
  /** Makes the customer's PDF on the laptop (no network) and keeps it with the session. */
  'reports.create': method(z.object({ sessionId: EntityId, language: Language }).strict(), GeneratedReport),
  'reports.download': method(z.object({ reportId: EntityId }).strict(), FileDownload),
  'reports.export': method(
    z.object({ sessionId: EntityId, format: z.enum(['json', 'csv']), language: Language }).strict(),
    FileDownload,
  ),
};

export const reportsEvents = {
  /** A session's signature or reports changed: refetch what shows it. */
  'reports.changed': z.object({ sessionId: EntityId }),
};
