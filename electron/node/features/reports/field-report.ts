import crypto from 'node:crypto';
import fs from 'node:fs';
import type { SystemDiagnosis, VisitVerdict } from '../../../../shared/contract';
import { contentTypeOf } from '../../platform/files/content-type';
import { type VerdictSource, verdictSummary } from './diagnosis-input';
import type { RefrigerationSource } from './refrigeration-input';
import type { GeneratedReportRepository, SignatureRepository } from './report-store';
import type { ReadingRow, SessionContext, SessionReader } from '../recording';

/**
 * The field report of a session as the server receives it (docs/server-api.md, section 3.2), with
 * the local files it declares. One builder for the upload and for the JSON export, so the office
 * gets the same document either way.
 */
export const REPORT_SCHEMA = 'signalcraft.field-report/1';
export const READINGS_BATCH_SIZE = 1000;

export interface FieldReportMetadata {
  schema: typeof REPORT_SCHEMA;
  reportId: string;
  app: { name: string; version: string };
  session: {
    id: string;
    startedAt: string;
    endedAt: string | null;
    technician: string | null;
    /** The technician profile stamped when the visit started. */
    technicianProfile: { name: string | null; company: string | null; licenceNumber: string | null };
    notes: string | null;
    tags: string[];
  };
  customer: SessionContext['customer'];
  site: SessionContext['site'];
  asset: SessionContext['asset'];
  /** The effective verdict in short (status, headline, condition, severity, how sure), the same words as the PDF. */
  diagnosis: ReturnType<typeof verdictSummary>;
  /** The whole visit verdict: the computed one, the technician's override beside it, the revision. */
  verdict: VisitVerdict;
  /** The refrigerant cycle: readings, calculated values, system findings (absent when the app was built without it). */
  refrigeration?: SystemDiagnosis | null;
  signature: { signerName: string | null; signedAt: string } | null;
  recordings: {
    id: string;
    stream: string;
    source: string;
    deviceId: string | null;
    sampleRate: number | null;
    channels: number | null;
    durationS: number | null;
    startedAt: string;
    status: string;
    contentType: string;
    bytes: number;
    sha256: string;
  }[];
  photos: { id: string; caption: string | null; takenAt: string | null; contentType: string; bytes: number; sha256: string }[];
  readings: { count: number; batches: { id: string; count: number }[] };
  document: { id: string; language: 'ko' | 'en'; contentType: 'application/pdf'; bytes: number; sha256: string } | null;
}

export interface LocalFile {
  collection: 'recordings' | 'photos';
  id: string;
  path: string;
  bytes: number;
  sha256: string;
}

export interface ReadingBatch {
  id: string;
  seriesId: number;
  deviceId: string | null;
  fromTUs: number;
  count: number;
}

export interface FieldReport {
  metadata: FieldReportMetadata;
  files: LocalFile[];
  batches: ReadingBatch[];
  document: { path: string; bytes: number; sha256: string } | null;
}

/** A file the report needs is gone or changed: never upload something else in its place. */
export class LocalFileProblem extends Error {
  constructor(
    readonly kind: 'missing' | 'damaged',
    readonly file: string,
  ) {
    super(kind === 'missing' ? `The file ${file} is missing.` : `The file ${file} does not match the checksum taken when it was saved.`);
    this.name = 'LocalFileProblem';
  }
}

export class SessionGone extends Error {
  constructor(sessionId: string) {
    super(`The session ${sessionId} no longer exists.`);
    this.name = 'SessionGone';
  }
}

export interface FieldReportSources {
  reader: SessionReader;
  signatures: SignatureRepository;
  reports: GeneratedReportRepository;
  verdicts: VerdictSource;
  refrigeration?: RefrigerationSource | undefined;
  appVersion: string;
}

/** Hashes a file in 1 MiB reads, yielding to the event loop between them. */
export async function hashFile(file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR') throw new LocalFileProblem('missing', file);
    throw error;
  }
  return { bytes, sha256: hash.digest('hex') };
}


