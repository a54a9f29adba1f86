/**
 * Issue 14, case 2: nothing is served until recovery has finished, recovery never touches a
 * capture that started after it, the recovery notice persists until dismissed, a lock naming an
 * unrelated live process (PID reuse) does not skip recovery, and SIGTERM during start-up recovery
 * ends cleanly. Each test fails on e3bc6df.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { buildSync } from 'esbuild';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Capture, RecoveredRecording, SessionDetail } from '../../../../shared/contract';
import { bootId, LOCK_FILE, processStartMs } from '../../platform/storage/data-lock';
import { tempDir } from '../../testing/fixtures';
import { type RecordingTestBackend, recordingBackend, sessionFor } from '../../testing/recording/recording-backend';
import { eventually } from '../../testing/eventually';

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const CLI = path.join(ROOT, 'dist', 'test-startup-order', 'cli.mjs');

let dataDir = '';
let cleanup: () => void = () => undefined;
const children: ChildProcess[] = [];
beforeAll(() => {
  buildSync({ entryPoints: [path.join(ROOT, 'electron/node/hosts/cli/entry.ts')], outfile: CLI, bundle: true, platform: 'node', format: 'esm', target: 'node22', packages: 'external', logLevel: 'silent' });
});
afterAll(() => fs.rmSync(path.dirname(CLI), { recursive: true, force: true }));
beforeEach(() => {
  ({ dir: dataDir, cleanup } = tempDir('scf-order-'));
});
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  cleanup();
});

const dbFile = () => path.join(dataDir, 'signalcraft.db');

async function waitFor(condition: () => boolean, what: string, limitMs = 30_000): Promise<void> {
  await eventually(what, condition, limitMs);
}

/**
 * A data folder as a kill -9 leaves it: `count` microphone recordings whose rows still say
 * `recording` and whose WAV headers were never patched (sizes zero), plus the dead owner's lock.
 */
async function interruptedFolder(count = 1, extraBytes = 0): Promise<{ sessionId: string; ids: string[] }> {
  const frames = 8000;
  const b = recordingBackend({ dataDir });
  await b.start();
  const { sessionId } = await sessionFor(b);
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'microphone', sampleRate: 16000 }, durationS: null });
    const pcm = Int16Array.from({ length: frames }, (_, j) => (j % 2000) - 1000);
    await b.call('captures.micChunk', { captureId: capture.id, seq: 0, firstFrame: 0, pcm16: Buffer.from(pcm.buffer).toString('base64') });
    await b.call('captures.stop', { captureId: capture.id });
    ids.push(capture.recordingIds[0]!);
  }
  await b.close();
  const db = new BetterSqlite3(dbFile());
  for (const id of ids) db.prepare("UPDATE recordings SET status = 'recording', stop_reason = NULL, frames = 0, bytes = NULL, sha256 = NULL WHERE id = ?").run(id);
  db.close();
  for (const id of ids) {
    const fd = fs.openSync(path.join(dataDir, 'recordings', sessionId, `${id}.wav`), 'r+');
    fs.writeSync(fd, Buffer.alloc(4), 0, 4, 4);
    fs.writeSync(fd, Buffer.alloc(4), 0, 4, 40);
    // Audio written after the last header patch (what a kill leaves): recovery must hash all of it.
    if (extraBytes > 0) fs.writeSync(fd, Buffer.alloc(extraBytes, 7), 0, extraBytes, fs.fstatSync(fd).size);
    fs.closeSync(fd);
  }
  return { sessionId, ids };
}

function statusOf(id: string): { status: string; stop_reason: string | null } {
  const db = new BetterSqlite3(dbFile(), { readonly: true });
  try {
    return db.prepare('SELECT status, stop_reason FROM recordings WHERE id = ?').get(id) as { status: string; stop_reason: string | null };
  } finally {
    db.close();
  }
}

