import fs from 'node:fs';
import path from 'node:path';
import { syncDirectory, syncDirectoryAsync, syncFileAsync } from './wav-appender';

/**
 * Where recordings, photos, uploads and exports live in the data folder. The database stores
 * paths relative to the data folder (a folder copied to a USB disk keeps working); this class is
 * the one place that turns them into real paths, and refuses any that would leave the folder.
 *
 *   recordings/<session>/<recording>.wav           what the app plays and analyses
 *   recordings/<session>/<recording>.original.<x>  an imported file, byte for byte
 *   recordings/<session>/<recording>.analysis.wav  mono 16 kHz copy for analysis
 *   photos/<session>/<photo>.<x>
 *   tmp/                                           uploads and half-made files; emptied at start
 *   exports/<name>.zip
 *   quarantine/<when>/...                           files nothing could re-attach, kept byte for byte
 */
export class FileStore {
  constructor(readonly dataDir: string) {}

  recordingFile(sessionId: string, recordingId: string, suffix: string): string {
    return path.posix.join('recordings', sessionId, `${recordingId}${suffix}`);
  }

  photoFile(sessionId: string, photoId: string, ext: string): string {
    return path.posix.join('photos', sessionId, `${photoId}${ext}`);
  }

  sessionDirs(sessionId: string): string[] {
    return [path.join(this.dataDir, 'recordings', sessionId), path.join(this.dataDir, 'photos', sessionId)];
  }

  get tmpDir(): string {
    return path.join(this.dataDir, 'tmp');
  }

  get exportsDir(): string {
    return path.join(this.dataDir, 'exports');
  }

  /** Absolute path of a stored relative path; throws on one that escapes the data folder. */
  abs(relative: string): string {
    const root = path.resolve(this.dataDir);
    const full = path.resolve(root, relative);
    if (!full.startsWith(root + path.sep)) throw new Error(`path outside the data folder: ${relative}`);
    return full;
  }

  /** A fresh temp file path (in the data folder, so the final rename never crosses disks). */
  tempFile(name: string): string {
    fs.mkdirSync(this.tmpDir, { recursive: true });
    return path.join(this.tmpDir, name);
  }

  /** Moves a finished temp file into place atomically and makes the move durable. */
  commit(tempFile: string, relative: string): void {
    const target = this.abs(relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const fd = fs.openSync(tempFile, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tempFile, target);
    syncDirectory(path.dirname(target));
  }

  /**
   * commit() through libuv's thread pool: the event loop never waits for the disk's syncs (imports
   * and photos arrive while sensors record, issue 14 case 3).
   */
  async commitAsync(tempFile: string, relative: string): Promise<void> {
    const target = this.abs(relative);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await syncFileAsync(tempFile);
    await fs.promises.rename(tempFile, target);
    await syncDirectoryAsync(path.dirname(target));
  }

  remove(relative: string): void {
    fs.rmSync(this.abs(relative), { force: true });
  }

  /** Empties tmp/: uploads and half-written imports of a previous run that never committed. */
  clearTmp(): number {
    if (!fs.existsSync(this.tmpDir)) return 0;
    const entries = fs.readdirSync(this.tmpDir);
    for (const e of entries) fs.rmSync(path.join(this.tmpDir, e), { recursive: true, force: true });
    return entries.length;
  }

  /**
   * Files under recordings/ and photos/ that no row refers to: left by a crash between writing a
   * file and committing its row, an interrupted delete, or a database that was lost, emptied or
   * restored from an older copy. Never removed here: recovery re-attaches or quarantines them.
   */
  unknownFiles(referenced: Set<string>): string[] {
    const unknown: string[] = [];
    for (const top of ['recordings', 'photos']) {
      const base = path.join(this.dataDir, top);
      if (!fs.existsSync(base)) continue;
      for (const session of fs.readdirSync(base)) {
        const dir = path.join(base, session);
        if (!fs.statSync(dir).isDirectory()) continue;
        for (const file of fs.readdirSync(dir)) {
          const relative = path.posix.join(top, session, file);
          if (!referenced.has(relative)) unknown.push(relative);
        }
      }
    }
    return unknown;
  }

  /** True when recordings/ or photos/ hold any file at all (a database missing beside them is not a fresh start). */
  hasStoredFiles(): boolean {
    return this.unknownFiles(new Set()).length > 0;
  }

  get quarantineDir(): string {
    return path.join(this.dataDir, QUARANTINE_DIR);
  }

  /**
   * Moves files nothing can re-attach into quarantine/<when>/<same relative path>, keeping every
   * byte: the About page lists them and a technician or support can put them back by hand.
   */
  quarantine(relatives: string[], when: Date): string[] {
    const stamp = when.toISOString().replace(/[:.]/g, '-');
    const moved: string[] = [];
    for (const relative of relatives) {
      const from = this.abs(relative);
      const to = path.join(this.quarantineDir, stamp, relative);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.renameSync(from, to);
      syncDirectory(path.dirname(to));
      moved.push(path.posix.join(QUARANTINE_DIR, stamp, relative));
      const dir = path.dirname(from);
      if (fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
    }
    return moved;
  }

  /** Every quarantined file (relative to the data folder) with its size. */
  quarantined(): { path: string; bytes: number }[] {
    const found: { path: string; bytes: number }[] = [];
    const walk = (dir: string) => {
      if (!fs.existsSync(dir)) return;
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else found.push({ path: path.relative(this.dataDir, full).split(path.sep).join('/'), bytes: fs.statSync(full).size });
      }
    };
    walk(this.quarantineDir);
    return found.sort((a, b) => a.path.localeCompare(b.path));
  }
}

export const QUARANTINE_DIR = 'quarantine';
