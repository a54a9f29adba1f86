import fs from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { AppError, MAX_UPLOAD_CHUNK_BYTES } from '../../../../shared/contract';
import type { DiskGuard } from './disk-guard';
import type { FileStore } from './file-store';

export type UploadPurpose = 'recording' | 'photo';

interface Upload {
  id: string;
  name: string;
  purpose: UploadPurpose;
  declared: number;
  received: number;
  nextSeq: number;
  file: string;
  /** Open while chunks arrive; closed when the upload is taken or cancelled. */
  handle: fs.promises.FileHandle | null;
  /** The chunk being written: chunks of one upload are written one after another. */
  writing: Promise<unknown>;
  touchedMs: number;
}

export interface FinishedUpload {
  file: string;
  name: string;
  bytes: number;
}

/** An upload nobody continued for this long is dropped with its temp file. */
const IDLE_MS = 30 * 60 * 1000;

/**
 * Files the UI holds (picked, dropped, photographed) arrive in numbered chunks through the
 * contract, into a temp file in the data folder. A repeated chunk is acknowledged and ignored; a
 * chunk out of order is refused with the number expected, so the UI resends from there. Only a
 * complete upload can be taken; the taker commits or discards it.
 *
 * Chunks are written to the disk through libuv's thread pool, never with a write on the event
 * loop (which carries sensor data; a write into a busy disk's cache can block, issue 14 case 3):
 * only checking and decoding one chunk (512 KB of base64, about 1.5 ms) runs on the loop.
 */
export class Uploads {
  private readonly uploads = new Map<string, Upload>();

  constructor(
    private readonly files: FileStore,
    private readonly disk: DiskGuard,
  ) {}

  async begin(p: { name: string; bytes: number; purpose: UploadPurpose }): Promise<{ uploadId: string; chunkBytes: number }> {
    this.expire();
    const free = this.disk.free();
    if (free < p.bytes * 3 + this.disk.options.reserveBytes) {
      // Room for the upload, the converted copy and the analysis copy, above the reserve.
      throw new AppError(
        'unavailable',
        `There is not enough free disk space to import ${p.name} (${Math.round(p.bytes / 1024 / 1024)} MB). Free some space and try again.`,
        'disk',
      );
    }
    const id = uuidv7();
    const file = this.files.tempFile(`upload-${id}.part`);
    const handle = await fs.promises.open(file, 'wx');
    this.uploads.set(id, { id, name: p.name, purpose: p.purpose, declared: p.bytes, received: 0, nextSeq: 0, file, handle, writing: Promise.resolve(), touchedMs: Date.now() });
    return { uploadId: id, chunkBytes: MAX_UPLOAD_CHUNK_BYTES };
  }

  chunk(p: { uploadId: string; seq: number; data: string }): Promise<{ received: number; nextSeq: number }> {
    const u = this.get(p.uploadId);
    u.touchedMs = Date.now();
    // One chunk at a time per upload (a client that retries may send the next before the last is written).
    const next = u.writing.then(() => this.write(u, p));
    u.writing = next.catch(() => undefined);
    return next;
  }

  private async write(u: Upload, p: { seq: number; data: string }): Promise<{ received: number; nextSeq: number }> {
    if (this.uploads.get(u.id) !== u) throw this.gone(u.id);
    if (p.seq < u.nextSeq) return { received: u.received, nextSeq: u.nextSeq };
    if (p.seq > u.nextSeq) {
      throw new AppError('conflict', `Chunk ${p.seq} arrived before chunk ${u.nextSeq}; send from chunk ${u.nextSeq}.`, 'seq');
    }
    const bytes = Buffer.from(p.data, 'base64');
    if (u.received + bytes.length > u.declared) {
      await this.cancelNow(u);
      throw new AppError('invalid_params', `${u.name} is larger than the ${u.declared} bytes announced; the upload was cancelled.`, 'data');
    }
    try {
      const handle = u.handle;
      if (!handle) throw this.gone(u.id);
      let done = 0;
      while (done < bytes.length) done += (await handle.write(bytes, done, bytes.length - done, u.received + done)).bytesWritten;
    } catch (error) {
      if (this.uploads.get(u.id) !== u) throw this.gone(u.id); // cancelled while the chunk was written
      await this.cancelNow(u);
      const code = (error as NodeJS.ErrnoException).code;
      throw new AppError(
        code === 'ENOSPC' ? 'unavailable' : 'storage_error',
        code === 'ENOSPC' ? `The disk filled up while receiving ${u.name}; nothing was imported. Free some space and try again.` : `Receiving ${u.name} failed (${code ?? 'error'}); nothing was imported.`,
        code === 'ENOSPC' ? 'disk' : undefined,
      );
    }
    if (this.uploads.get(u.id) !== u) throw this.gone(u.id);
    u.received += bytes.length;
    u.nextSeq += 1;
    return { received: u.received, nextSeq: u.nextSeq };
  }

  /** Hands over a complete upload's temp file; the caller moves or removes it. */
  async take(uploadId: string, purpose: UploadPurpose): Promise<FinishedUpload> {
    const u = this.get(uploadId);
    if (u.purpose !== purpose) throw new AppError('invalid_params', `This upload was started for a ${u.purpose}, not a ${purpose}.`, 'uploadId');
    await u.writing;
    if (u.received !== u.declared) {
      throw new AppError('conflict', `${u.name} is not completely uploaded (${u.received} of ${u.declared} bytes).`, 'uploadId');
    }
    if (this.uploads.get(uploadId) !== u) throw this.gone(uploadId);
    this.uploads.delete(uploadId);
    await u.handle?.close();
    return { file: u.file, name: u.name, bytes: u.received };
  }

  cancel(uploadId: string): boolean {
    const u = this.uploads.get(uploadId);
    if (!u) return false;
    void this.cancelNow(u);
    return true;
  }

  /** Forgets the upload at once; its file is closed and removed once a chunk being written is done. */
  private async cancelNow(u: Upload): Promise<void> {
    if (this.uploads.get(u.id) === u) this.uploads.delete(u.id);
    const handle = u.handle;
    u.handle = null;
    await handle?.close().catch(() => undefined);
    await fs.promises.rm(u.file, { force: true }).catch(() => undefined);
  }

  close(): void {
    for (const id of [...this.uploads.keys()]) this.cancel(id);
  }

  private get(id: string): Upload {
    const u = this.uploads.get(id);
    if (!u) throw this.gone(id);
    return u;
  }

  private gone(id: string): AppError {
    return new AppError('not_found', `No upload with id ${id} (finished, cancelled, or the app restarted). Start the upload again.`, 'uploadId');
  }

  private expire(): void {
    const now = Date.now();
    for (const u of [...this.uploads.values()]) if (now - u.touchedMs > IDLE_MS) this.cancel(u.id);
  }
}
