import fs from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { AppError, MAX_UPLOAD_CHUNK_BYTES } from '../../../shared/contract';
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
  fd: number;
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
 */
export class Uploads {
  private readonly uploads = new Map<string, Upload>();

  constructor(
    private readonly files: FileStore,
    private readonly disk: DiskGuard,
  ) {}

  begin(p: { name: string; bytes: number; purpose: UploadPurpose }): { uploadId: string; chunkBytes: number } {
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
    const fd = fs.openSync(file, 'wx');
    this.uploads.set(id, { id, name: p.name, purpose: p.purpose, declared: p.bytes, received: 0, nextSeq: 0, file, fd, touchedMs: Date.now() });
    return { uploadId: id, chunkBytes: MAX_UPLOAD_CHUNK_BYTES };
  }

  chunk(p: { uploadId: string; seq: number; data: string }): { received: number; nextSeq: number } {
    const u = this.get(p.uploadId);
    u.touchedMs = Date.now();
    if (p.seq < u.nextSeq) return { received: u.received, nextSeq: u.nextSeq };
    if (p.seq > u.nextSeq) {
      throw new AppError('conflict', `Chunk ${p.seq} arrived before chunk ${u.nextSeq}; send from chunk ${u.nextSeq}.`, 'seq');
    }
    const bytes = Buffer.from(p.data, 'base64');
    if (u.received + bytes.length > u.declared) {
      this.cancel(u.id);
      throw new AppError('invalid_params', `${u.name} is larger than the ${u.declared} bytes announced; the upload was cancelled.`, 'data');
    }
    try {
      fs.writeSync(u.fd, bytes, 0, bytes.length, u.received);
    } catch (error) {
      this.cancel(u.id);
      const code = (error as NodeJS.ErrnoException).code;
      throw new AppError(
        code === 'ENOSPC' ? 'unavailable' : 'storage_error',
        code === 'ENOSPC' ? `The disk filled up while receiving ${u.name}; nothing was imported. Free some space and try again.` : `Receiving ${u.name} failed (${code ?? 'error'}); nothing was imported.`,
        code === 'ENOSPC' ? 'disk' : undefined,
      );
    }
    u.received += bytes.length;
    u.nextSeq += 1;
    return { received: u.received, nextSeq: u.nextSeq };
  }

  /** Hands over a complete upload's temp file; the caller moves or removes it. */
  take(uploadId: string, purpose: UploadPurpose): FinishedUpload {
    const u = this.get(uploadId);
    if (u.purpose !== purpose) throw new AppError('invalid_params', `This upload was started for a ${u.purpose}, not a ${purpose}.`, 'uploadId');
    if (u.received !== u.declared) {
      throw new AppError('conflict', `${u.name} is not completely uploaded (${u.received} of ${u.declared} bytes).`, 'uploadId');
    }
    fs.closeSync(u.fd);
    this.uploads.delete(uploadId);
    return { file: u.file, name: u.name, bytes: u.received };
  }

  cancel(uploadId: string): boolean {
    const u = this.uploads.get(uploadId);
    if (!u) return false;
    this.uploads.delete(uploadId);
    try {
      fs.closeSync(u.fd);
    } catch {
      // already closed
    }
    fs.rmSync(u.file, { force: true });
    return true;
  }

  close(): void {
    for (const id of [...this.uploads.keys()]) this.cancel(id);
  }

  private get(id: string): Upload {
    const u = this.uploads.get(id);
    if (!u) throw new AppError('not_found', `No upload with id ${id} (finished, cancelled, or the app restarted). Start the upload again.`, 'uploadId');
    return u;
  }

  private expire(): void {
    const now = Date.now();
    for (const u of [...this.uploads.values()]) if (now - u.touchedMs > IDLE_MS) this.cancel(u.id);
  }
}