/** A process that is alive but is not SignalCraft Field: what a reused PID points at. */
function unrelatedProcess(): ChildProcess {
  const child = spawn('sleep', ['120'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

async function startedBackend(): Promise<RecordingTestBackend> {
  const b = recordingBackend({ dataDir });
  await b.start();
  return b;
}

describe('issue 14 case 2: start-up order and the lock', () => {
  it('case 2: calls wait for recovery, and a capture started at once is never marked as a crash', { timeout: 60_000 }, async () => {
    const { sessionId, ids } = await interruptedFolder(3, 4_000_000);
    const b = recordingBackend({ dataDir });
    try {
      const order: string[] = [];
      const recovery = b.recover().then(() => order.push('recovered'));
      // The UI reconnects the moment the back end takes calls and presses Record.
      const started = b.call<Capture>('captures.start', { sessionId, source: { kind: 'microphone', sampleRate: 16000 }, durationS: null }).then((c) => {
        order.push('capture started');
        return c;
      });
      const capture = await started;
      await recovery;
      expect(order).toEqual(['recovered', 'capture started']);
      for (const id of ids) expect(statusOf(id)).toEqual({ status: 'recovered', stop_reason: 'crash' });
      expect(statusOf(capture.recordingIds[0]!)).toEqual({ status: 'recording', stop_reason: null });
      await b.call('captures.stop', { captureId: capture.id });
    } finally {
      await b.close();
    }
  });

  it('case 2: a lock naming an unrelated live process (PID reuse after a reboot) does not skip recovery', { timeout: 60_000 }, async () => {
    const { ids } = await interruptedFolder();
    const other = unrelatedProcess();
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: other.pid, bootId: 'an-earlier-boot', startedMs: 1 }));
    const b = await startedBackend();
    try {
      expect((await b.call<RecoveredRecording[]>('recordings.recoveries', {})).map((r) => r.recordingId)).toEqual(ids);
    } finally {
      await b.close();
    }
  });

  it('case 2: an old-style lock (a bare PID) written before that process started is stale', { timeout: 60_000 }, async () => {
    const { ids } = await interruptedFolder();
    const lock = path.join(dataDir, LOCK_FILE);
    const other = unrelatedProcess();
    fs.writeFileSync(lock, String(other.pid));
    const anHourAgo = new Date(Date.now() - 3600_000);
    fs.utimesSync(lock, anHourAgo, anHourAgo);
    const b = await startedBackend();
    try {
      expect(statusOf(ids[0]!).status).toBe('recovered');
    } finally {
      await b.close();
    }
  });

  it('case 2: a live owner of the data folder is still respected (its recordings are left to it)', { timeout: 60_000 }, async () => {
    const { ids } = await interruptedFolder();
    const other = unrelatedProcess();
    await waitFor(() => processStartMs(other.pid!) !== null, 'the process to appear in /proc');
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: other.pid, bootId: bootId(), startedMs: processStartMs(other.pid!) }));
    const b = await startedBackend();
    try {
      expect(statusOf(ids[0]!).status).toBe('recording');
    } finally {
      await b.close();
    }
  });

  it('case 2: the recovery notice stays until the technician dismisses it, across restarts', { timeout: 60_000 }, async () => {
    const { sessionId, ids } = await interruptedFolder();
    const first = await startedBackend();
    await first.close(); // the app died again before any UI read the notice
    const second = await startedBackend();
    try {
      expect((await second.call<RecoveredRecording[]>('recordings.recoveries', {})).map((r) => r.recordingId)).toEqual(ids);
      await second.call('storage.dismissNotices', {});
    } finally {
      await second.close();
    }
    const third = await startedBackend();
    try {
      expect(await third.call('recordings.recoveries', {})).toEqual([]);
      expect((await third.call<SessionDetail>('sessions.get', { id: sessionId })).recordings[0]!.status).toBe('recovered');
    } finally {
      await third.close();
    }
  });

  it('case 2: SIGTERM during start-up recovery ends cleanly: no row left recording, no lock left behind', { timeout: 120_000 }, async () => {
    // Enough interrupted audio that recovery (repair and checksum of each file) takes a moment.
    const { ids } = await interruptedFolder(12, 16_000_000);
    const serve = fork(CLI, ['serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, SIGNALCRAFT_LOG_LEVEL: 'warn' } });
    children.push(serve);
    let stderr = '';
    serve.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => serve.once('exit', (code) => resolve(code)));
    // Mid-recovery: the first interrupted recording is repaired, the others are not yet.
    await waitFor(() => fs.existsSync(dbFile()) && statusOf(ids[0]!).status === 'recovered', 'recovery to be under way');
    const stillRecording = ids.filter((id) => statusOf(id).status === 'recording').length;
    serve.kill('SIGTERM');
    console.log(`SIGTERM sent with ${stillRecording} of ${ids.length} recordings not yet recovered`);
    expect(await exited, stderr).toBe(0);
    for (const id of ids) expect(statusOf(id).status).toBe('recovered');
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
  });
});
