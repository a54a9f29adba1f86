/**
 * Full disks, for real: the data folder on a genuinely small filesystem (a 24 MB tmpfs this test
 * mounts; it needs root, and is skipped with its reason otherwise). Sensors are simulated in
 * process (testing/stand-in-source.ts), so four of them can pour data faster than real time.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capture, EventMessage, SessionDetail } from '../../../../shared/contract';
import { decodeWav } from '../../platform/audio/wav';
import { eventually, pace } from '../../testing/eventually';
import { recordingBackend, sessionFor } from '../../testing/recording/recording-backend';
import { InProcessDeviceSource, SimulatedSensor } from '../../testing/recording/stand-in-source';

const MOUNT = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-smalldisk-'));
let skipReason: string | null = null;

beforeAll(() => {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    skipReason = 'mounting a small tmpfs needs root on Linux';
    return;
  }
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', MOUNT], { stdio: 'pipe' });
  } catch (error) {
    skipReason = `mount -t tmpfs failed here (${(error as Error).message.split('\n')[0]})`;
  }
});

afterAll(async () => {
  if (skipReason === null) {
    // A worker that is still closing can hold a file on the small disk for a moment: try again,
    // then detach it lazily (the kernel frees it once the last file closes).
    try {
      await eventually('the small disk unmounted', () => {
        try {
          execFileSync('umount', [MOUNT], { stdio: 'pipe' });
          return true;
        } catch {
          return false;
        }
      }, 10_000);
    } catch {
      execFileSync('umount', ['--lazy', MOUNT]);
    }
  }
  fs.rmSync(MOUNT, { recursive: true, force: true });
});

function fresh(name: string): string {
  const dir = path.join(MOUNT, name);
  fs.mkdirSync(dir);
  return dir;
}

const freeBytes = (dir: string) => {
  const s = fs.statfsSync(dir);
  return s.bavail * s.bsize;
};

/** Four sensors pouring data in faster than real time, until the capture stops. */
async function pour(sensors: SimulatedSensor[], stopped: () => boolean): Promise<void> {
  const until = Date.now() + 180_000;
  while (!stopped()) {
    if (Date.now() > until) throw new Error('the capture never stopped');
    for (const s of sensors) s.advance(1000);
    // Pacing, not waiting: let the recorder write between bursts, as a real link's arrivals would.
    await pace(40);
  }
}

function checkFiles(dataDir: string, detail: SessionDetail): void {
  for (const r of detail.recordings.filter((x) => x.stream !== 'readings' && x.frames > 0)) {
    const decoded = decodeWav(fs.readFileSync(path.join(dataDir, 'recordings', r.sessionId, `${r.id}.wav`)), 'x.wav');
    expect(decoded.frames, r.id).toBe(r.frames);
  }
}

