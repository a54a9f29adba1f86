import fs from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { buildFieldReport, type FieldReportSources, hashFile, LocalFileProblem, type LocalFile, readingsBatchBody } from '../reports';
import { SyncFailure } from './failure';
import type { OutboxItem, OutboxRepository, Progress, Snapshot } from './outbox';
import type { FieldServerClient } from './server-client';

/**
 * Uploads one outbox item: metadata, files in chunks from where the server is, reading batches,
 * the PDF, then checks the server's copy hash by hash. Every step is safe to repeat, and progress
 * is written after each one, so a failure anywhere costs at most one chunk.
 */
export interface UploadContext {
  client: FieldServerClient;
  outbox: OutboxRepository;
  sources: FieldReportSources;
  chunks: ChunkPolicy;
  /** Called after each step or chunk with the live progress (the worker turns it into UI events). */
  onProgress: (progress: Progress) => void;
  /** Aborted when the app closes: stop between requests. */
  signal: AbortSignal;
}

/**
 * One chunk is in flight at a time, so each costs a round trip and the server's write on top of
 * its transfer. Chunks therefore grow until one takes about `targetSeconds` on the link actually
 * measured (on a fast link the round trip becomes noise) and shrink on a slow one (progress stays
 * visible, and a cut connection loses little).
 */
export interface ChunkPolicy {
  initialBytes: number;
  minBytes: number;
  maxBytes: number;
  targetSeconds: number;
}

const CHUNK_RETRIES = 3;
const CHUNK_STEP = 64 * 1024;

export function nextChunkSize(policy: ChunkPolicy, sentBytes: number, seconds: number): number {
  if (seconds <= 0) return policy.maxBytes;
  const ideal = (sentBytes / seconds) * policy.targetSeconds;
  const rounded = Math.max(CHUNK_STEP, Math.round(ideal / CHUNK_STEP) * CHUNK_STEP);
  return Math.min(policy.maxBytes, Math.max(policy.minBytes, rounded));
}

export async function uploadItem(ctx: UploadContext, item: OutboxItem): Promise<void> {
  let progress: Progress = item.progress;
  // Progress is written to the database with the snapshot and when an attempt ends without
  // finishing, not after every step: the server knows where each file stands (a crash costs a
  // status request per file), and each durable write is an fsync on the event loop.
  const save = (patch: Progress, durable = false) => {
    progress = { ...progress, ...patch };
    if (durable) ctx.outbox.writeProgress(item.id, progress);
    ctx.onProgress(progress);
  };
  
  if (!progress.snapshot) {
    save({ step: 'prepare' });
    const report = await buildFieldReport(ctx.sources, item.entityId, { verdictOfDocument: true });
    const metadata = JSON.stringify(report.metadata);
    const snapshot: Snapshot = {
      ...report,
      metadata,
      // One key per version of the metadata; kept so every retry sends the same key and bytes.
      idempotencyKey: uuidv7(),
      bytesTotal: Buffer.byteLength(metadata) + report.files.reduce((n, f) => n + f.bytes, 0) + (report.document?.bytes ?? 0),
    };
    save({ snapshot, filesDone: [], batchesDone: [], documentDone: false, bytesSent: 0 }, true);
  }
  const snap = progress.snapshot!;
  // A session's report is known to the server by the session's id.
  const reportId = item.entityId;
  const metadataBytes = Buffer.byteLength(snap.metadata);
  const doneBytes = () =>
    metadataBytes +
    snap.files.filter((f) => progress.filesDone?.includes(f.id)).reduce((n, f) => n + f.bytes, 0) +
    (progress.documentDone ? (snap.document?.bytes ?? 0) : 0);
  const checkStop = () => {
    if (ctx.signal.aborted) throw new SyncFailure('connection_lost', 'The app is closing; the upload continues at the next start.', { retryable: true });
  };

  try {
    checkStop();
    save({ step: 'metadata' });
    // Sent at every attempt: a repeat is answered from the server's memory of the key.
    await ctx.client.putReport(reportId, snap.metadata, snap.idempotencyKey);
    save({ bytesSent: doneBytes() });

    for (const file of snap.files) {
      if (progress.filesDone?.includes(file.id)) continue;
      checkStop();
      save({ step: file.collection });
      await uploadFile(ctx, reportId, file, (offset) => save({ bytesSent: doneBytes() + offset }), checkStop);
      save({ filesDone: [...(progress.filesDone ?? []), file.id], bytesSent: doneBytes() });
    }

    for (const batch of snap.batches) {
      if (progress.batchesDone?.includes(batch.id)) continue;
      checkStop();
      save({ step: 'readings' });
      await ctx.client.putReadings(reportId, batch.id, readingsBatchBody(ctx.sources.reader, batch));
      save({ batchesDone: [...(progress.batchesDone ?? []), batch.id] });
    }

    if (snap.document && !progress.documentDone) {
      checkStop();
      save({ step: 'document' });
      const pdf = await readWhole(snap.document.path);
      const { sha256 } = await hashFile(snap.document.path);
      if (sha256 !== snap.document.sha256 || pdf.length !== snap.document.bytes) throw new LocalFileProblem('damaged', snap.document.path);
      await ctx.client.putDocument(reportId, pdf);
      save({ documentDone: true, bytesSent: doneBytes() });
    }

    checkStop();
    save({ step: 'verify' });
    const status = await ctx.client.getReport(reportId);
    const problems: string[] = [];
    const serverFiles = new Map([...status.recordings, ...status.photos].map((f) => [f.id, f]));
    const notThere = new Set<string>();
    for (const file of snap.files) {
      const there = serverFiles.get(file.id);
      if (!there?.complete || there.sha256 !== file.sha256) {
        notThere.add(file.id);
        problems.push(`${file.collection} ${file.id}`);
      }
    }
    const batchesThere = new Set(status.readings.batches.filter((b) => b.received).map((b) => b.id));
    const batchesMissing = snap.batches.filter((b) => !batchesThere.has(b.id)).map((b) => b.id);
    if (batchesMissing.length > 0) problems.push(`${batchesMissing.length} reading batches`);
    const documentMissing = snap.document !== null && (!status.document.stored || status.document.sha256 !== snap.document.sha256);
    if (documentMissing) problems.push('the PDF');
    if (problems.length > 0 || !status.complete) {
      // Send what is missing again at the next attempt; everything else stays done.
      save({
        filesDone: (progress.filesDone ?? []).filter((id) => !notThere.has(id)),
        batchesDone: (progress.batchesDone ?? []).filter((id) => !batchesMissing.includes(id)),
        documentDone: progress.documentDone === true && !documentMissing,
      });
      throw new SyncFailure('verify_failed', `The server's copy is incomplete (${problems.join(', ') || 'not complete'}).`, { retryable: true });
    }
  } catch (error) {
    if (error instanceof SyncFailure && error.serverCode === 'report_not_found') {
      // The server lost the report (restored from a backup?): start the transfer over.
      save({ filesDone: [], batchesDone: [], documentDone: false, bytesSent: 0 }, true);
      throw new SyncFailure('verify_failed', 'The server no longer has this report; it will be sent again.', { status: error.status, retryable: true });
    }
    // Keep what this attempt finished, so the next one does not send the PDF or batches again.
    ctx.outbox.writeProgress(item.id, progress);
    throw error;
  }
}

