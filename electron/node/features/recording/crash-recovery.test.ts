/**
 * kill -9 at random moments during recording, many times over, on a real data folder.
 *
 * Each round starts a recorder process (testing/crash-child.ts: the real back end, with two
 * in-process simulated sensors, see stand-in-source.ts), records from both
 * sensors and from a "microphone" whose chunks this test sends and which the back end
 * acknowledges, then kills the process with SIGKILL at a random moment. The next round's start()
 * must find what was interrupted and repair it. For every interrupted recording we check:
 *
 * - it is marked recovered, and its WAV decodes, with the header matching the data;
 * - every acknowledged microphone frame is there, and nothing that was never sent;
 * - the samples are exactly the ones sent, in order (no shift, no garbage after the cut);
 * - while recording, the header on disk (patched at each fsync) never lagged the acknowledged
 *   audio by more than a second: what a power cut could lose at most;
 * - SQLite's integrity_check and foreign_key_check pass, and the readings count matches.
 */
import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capture, Outcome, SessionDetail } from '../../../../shared/contract';
import { decodeWav } from '../../platform/audio/wav';
import { pace } from '../../testing/eventually';
import { tempDir } from '../../testing/fixtures';
import { bundleCrashChild } from '../../testing/recording/crash-child-bundle';
import { recordingBackend, sessionFor } from '../../testing/recording/recording-backend';
import { simulatedAudioSample } from '../../testing/recording/stand-in-source';

const ROUNDS = Number(process.env.SCF_CRASH_ROUNDS ?? 12);
const MIC_RATE = 16000;
const MIC_CHUNK = 800; // 50 ms
const micValue = (i: number) => ((i * 13) % 32000) - 16000;

let CHILD = '';
let removeChild = () => {};

const { dir: dataDir, cleanup } = tempDir('scf-crash-');
let sessionId = '';

beforeAll(async () => {
  ({ child: CHILD, remove: removeChild } = bundleCrashChild('test-child'));
  const setup = recordingBackend({ dataDir });
  ({ sessionId } = await sessionFor(setup));
  await setup.close();
});
afterAll(() => {
  cleanup();
  removeChild();
});

class Recorder {
  readonly process: ChildProcess;
  readonly ready: Promise<void>;
  readonly exited: Promise<void>;
  private nextId = 1;
  private readonly pending = new Map<number, (o: Outcome) => void>();

  constructor() {
    this.process = fork(CHILD, [dataDir], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    this.ready = new Promise((resolve, reject) => {
      this.process.on('message', (m: { ready?: boolean; id?: number; outcome?: Outcome }) => {
        if (m.ready) resolve();
        if (m.id !== undefined && m.outcome) this.pending.get(m.id)?.(m.outcome);
      });
      this.process.once('exit', (code) => reject(new Error(`recorder exited early (${code})`)));
    });
    this.exited = new Promise((resolve) => this.process.once('exit', () => resolve()));
  }

  async call<T>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    const outcome = await new Promise<Outcome>((resolve, reject) => {
      this.pending.set(id, resolve);
      void this.exited.then(() => reject(new Error('killed')));
      this.process.send({ id, method, params });
    });
    if (!outcome.ok) throw new Error(`${method}: ${outcome.error.message}`);
    return outcome.result as T;
  }
}

interface Round {
  micRecordingId: string;
  sensorRecordingIds: string[];
  acked: number;
  sent: number;
}


/** Data size declared in a WAV header as it is on disk now (patched at every fsync). */
function declaredFrames(file: string, frameBytes: number): number {
  const fd = fs.openSync(file, 'r');
  try {
    const header = Buffer.alloc(44);
    fs.readSync(fd, header, 0, 44, 0);
    return header.readUInt32LE(40) / frameBytes;
  } finally {
    fs.closeSync(fd);
  }
}

async function recordThenKill(recorder: Recorder, killAfterMs: number): Promise<Round> {
  const mic = await recorder.call<Capture>('captures.start', { sessionId, source: { kind: 'microphone', sampleRate: MIC_RATE }, durationS: null });
  const sensors = await recorder.call<Capture>('captures.start', {
    sessionId,
    source: { kind: 'sensor', deviceIds: ['esp32-crash-a', 'esp32-crash-b'] },
    durationS: null,
  });
  const micFile = path.join(dataDir, 'recordings', sessionId, `${mic.recordingIds[0]}.wav`);
  const round: Round = { micRecordingId: mic.recordingIds[0]!, sensorRecordingIds: sensors.recordingIds, acked: 0, sent: 0 };
  const ackHistory: { at: number; frames: number }[] = [];
  let killed = false;

  const streaming = (async () => {
    for (let seq = 0; !killed; seq += 1) {
      const first = seq * MIC_CHUNK;
      const pcm = Int16Array.from({ length: MIC_CHUNK }, (_, i) => micValue(first + i));
      round.sent = first + MIC_CHUNK;
      try {
        const ack = await recorder.call<{ framesWritten: number }>('captures.micChunk', {
          captureId: mic.id,
          seq,
          firstFrame: first,
          pcm16: Buffer.from(pcm.buffer).toString('base64'),
        });
        round.acked = ack.framesWritten;
        ackHistory.push({ at: Date.now(), frames: ack.framesWritten });
      } catch {
        return; // killed mid-call
      }
      await pace(MIC_CHUNK / (MIC_RATE / 1000)); // the microphone's own rhythm
    }
  })();

  await pace(killAfterMs); // the power cut comes at a random moment of the capture
  // Power-cut bound: the header on disk (written with each fsync) covers everything acknowledged a second ago.
  const oneSecondAgo = ackHistory.filter((a) => a.at <= Date.now() - 1000).at(-1)?.frames ?? 0;
  expect(declaredFrames(micFile, 2), 'synced audio lags acknowledged audio by more than 1 s').toBeGreaterThanOrEqual(oneSecondAgo);
  killed = true;
  recorder.process.kill('SIGKILL');
  await recorder.exited;
  await streaming;
  return round;
}

