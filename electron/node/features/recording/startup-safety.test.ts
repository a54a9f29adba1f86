/**
 * Issue 14, case 1: start-up never deletes recordings the database does not list. Each test
 * records real microphone captures into a real data folder, then damages what the database knows
 * (removed, emptied, an older copy put back, a visit delete cut short) and starts the back end
 * again. On e3bc6df the same starts removed the WAVs as "orphans".
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Capture, SessionDetail, StorageStatus } from '../../../../shared/contract';
import { decodeWav } from '../../platform/audio/wav';
import { restoreBackup } from '../../platform/storage/repair';
import { tempDir } from '../../testing/fixtures';
import { type RecordingTestBackend, recordingBackend, sessionFor } from '../../testing/recording/recording-backend';

const RATE = 16000;

let dataDir = '';
let cleanup: () => void = () => undefined;
beforeEach(() => {
  ({ dir: dataDir, cleanup } = tempDir('scf-startup-'));
});
afterEach(() => cleanup());

const dbFile = () => path.join(dataDir, 'signalcraft.db');

async function started(): Promise<RecordingTestBackend> {
  const b = recordingBackend({ dataDir });
  await b.start();
  return b;
}

/** One microphone recording of `frames` frames whose sample i is (i * 7 + seed) mod 20000. */
async function record(b: RecordingTestBackend, sessionId: string, frames: number, seed: number): Promise<string> {
  const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'microphone', sampleRate: RATE }, durationS: null });
  const pcm = Int16Array.from({ length: frames }, (_, i) => ((i * 7 + seed) % 20000) - 10000);
  await b.call('captures.micChunk', { captureId: capture.id, seq: 0, firstFrame: 0, pcm16: Buffer.from(pcm.buffer).toString('base64') });
  await b.call('captures.stop', { captureId: capture.id });
  return capture.recordingIds[0]!;
}

async function threeRecordings(): Promise<{ sessionId: string; ids: string[]; assetName: string }> {
  const b = await started();
  const { sessionId } = await sessionFor(b, 'Walk-in freezer compressor');
  const ids = [await record(b, sessionId, 8000, 1), await record(b, sessionId, 12000, 2), await record(b, sessionId, 4000, 3)];
  await b.close();
  return { sessionId, ids, assetName: 'Walk-in freezer compressor' };
}

function wavFiles(sessionId: string): string[] {
  const dir = path.join(dataDir, 'recordings', sessionId);
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.wav')).sort() : [];
}

async function expectAllBack(sessionId: string, ids: string[], assetName: string, database: 'missing' | 'empty' | 'ok', reattached = ids.length): Promise<void> {
  const before = wavFiles(sessionId);
  const b = await started();
  try {
    const detail = await b.call<SessionDetail>('sessions.get', { id: sessionId });
    expect(detail.assetName).toBe(assetName);
    expect(detail.recordings.map((r) => r.id).sort()).toEqual([...ids].sort());
    for (const r of detail.recordings) {
      const wav = decodeWav(fs.readFileSync(path.join(dataDir, 'recordings', sessionId, `${r.id}.wav`)), 'r.wav');
      expect(r.frames).toBe(wav.frames);
      expect(r.sampleRate).toBe(RATE);
      expect(r.mediaUrl).not.toBeNull();
    }
    expect(wavFiles(sessionId)).toEqual(before);
    const status = await b.call<StorageStatus>('storage.status', {});
    expect(status.quarantined).toEqual([]);
    expect(status.repair?.database).toBe(database);
    expect(status.repair?.reattached).toBe(reattached);
  } finally {
    await b.close();
  }
}

