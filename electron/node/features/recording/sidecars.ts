import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Db } from '../../platform/storage/database';
import type { FileStore } from './file-store';
import { readVisitContext } from './visit-context';

/**
 * Small JSON files kept next to the recordings, so the files alone are enough to rebuild the
 * database's index of them (a deleted, emptied or restored-from-backup database):
 *
 *   recordings/<session>/session.json      the visit, its equipment, site and customer
 *   recordings/<session>/<recording>.json  what the WAV header does not say (stream, source, when)
 *
 * Written once when a recording's files are created (before its WAV), never on the recording path.
 * Frames, rate, channels, length and checksum come from the WAV itself when it is re-attached.
 */
export const SESSION_SIDECAR = 'session.json';

const Text = z.string().nullable();
export const SessionSidecar = z.object({
  version: z.literal(1),
  customer: z.object({ id: z.string(), name: z.string() }).nullable(),
  site: z.object({ id: z.string(), name: z.string(), address: Text }),
  asset: z.object({
    id: z.string(),
    name: z.string(),
    kind: z.string(),
    maker: Text,
    model: Text,
    serialNumber: Text,
    refrigerant: Text,
    assetTag: Text,
    location: Text,
  }),
  session: z.object({ id: z.string(), technician: Text, startedAt: z.string(), notes: Text, tags: z.string() }),
});
export type SessionSidecar = z.infer<typeof SessionSidecar>;

export const RecordingSidecar = z.object({
  version: z.literal(1),
  id: z.string(),
  sessionId: z.string(),
  captureId: z.string().nullable(),
  deviceId: z.string().nullable(),
  source: z.enum(['sensor', 'microphone', 'import']),
  sourceLabel: Text,
  stream: z.enum(['audio', 'vibration']),
  startedAt: z.string(),
  /** Relative paths of the other files of this recording, when they exist. */
  path: z.string(),
  originalPath: Text,
  originalName: Text,
  analysisPath: Text,
});
export type RecordingSidecar = z.infer<typeof RecordingSidecar>;

export const recordingSidecarPath = (files: FileStore, sessionId: string, recordingId: string) => files.recordingFile(sessionId, recordingId, '.json');
export const sessionSidecarPath = (sessionId: string) => path.posix.join('recordings', sessionId, SESSION_SIDECAR);

/** The visit's sidecar from its rows (null when the visit is gone). */
function sessionSidecarOf(db: Db, sessionId: string): SessionSidecar | null {
  const visit = readVisitContext(db, sessionId);
  if (!visit) return null;
  const { session, asset, site, customer } = visit;
  return {
    version: 1,
    customer,
    site,
    asset,
    session: { id: session.id, technician: session.technician, startedAt: session.startedAt, notes: session.notes, tags: JSON.stringify(session.tags) },
  };
}

/** Writes (or rewrites) the visit's sidecar from its rows; durable before the caller writes a WAV. */
export function writeSessionSidecar(db: Db, files: FileStore, sessionId: string): void {
  const sidecar = sessionSidecarOf(db, sessionId);
  if (sidecar) writeJsonDurably(files, sessionSidecarPath(sessionId), sidecar);
}

/** writeSessionSidecar() with the file's syncs in libuv's thread pool, off the event loop (imports). */
export async function writeSessionSidecarAsync(db: Db, files: FileStore, sessionId: string): Promise<void> {
  const sidecar = sessionSidecarOf(db, sessionId);
  if (sidecar) await writeJsonDurablyAsync(files, sessionSidecarPath(sessionId), sidecar);
}

export function writeRecordingSidecar(files: FileStore, sidecar: Omit<RecordingSidecar, 'version'>): void {
  writeJsonDurably(files, recordingSidecarPath(files, sidecar.sessionId, sidecar.id), { version: 1, ...sidecar });
}

/** writeRecordingSidecar() off the event loop. */
export async function writeRecordingSidecarAsync(files: FileStore, sidecar: Omit<RecordingSidecar, 'version'>): Promise<void> {
  await writeJsonDurablyAsync(files, recordingSidecarPath(files, sidecar.sessionId, sidecar.id), { version: 1, ...sidecar });
}

/** The sidecars of one capture: its visit's, then one per sample stream (readings live in the database). */
export function writeCaptureSidecars(
  db: Db,
  files: FileStore,
  c: {
    sessionId: string;
    captureId: string;
    startedAt: string;
    source: 'sensor' | 'microphone';
    streams: { recordingId: string; stream: 'audio' | 'vibration' | 'readings'; deviceId: string | null; sourceLabel: string | null }[];
  },
): void {
  const samples = c.streams.filter((s): s is typeof s & { stream: 'audio' | 'vibration' } => s.stream !== 'readings');
  if (samples.length === 0) return;
  writeSessionSidecar(db, files, c.sessionId);
  for (const s of samples) {
    writeRecordingSidecar(files, {
      id: s.recordingId,
      sessionId: c.sessionId,
      captureId: c.captureId,
      deviceId: s.deviceId,
      source: c.source,
      sourceLabel: s.sourceLabel,
      stream: s.stream,
      startedAt: c.startedAt,
      path: files.recordingFile(c.sessionId, s.recordingId, '.wav'),
      originalPath: null,
      originalName: null,
      analysisPath: null,
    });
  }
}

export function readSidecar<T>(file: string, schema: z.ZodType<T>): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Through tmp/ (emptied at start), so a crash never leaves a half-written sidecar among the recordings. */
function writeJsonDurably(files: FileStore, relative: string, value: unknown): void {
  const tmp = files.tempFile(`sidecar-${process.pid}-${path.basename(relative)}`);
  fs.writeFileSync(tmp, JSON.stringify(value));
  files.commit(tmp, relative);
}

async function writeJsonDurablyAsync(files: FileStore, relative: string, value: unknown): Promise<void> {
  // Its own temp name: a capture may write the same visit's sidecar meanwhile.
  const tmp = files.tempFile(`sidecar-${process.pid}-${Math.random().toString(36).slice(2, 10)}-${path.basename(relative)}`);
  await fs.promises.writeFile(tmp, JSON.stringify(value));
  await files.commitAsync(tmp, relative);
}