export async function buildFieldReport(sources: FieldReportSources, sessionId: string, options: { verdictOfDocument?: boolean } = {}): Promise<FieldReport> {
  const { reader } = sources;
  const context = reader.context(sessionId);
  if (!context) throw new SessionGone(sessionId);

  const files: LocalFile[] = [];
  const recordings: FieldReportMetadata['recordings'] = [];
  for (const rec of reader.recordings(sessionId)) {
    if (!rec.path) continue; // readings-only streams live in the readings table
    const file = reader.resolve(rec.path);
    const { bytes, sha256 } = await hashFile(file);
    // The recorder's checksum is the truth about what was recorded: a different file now is damage.
    if (rec.sha256 && rec.sha256.toLowerCase() !== sha256) throw new LocalFileProblem('damaged', file);
    files.push({ collection: 'recordings', id: rec.id, path: file, bytes, sha256 });
    recordings.push({
      id: rec.id,
      stream: rec.stream,
      source: rec.source,
      deviceId: rec.deviceId,
      sampleRate: rec.sampleRate,
      channels: rec.channels,
      durationS: rec.durationS,
      startedAt: rec.startedAt,
      status: rec.status,
      contentType: contentTypeOf(rec.path),
      bytes,
      sha256,
    });
  }

  const photos: FieldReportMetadata['photos'] = [];
  for (const photo of reader.photos(sessionId)) {
    const file = reader.resolve(photo.path);
    const { bytes, sha256 } = await hashFile(file);
    files.push({ collection: 'photos', id: photo.id, path: file, bytes, sha256 });
    photos.push({ id: photo.id, caption: photo.caption, takenAt: photo.takenAt, contentType: contentTypeOf(photo.path), bytes, sha256 });
  }

  const batches: ReadingBatch[] = [];
  let readingCount = 0;
  for (const series of reader.readingSeries(sessionId)) {
    if (series.count === 0) continue;
    const starts = reader.batchStarts(series.seriesId, READINGS_BATCH_SIZE);
    starts.forEach((fromTUs, index) => {
      const count = Math.min(READINGS_BATCH_SIZE, series.count - index * READINGS_BATCH_SIZE);
      batches.push({ id: `${series.recordingId}.${index}`, seriesId: series.seriesId, deviceId: series.deviceId, fromTUs, count });
    });
    readingCount += series.count;
  }

  const latest = sources.reports.latest(sessionId);
  let document: FieldReport['document'] = null;
  let documentMeta: FieldReportMetadata['document'] = null;
  if (latest) {
    const { bytes, sha256 } = await hashFile(latest.absolutePath);
    if (sha256 !== latest.sha256) throw new LocalFileProblem('damaged', latest.absolutePath);
    document = { path: latest.absolutePath, bytes, sha256 };
    documentMeta = { id: latest.id, language: latest.language, contentType: 'application/pdf', bytes, sha256 };
  }

  const signature = sources.signatures.get(sessionId);
  // The upload sends the verdict its PDF prints (a changed verdict makes a new PDF, then a new
  // revision: verdict/report-refresh.ts); the JSON export and a visit without a PDF, the current one.
  const verdict = (options.verdictOfDocument ? latest?.verdict : null) ?? sources.verdicts.forVisit(sessionId);
  const metadata: FieldReportMetadata = {
    schema: REPORT_SCHEMA,
    reportId: sessionId,
    app: { name: 'SignalCraft Field', version: sources.appVersion },
    session: {
      id: context.session.id,
      startedAt: context.session.startedAt,
      endedAt: context.session.endedAt,
      technician: context.session.technician,
      technicianProfile: { name: context.session.technician, company: context.session.technicianCompany, licenceNumber: context.session.technicianLicence },
      notes: context.session.notes,
      tags: context.session.tags,
    },
    customer: context.customer,
    site: context.site,
    asset: context.asset,
    diagnosis: verdictSummary(verdict),
    verdict,
    ...(sources.refrigeration ? { refrigeration: sources.refrigeration.forSession(sessionId) } : {}),
    signature: signature ? { signerName: signature.signerName, signedAt: signature.signedAt } : null,
    recordings,
    photos,
    readings: { count: readingCount, batches: batches.map((b) => ({ id: b.id, count: b.count })) },
    document: documentMeta,
  };
  return { metadata, files, batches, document };
}

/** One reading in the exact shape of the existing `POST /api/iot/sensors/data` (docs/field-facts.md §4). */
export function wireReading(row: ReadingRow, deviceId: string | null): Record<string, unknown> {
  const hasVibration = row.vibXG !== null || row.vibYG !== null || row.vibZG !== null;
  return {
    device_id: deviceId ?? 'unknown',
    timestamp: row.tUs / 1e6,
    temperature: row.temperatureC,
    vibration: hasVibration ? { x: row.vibXG, y: row.vibYG, z: row.vibZG } : null,
    power_consumption: row.powerW,
    audio_level: row.audioLevelDb,
    ...(row.quality === null ? {} : { sensor_quality: row.quality }),
  };
}

/** The body of one readings batch, byte-identical every time it is built from the same rows. */
export function readingsBatchBody(reader: SessionReader, batch: ReadingBatch): string {
  const rows = reader.readings(batch.seriesId, batch.fromTUs, batch.count);
  return JSON.stringify({ readings: rows.map((r) => wireReading(r, batch.deviceId)) });
}