describe('issue 14 case 1: recordings the database does not list are re-attached, never deleted', () => {
  it('case 1: a removed database is rebuilt from the recordings, not started fresh', { timeout: 60_000 }, async () => {
    const { sessionId, ids, assetName } = await threeRecordings();
    for (const f of ['', '-wal', '-shm']) fs.rmSync(`${dbFile()}${f}`, { force: true });
    await expectAllBack(sessionId, ids, assetName, 'missing');
  });

  it('case 1: a database truncated to zero bytes is explained and rebuilt, not treated as new', { timeout: 60_000 }, async () => {
    const { sessionId, ids, assetName } = await threeRecordings();
    fs.truncateSync(dbFile(), 0);
    for (const f of ['-wal', '-shm']) fs.rmSync(`${dbFile()}${f}`, { force: true });
    await expectAllBack(sessionId, ids, assetName, 'empty');
  });

  it('case 1: an older copy put back (a backup the app made) loses no later recording: restore-db path', { timeout: 60_000 }, async () => {
    const b = await started();
    const { sessionId } = await sessionFor(b, 'Display case 3');
    const first = await record(b, sessionId, 8000, 1);
    const backup = `${dbFile()}.v5.bak`;
    b.db.prepare('VACUUM INTO ?').run(backup);
    const later = [await record(b, sessionId, 8000, 4), await record(b, sessionId, 6000, 5)];
    await b.close();

    const { replacedAside } = restoreBackup(dbFile(), backup);
    expect(replacedAside && fs.existsSync(replacedAside)).toBeTruthy();
    await expectAllBack(sessionId, [first, ...later], 'Display case 3', 'ok', later.length);
  });

  it('case 1: a file with nothing to re-attach it by is moved to quarantine and listed, byte for byte', { timeout: 60_000 }, async () => {
    const { sessionId, ids } = await threeRecordings();
    // A WAV of an older version (no sidecar) and a stray photo, both unknown to the database.
    const stray = path.join(dataDir, 'recordings', sessionId, '0190aaaa-0000-7000-8000-000000000001.wav');
    fs.copyFileSync(path.join(dataDir, 'recordings', sessionId, `${ids[0]}.wav`), stray);
    const bytes = fs.readFileSync(stray);
    const b = await started();
    try {
      const status = await b.call<StorageStatus>('storage.status', {});
      expect(status.quarantined).toHaveLength(1);
      expect(status.quarantined[0]!.path).toMatch(new RegExp(`^quarantine/[^/]+/recordings/${sessionId}/0190aaaa-0000-7000-8000-000000000001\\.wav$`));
      expect(fs.readFileSync(path.join(dataDir, status.quarantined[0]!.path)).equals(bytes)).toBe(true);
      expect(status.repair?.quarantined).toBe(1);
      expect((await b.call<SessionDetail>('sessions.get', { id: sessionId })).recordings).toHaveLength(3);
    } finally {
      await b.close();
    }
  });

  it('case 1: files a visit delete left behind are quarantined, never re-attached to a deleted visit', { timeout: 60_000 }, async () => {
    const { sessionId } = await threeRecordings();
    const b = await started();
    const dir = path.join(dataDir, 'recordings', sessionId);
    const copy = `${dir}.kept`;
    fs.cpSync(dir, copy, { recursive: true });
    await b.call('sessions.delete', { id: sessionId });
    await b.close();
    // The delete was cut short after its rows went: the visit's files (not its sidecar, removed first) are still there.
    fs.cpSync(copy, dir, { recursive: true });
    fs.rmSync(path.join(dir, 'session.json'));
    fs.rmSync(copy, { recursive: true });
    const again = await started();
    try {
      await expect(again.call('sessions.get', { id: sessionId })).rejects.toMatchObject({ code: 'not_found' });
      const status = await again.call<StorageStatus>('storage.status', {});
      expect(status.quarantined.filter((q) => q.path.endsWith('.wav'))).toHaveLength(3);
    } finally {
      await again.close();
    }
  });

  it('case 1: the repair notice stays in the database until the technician dismisses it', { timeout: 60_000 }, async () => {
    const { sessionId, ids } = await threeRecordings();
    fs.rmSync(dbFile());
    for (const f of ['-wal', '-shm']) fs.rmSync(`${dbFile()}${f}`, { force: true });
    const first = await started();
    await first.close(); // closed before any UI read the notice
    const second = await started();
    try {
      expect((await second.call<StorageStatus>('storage.status', {})).repair).toMatchObject({ database: 'missing', reattached: ids.length });
      await second.call('storage.dismissNotices', {});
      expect((await second.call<StorageStatus>('storage.status', {})).repair).toBeNull();
    } finally {
      await second.close();
    }
    const db = new BetterSqlite3(dbFile(), { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM recordings WHERE session_id = ?').get(sessionId) as { n: number }).n).toBe(3);
    db.close();
  });
});