async function uploadFile(
  ctx: UploadContext,
  reportId: string,
  file: LocalFile,
  onOffset: (offset: number) => void,
  checkStop: () => void,
): Promise<void> {
  const status = await ctx.client.fileStatus(reportId, file.collection, file.id);
  if (status.complete) return;
  let offset = status.received;
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file.path, 'r');
  } catch {
    throw new LocalFileProblem('missing', file.path);
  }
  try {
    let damagedInTransit = 0;
    let size = Math.min(ctx.chunks.maxBytes, Math.max(ctx.chunks.minBytes, ctx.chunks.initialBytes));
    while (offset < file.bytes) {
      checkStop();
      const length = Math.min(size, file.bytes - offset);
      const chunk = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(chunk, 0, length, offset);
      if (bytesRead !== length) throw new LocalFileProblem('damaged', file.path);
      let result;
      const started = performance.now();
      try {
        result = await ctx.client.patchChunk(reportId, file.collection, file.id, offset, chunk);
      } catch (error) {
        if (error instanceof SyncFailure && error.serverCode === 'chunk_checksum_mismatch' && damagedInTransit < CHUNK_RETRIES) {
          damagedInTransit += 1;
          continue;
        }
        if (error instanceof SyncFailure && (error.serverCode === 'chunk_checksum_mismatch' || error.serverCode === 'file_checksum_mismatch')) {
          // Our file must still be the one we declared; if it is, the damage was on the way.
          const local = await hashFile(file.path);
          if (local.sha256 !== file.sha256) throw new LocalFileProblem('damaged', file.path);
          throw new SyncFailure('verify_failed', 'The file arrived damaged at the server; it will be sent again.', { status: error.status, retryable: true });
        }
        throw error;
      }
      if (result.kind === 'offset_mismatch') {
        // An earlier answer was lost, or a repeat: the server says where it is.
        if (result.complete) return;
        offset = result.received;
      } else {
        offset = result.file.received;
        if (result.file.complete) return;
        size = nextChunkSize(ctx.chunks, length, (performance.now() - started) / 1000);
      }
      onOffset(offset);
    }
    // Every byte sent but not complete: ask once more (a lost final answer).
    const final = await ctx.client.fileStatus(reportId, file.collection, file.id);
    if (!final.complete) throw new SyncFailure('verify_failed', 'The server has every byte but did not confirm the file.', { retryable: true });
  } finally {
    await handle.close();
  }
}

async function readWhole(file: string): Promise<Buffer> {
  try {
    return await fs.promises.readFile(file);
  } catch {
    throw new LocalFileProblem('missing', file);
  }
}
