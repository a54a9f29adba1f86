import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CANONICAL_WAV_HEADER_BYTES, type WavSpec, wavHeader } from '../../platform/audio/wav';

/** A write failed (disk full, device removed): what was written before it is kept and valid. */
export class AppendError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined) {
    super(message);
    this.name = 'AppendError';
    this.code = code;
  }
}

/**
 * A WAV file written as samples arrive, built to survive a crash or a power cut:
 *
 * - the 44-byte header goes first, and its two size fields are patched before every `sync()`, so
 *   the file on disk is a valid WAV of everything synced even if nothing else ever touches it;
 * - samples are appended with positional writes (into the OS cache, which outlives a killed
 *   process); `sync()` forces them to the disk (fsync), and the recorder calls it at least every
 *   second, so a power cut loses at most the last second;
 * - `finalize()` writes the final sizes and syncs; `repairWav()` does the same for a file whose
 *   writer died, dropping a partial trailing frame.
 *
 * The directory entry is synced at creation, so the file itself cannot vanish in a power cut.
 * Samples are written in the machine's byte order: little-endian on every platform we ship for.
 */
export class WavAppender {
  readonly frameBytes: number;
  private fd: number | null;
  private dataBytes = 0;
  private syncedBytes = 0;
  private syncing: Promise<void> | null = null;
  private failed: AppendError | null = null;

  private constructor(
    readonly file: string,
    readonly spec: WavSpec,
    fd: number,
  ) {
    this.fd = fd;
    this.frameBytes = spec.channels * (spec.bitsPerSample / 8);
  }

  /** Creates the file (refusing to overwrite one) with an empty-data header, durable at once. */
  static create(file: string, spec: WavSpec): WavAppender {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(file, 'wx');
    try {
      fs.writeSync(fd, wavHeader(spec, 0), 0, CANONICAL_WAV_HEADER_BYTES, 0);
      fs.fsyncSync(fd);
      syncDirectory(path.dirname(file));
    } catch (error) {
      fs.closeSync(fd);
      fs.rmSync(file, { force: true });
      throw error;
    }
    return new WavAppender(file, spec, fd);
  }

  get frames(): number {
    return this.dataBytes / this.frameBytes;
  }

  /** Frames known to be on the disk itself (fsync'd), not only in the OS cache. */
  get syncedFrames(): number {
    return Math.floor(this.syncedBytes / this.frameBytes);
  }

  get bytesOnDisk(): number {
    return CANONICAL_WAV_HEADER_BYTES + this.dataBytes;
  }

  /**
   * Appends whole frames. On a failed write the file is cut back to its last whole frame and an
   * AppendError is thrown; the appender then refuses further writes but can still be finalised.
   */
  append(bytes: Uint8Array): void {
    if (this.failed) throw this.failed;
    if (this.fd === null) throw new Error(`append after finalize: ${this.file}`);
    if (bytes.byteLength % this.frameBytes !== 0) throw new Error(`append of ${bytes.byteLength} bytes is not whole ${this.frameBytes}-byte frames`);
    let done = 0;
    try {
      while (done < bytes.byteLength) {
        done += fs.writeSync(this.fd, bytes, done, bytes.byteLength - done, CANONICAL_WAV_HEADER_BYTES + this.dataBytes + done);
      }
      this.dataBytes += done;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Keep whatever whole frames made it; a partial one would shift every later sample.
      const kept = this.dataBytes + Math.floor(done / this.frameBytes) * this.frameBytes;
      try {
        fs.ftruncateSync(this.fd, CANONICAL_WAV_HEADER_BYTES + kept);
      } catch {
        // the disk may refuse even this; repair on the next start trims to whole frames anyway
      }
      this.dataBytes = kept;
      this.failed = new AppendError(`Writing ${path.basename(this.file)} failed (${code ?? (error as Error).message})`, code);
      throw this.failed;
    }
  }