describe('on a genuinely small disk (24 MB tmpfs)', () => {
  it('refuses to start a recording without room, saying so, and leaves nothing behind', async ({ skip }) => {
    if (skipReason) skip(skipReason);
    const dataDir = fresh('refuse');
    const source = new InProcessDeviceSource();
    new SimulatedSensor(source, { deviceId: 'esp32-a' });
    const b = recordingBackend({ dataDir, source });
    await b.start();
    const { sessionId } = await sessionFor(b);
    await expect(b.call('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: ['esp32-a'] }, durationS: 30 })).rejects.toMatchObject({
      code: 'unavailable',
      field: 'disk',
      message: expect.stringMatching(/^Only \d+(\.\d)? MB is free on the disk holding the data folder/),
    });
    expect(fs.existsSync(path.join(dataDir, 'recordings'))).toBe(false);
    await b.cleanup();
  });

  it('stops four sensors cleanly before the disk is full, and everything recorded is intact', async ({ skip }) => {
    if (skipReason) skip(skipReason);
    const dataDir = fresh('guard');
    const source = new InProcessDeviceSource();
    const sensors = ['a', 'b', 'c', 'd'].map((id) => new SimulatedSensor(source, { deviceId: `esp32-${id}` }));
    const b = recordingBackend({ dataDir, source, disk: { reserveBytes: 3 * 1024 * 1024, freeRunPlanS: 10, stopMarginS: 20 } });
    const events: EventMessage[] = [];
    b.events.subscribe((m) => events.push(m));
    await b.start();
    const { sessionId } = await sessionFor(b);
    const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: sensors.map((s) => s.info.deviceId) }, durationS: null });
    await pour(sensors, () => events.some((e) => e.event === 'capture.stopped'));
    expect(events.find((e) => e.event === 'capture.stopped')?.payload).toMatchObject({ captureId: capture.id, reason: 'disk_low' });
    await eventually('the recordings finished', () => b.activity.list().every((a) => a.kind !== 'recording'));

    expect(freeBytes(dataDir)).toBeGreaterThan(2 * 1024 * 1024);
    const detail = await b.call<SessionDetail>('sessions.get', { id: sessionId });
    expect(detail.recordings).toHaveLength(12);
    for (const r of detail.recordings) expect(r).toMatchObject({ status: 'complete', stopReason: 'disk_low' });
    expect(detail.recordedS).toBeGreaterThan(10);
    checkFiles(dataDir, detail);
    expect(b.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The register still works: the reserve kept room for it.
    await b.call('sites.create', { name: 'After the disk filled' });
    await b.cleanup();
  });

  it('when a write fails on a full disk anyway, keeps everything before it and recovers the rest at the next start', async ({ skip }) => {
    if (skipReason) skip(skipReason);
    const dataDir = fresh('enospc');
    const source = new InProcessDeviceSource();
    const sensors = ['a', 'b'].map((id) => new SimulatedSensor(source, { deviceId: `esp32-${id}` }));
    // A guard that never stops in time: the writes themselves meet the full disk.
    const options = { dataDir, source, disk: { reserveBytes: 0, freeRunPlanS: 1, stopMarginS: 0 } };
    const b = recordingBackend(options);
    const events: EventMessage[] = [];
    b.events.subscribe((m) => events.push(m));
    await b.start();
    const { sessionId } = await sessionFor(b);
    // What the technician will delete to make room afterwards.
    const ballast = path.join(MOUNT, 'ballast.bin');
    fs.writeFileSync(ballast, Buffer.alloc(2 * 1024 * 1024));
    await b.call('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: sensors.map((s) => s.info.deviceId) }, durationS: null });
    await pour(sensors, () => events.some((e) => e.event === 'capture.stopped'));
    expect(events.find((e) => e.event === 'capture.stopped')?.payload).toMatchObject({ reason: 'disk_full' });
    await eventually('the recordings finished', () => b.activity.list().every((a) => a.kind !== 'recording'));
    await b.close();

    fs.rmSync(ballast);
    const after = recordingBackend(options);
    await after.start();
    const detail = await after.call<SessionDetail>('sessions.get', { id: sessionId });
    for (const r of detail.recordings) expect(['complete', 'recovered']).toContain(r.status);
    expect(detail.recordings.filter((r) => r.stream === 'audio').every((r) => r.frames > 16000)).toBe(true);
    checkFiles(dataDir, detail);
    expect(after.db.pragma('integrity_check', { simple: true })).toBe('ok');
    await after.close();
  });
});

describe('issue 14 case 9: an export on a full disk', () => {
  it('case 9: answers a storage error saying the disk is full (not internal, no claim that it was logged), and leaves no half zip', async ({ skip }) => {
    if (skipReason) skip(skipReason);
    const dataDir = fresh('export');
    const b = recordingBackend({ dataDir, disk: { reserveBytes: 0, freeRunPlanS: 1, stopMarginS: 0 } });
    const ballast = path.join(MOUNT, 'export-ballast.bin');
    try {
      await b.start();
      const { sessionId } = await sessionFor(b);
      const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'microphone', sampleRate: 16000 }, durationS: null });
      const pcm = Int16Array.from({ length: 48000 }, (_, i) => (i % 1000) * 20);
      await b.call('captures.micChunk', { captureId: capture.id, seq: 0, firstFrame: 0, pcm16: Buffer.from(pcm.buffer).toString('base64') });
      await b.call('captures.stop', { captureId: capture.id });
      // Leave a few kilobytes: less than the 96 KB recording the zip must hold.
      fs.writeFileSync(ballast, Buffer.alloc(Math.max(0, freeBytes(dataDir) - 8192)));
      const failure = await b.call('sessions.export', { id: sessionId }).then(
        () => null,
        (error: unknown) => error as { code: string; message: string },
      );
      expect(failure).toMatchObject({ code: 'storage_error', message: expect.stringMatching(/is full, so the file was not written/) });
      expect(failure!.message).not.toMatch(/logged/);
      const exportsDir = path.join(dataDir, 'exports');
      expect(fs.existsSync(exportsDir) ? fs.readdirSync(exportsDir) : []).toEqual([]);
    } finally {
      fs.rmSync(ballast, { force: true });
      await b.close();
    }
  });
});