async function checkRecovered(recorder: Recorder, round: Round): Promise<void> {
  const recoveries = await recorder.call<{ recordingId: string; status: string }[]>('recordings.recoveries', {});
  const detail = await recorder.call<SessionDetail>('sessions.get', { id: sessionId });
  const byId = new Map(detail.recordings.map((r) => [r.id, r]));
  for (const id of [round.micRecordingId, ...round.sensorRecordingIds]) {
    const rec = byId.get(id)!;
    expect(rec.status, `${rec.stream} ${id}`).toMatch(rec.frames > 0 ? /^recovered$/ : /^failed$/);
    expect(rec.stopReason).toBe('crash');
    expect(recoveries.map((r) => r.recordingId)).toContain(id);
  }

  const mic = byId.get(round.micRecordingId)!;
  expect(mic.frames, 'acknowledged audio is all there').toBeGreaterThanOrEqual(round.acked);
  expect(mic.frames, 'nothing that was never sent').toBeLessThanOrEqual(round.sent);
  const micAudio = decodeWav(fs.readFileSync(path.join(dataDir, 'recordings', sessionId, `${mic.id}.wav`)), 'mic.wav');
  expect(micAudio.frames).toBe(mic.frames);
  const samples = micAudio.channels[0]!;
  for (let i = 0; i < samples.length; i += 1) {
    if (Math.round(samples[i]! * 32768) !== micValue(i)) throw new Error(`microphone sample ${i} is wrong after recovery`);
  }

  for (const id of round.sensorRecordingIds) {
    const rec = byId.get(id)!;
    if (rec.stream === 'readings') {
      const db = new BetterSqlite3(path.join(dataDir, 'signalcraft.db'), { readonly: true });
      const n = db.prepare('SELECT count(*) AS n FROM readings r JOIN reading_series s ON s.id = r.series_id WHERE s.recording_id = ?').get(id) as { n: number };
      db.close();
      expect(rec.frames).toBe(n.n);
      continue;
    }
    if (rec.frames === 0) continue;
    const file = decodeWav(fs.readFileSync(path.join(dataDir, 'recordings', sessionId, `${id}.wav`)), 'sensor.wav');
    expect(file.frames).toBe(rec.frames);
    if (rec.stream === 'audio') {
      // The sensor's k-th sample is simulatedAudioSample(k); find where this recording started and check every sample.
      const s = file.channels[0]!;
      const start = Array.from({ length: 4000 }, (_, m) => m * 512).find((k) => [0, 1, 2, 3].every((j) => Math.round(s[j]! * 32768) === simulatedAudioSample(k + j)));
      expect(start, 'sensor audio starts on a chunk of the simulated stream').toBeDefined();
      for (let j = 0; j < s.length; j += 1) {
        if (Math.round(s[j]! * 32768) !== simulatedAudioSample(start! + j)) throw new Error(`sensor sample ${j} is wrong after recovery`);
      }
    }
  }

  const db = new BetterSqlite3(path.join(dataDir, 'signalcraft.db'), { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
  } finally {
    db.close();
  }
}

describe('kill -9 during recording', () => {
  it(`recovers every interrupted recording, ${ROUNDS} kills at random moments`, { timeout: 60_000 + ROUNDS * 8000 }, async () => {
    let previous: Round | null = null;
    for (let round = 0; round <= ROUNDS; round += 1) {
      const recorder = new Recorder();
      await recorder.ready;
      if (previous) await checkRecovered(recorder, previous);
      if (round === ROUNDS) {
        recorder.process.kill('SIGTERM');
        await recorder.exited;
        break;
      }
      // Uniform between 0.3 and 2.8 s: sometimes before the first fsync, sometimes well after.
      previous = await recordThenKill(recorder, 300 + Math.random() * 2500);
    }
    const db = new BetterSqlite3(path.join(dataDir, 'signalcraft.db'), { readonly: true });
    const statuses = db.prepare('SELECT status, count(*) AS n FROM recordings GROUP BY status').all() as { status: string; n: number }[];
    db.close();
    expect(statuses.find((s) => s.status === 'recording')).toBeUndefined();
    expect(statuses.find((s) => s.status === 'recovered')?.n).toBeGreaterThanOrEqual(ROUNDS * 4);
  });
});
