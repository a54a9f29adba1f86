/**
 * Issue 14, case 4: the database's integrity is checked at start. With one 4 KB page overwritten
 * (the schema still readable), e3bc6df started serve on it and let writes through; now every
 * entry point refuses it the same way (serve's back end and doctor), nothing is written to it,
 * and `repair-db` gets the readable rows into a new file while the recordings come back from
 * their files.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Capture, SessionDetail } from '../../../../shared/contract';
import { createBackend } from '../../hosts/backend';
import { doctorCommand } from '../../hosts/cli/doctor-command';
import { createLogger, silentLogger } from '../logging/log';
import { recordingBackend, sessionFor } from '../../testing/recording';
import { tempDir } from '../../testing/fixtures';
import { LOCK_FILE } from './data-lock';
import { StorageError } from './errors';
import { repairDatabase } from './repair';

let dataDir = '';
let cleanup: () => void = () => undefined;
beforeEach(() => {
  ({ dir: dataDir, cleanup } = tempDir('scf-integrity-'));
});
afterEach(() => cleanup());

const dbFile = () => path.join(dataDir, 'signalcraft.db');
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/** A visit with two recordings and enough settings rows to span many pages; closed and checkpointed. */
async function filledFolder(): Promise<{ sessionId: string; ids: string[] }> {
  const b = recordingBackend({ dataDir });
  await b.start();
  const { sessionId } = await sessionFor(b);
  const ids: string[] = [];
  for (let i = 0; i < 2; i += 1) {
    const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'microphone', sampleRate: 16000 }, durationS: null });
    const pcm = Int16Array.from({ length: 8000 }, (_, j) => (j % 500) * 10);
    await b.call('captures.micChunk', { captureId: capture.id, seq: 0, firstFrame: 0, pcm16: Buffer.from(pcm.buffer).toString('base64') });
    await b.call('captures.stop', { captureId: capture.id });
    ids.push(capture.recordingIds[0]!);
  }
  const insert = b.db.prepare("INSERT INTO settings (key, value) VALUES (?, '\"x\"')");
  b.db.transaction(() => {
    for (let i = 0; i < 3000; i += 1) insert.run(`bulk-${i}-${'x'.repeat(100)}`);
  })();
  await b.close();
  const db = new BetterSqlite3(dbFile());
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { sessionId, ids };
}

/** Overwrites one 4 KB page near the end (a settings page: the schema on page 1 stays readable). */
function damageOnePage(): void {
  const bytes = fs.readFileSync(dbFile());
  const pages = bytes.length / 4096;
  crypto.randomBytes(4096).copy(bytes, (pages - 3) * 4096);
  fs.writeFileSync(dbFile(), bytes);
}

describe('issue 14 case 4: a damaged database is refused for writing, with a repair path', () => {
  it('case 4: the back end (serve, Electron) refuses a file with one damaged page and writes nothing to it', { timeout: 60_000 }, async () => {
    await filledFolder();
    damageOnePage();
    const before = sha(dbFile());
    let refusal: unknown = null;
    try {
      createBackend({ dataDir, runtime: 'serve', log: silentLogger() });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(StorageError);
    expect((refusal as StorageError).problem).toBe('database_corrupt');
    expect((refusal as Error).message).toMatch(/damaged.*not modified.*repair-db/s);
    expect(sha(dbFile())).toBe(before);
  });

  it('case 4: doctor says the same as serve (exit 1, the same explanation)', { timeout: 60_000 }, async () => {
    await filledFolder();
    damageOnePage();
    let out = '';
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    try {
      await doctorCommand().parseAsync(['--data-dir', dataDir], { from: 'user' });
    } finally {
      write.mockRestore();
    }
    expect(process.exitCode).toBe(1);
    process.exitCode = 0;
    expect(out).toMatch(/database\s+FAIL\s+The database .* is damaged .*repair-db/);
  });

  it('case 4: repair-db keeps the damaged file aside, copies what can be read, and the recordings come back', { timeout: 60_000 }, async () => {
    const { sessionId, ids } = await filledFolder();
    damageOnePage();
    const damaged = sha(dbFile());
    const result = repairDatabase(dbFile());
    expect(sha(result.keptAside)).toBe(damaged);
    expect(result.tables.find((t) => t.table === 'settings')?.partial).toBe(true);
    expect(result.tables.find((t) => t.table === 'recordings')?.copied).toBe(2);
    const b = recordingBackend({ dataDir });
    try {
      await b.start();
      const detail = await b.call<SessionDetail>('sessions.get', { id: sessionId });
      expect(detail.recordings.map((r) => r.id).sort()).toEqual([...ids].sort());
      expect(detail.recordings.every((r) => r.frames === 8000)).toBe(true);
    } finally {
      await b.close();
    }
  });

  it('case 4: quick_check on every start; the full integrity_check after an unclean shutdown', { timeout: 60_000 }, async () => {
    await filledFolder();
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const open = () => createBackend({ dataDir, runtime: 'serve', log: createLogger({ destination: sink }) });
    const check = () => (JSON.parse(lines.find((l) => l.includes('database opened and checked'))!) as { integrity: string }).integrity;
    await open().close();
    expect(check()).toBe('quick');
    lines.length = 0;
    // A lock whose owner is gone: the last run was killed.
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: 2 ** 22 - 3, bootId: null, startedMs: null }));
    await open().close();
    expect(check()).toBe('full');
  });
});