  /** Patches the header to the data written so far and forces everything to the disk. */
  sync(): Promise<void> {
    if (this.syncing) return this.syncing;
    const fd = this.fd;
    if (fd === null || this.syncedBytes === this.dataBytes) return Promise.resolve();
    const target = this.dataBytes;
    this.syncing = new Promise<void>((resolve) => {
      try {
        writeSizes(fd, target);
      } catch {
        // a full disk can refuse the header rewrite; the data is still synced below
      }
      fs.fsync(fd, (error) => {
        if (!error) this.syncedBytes = Math.max(this.syncedBytes, target);
        this.syncing = null;
        resolve();
      });
    });
    return this.syncing;
  }

  /** Writes the final header, syncs and closes. Returns the file's size and SHA-256. */
  async finalize(): Promise<{ frames: number; bytes: number; sha256: string }> {
    if (this.syncing) await this.syncing;
    const fd = this.fd;
    if (fd !== null) {
      this.fd = null;
      try {
        writeSizes(fd, this.dataBytes);
        fs.fsyncSync(fd);
        this.syncedBytes = this.dataBytes;
      } finally {
        fs.closeSync(fd);
      }
    }
    return { frames: this.frames, bytes: this.bytesOnDisk, sha256: await sha256File(this.file) };
  }
}

function writeSizes(fd: number, dataBytes: number): void {
  const riff = Buffer.alloc(4);
  riff.writeUInt32LE(36 + dataBytes, 0);
  fs.writeSync(fd, riff, 0, 4, 4);
  const data = Buffer.alloc(4);
  data.writeUInt32LE(dataBytes, 0);
  fs.writeSync(fd, data, 0, 4, 40);
}

/** Makes a newly created file's directory entry durable (POSIX; Windows cannot open directories). */
export function syncDirectory(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** syncDirectory() through libuv's thread pool. */
export async function syncDirectoryAsync(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  await syncFileAsync(dir);
}

/** Forces a file (or a directory) to the disk through libuv's thread pool. */
export async function syncFileAsync(file: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface RepairedWav {
  frames: number;
  bytes: number;
  spec: WavSpec;
  /** Bytes of a partial trailing frame that were cut off. */
  droppedBytes: number;
}

/**
 * Repairs a canonical WAV whose writer died: sizes in the header set to the whole frames actually
 * on disk, a partial trailing frame cut off, synced. Returns null when the file is missing or its
 * header never made it to the disk (nothing to keep).
 */
export function repairWav(file: string): RepairedWav | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size < CANONICAL_WAV_HEADER_BYTES) return null;
    const header = Buffer.alloc(CANONICAL_WAV_HEADER_BYTES);
    fs.readSync(fd, header, 0, header.length, 0);
    if (header.toString('latin1', 0, 4) !== 'RIFF' || header.toString('latin1', 36, 40) !== 'data') return null;
    const formatTag = header.readUInt16LE(20);
    const spec: WavSpec = {
      encoding: formatTag === 3 ? 'float' : 'pcm',
      bitsPerSample: header.readUInt16LE(34) as WavSpec['bitsPerSample'],
      channels: header.readUInt16LE(22),
      sampleRate: header.readUInt32LE(24),
    };
    const frameBytes = header.readUInt16LE(32);
    if (frameBytes === 0) return null;
    const available = size - CANONICAL_WAV_HEADER_BYTES;
    const dataBytes = Math.floor(available / frameBytes) * frameBytes;
    if (dataBytes !== available) fs.ftruncateSync(fd, CANONICAL_WAV_HEADER_BYTES + dataBytes);
    writeSizes(fd, dataBytes);
    fs.fsyncSync(fd);
    return { frames: dataBytes / frameBytes, bytes: CANONICAL_WAV_HEADER_BYTES + dataBytes, spec, droppedBytes: available - dataBytes };
  } finally {
    fs.closeSync(fd);
  }
}
