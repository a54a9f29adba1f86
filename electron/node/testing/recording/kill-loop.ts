/**
 * The kill -9 loop of issue 14, shared by the benchmark (scripts/bench/kill-loop.bench.ts, 20+
 * rounds) and the short test (recording/kill-loop.test.ts). Each round starts a recorder process
 * (crash-child.ts: the real back end with two simulated sensors), sends `captures.start` the
 * moment it takes calls (as a UI reconnecting at once would), records for a random (seeded) time,
 * asks each sensor how much audio it has produced, and kills the process with SIGKILL. The next
 * round does the same on the same data folder, then checks what the kill left:
 *
 * - the killed capture's recordings are `recovered`/`failed` with stop reason `crash`;
 * - the capture started at once after the restart is still `recording` (never mislabelled);
 * - every finished row agrees with its file: frames, bytes and SHA-256 of the WAV on disk;
 * - audio lost per kill: samples the sensor had produced at the probe that are not in the file.
 */
import { type ChildProcess, fork } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Capture, Outcome } from '../../../../shared/contract';
import { WavReader } from '../../features/recording/wav-reader';
import { simulatedAudioSample } from './stand-in-source';
import { seededRandom } from '../../../../e2e/reference-server/faults';

export const DEVICES = ['esp32-crash-a', 'esp32-crash-b'];
const RATE = 16000;

export interface KillLoopOptions {
  child: string;
  dataDir: string;
  sessionId: string;
  rounds: number;
  seed: number;
  /** Kill moment after the capture started, uniform in [minMs, maxMs). */
  minMs?: number;
  maxMs?: number;
}

export interface KillLoopResult {
  seed: number;
  rounds: number;
  /** Seconds of sensor audio lost, one value per killed audio recording. */
  lostS: number[];
  mislabelled: string[];
  disagreeing: string[];
  /** Rows left `recording` after a clean final stop. */
  leftRecording: number;
}

/** The chaos test's seeded generator (mulberry32), so a failing round can be replayed with its seed. */
export const seeded = seededRandom;

class Child {
  readonly process: ChildProcess;
  readonly listening: Promise<void>;
  readonly exited: Promise<void>;
  private nextId = 1;
  private readonly pending = new Map<number, (m: { outcome?: Outcome; generated?: Record<string, number> }) => void>();

  constructor(file: string, dataDir: string) {
    this.process = fork(file, [dataDir], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    this.exited = new Promise((resolve) => this.process.once('exit', () => resolve()));
    this.listening = new Promise((resolve, reject) => {
      this.process.on('message', (m: { listening?: boolean; id?: number; outcome?: Outcome; generated?: Record<string, number> }) => {
        if (m.listening) resolve();
        if (m.id !== undefined) this.pending.get(m.id)?.(m);
      });
      void this.exited.then(() => reject(new Error('recorder exited before taking calls')));
    });
  }

  private send<T>(message: Record<string, unknown>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, resolve as (m: unknown) => void);
      void this.exited.then(() => reject(new Error('killed')));
      this.process.send({ id, ...message });
    });
  }

  async call<T>(method: string, params: unknown): Promise<T> {
    const m = await this.send<{ outcome: Outcome }>({ method, params });
    if (!m.outcome.ok) throw new Error(`${method}: ${m.outcome.error.message}`);
    return m.outcome.result as T;
  }

  async probe(): Promise<Record<string, number>> {
    return (await this.send<{ generated: Record<string, number> }>({ probe: true })).generated;
  }
}

interface Killed {
  capture: Capture;
  generated: Record<string, number>;
}

interface Row {
  id: string;
  status: string;
  stop_reason: string | null;
  stream: string;
  device_id: string | null;
  path: string | null;
  frames: number;
  bytes: number | null;
  sha256: string | null;
  capture_id: string | null;
}

const until = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runKillLoop(o: KillLoopOptions, log: (line: string) => void = () => undefined): Promise<KillLoopResult> {
  const random = seeded(o.seed);
  const result: KillLoopResult = { seed: o.seed, rounds: o.rounds, lostS: [], mislabelled: [], disagreeing: [], leftRecording: 0 };
  let killed: Killed | null = null;
  for (let round = 0; round <= o.rounds; round += 1) {
    const child = new Child(o.child, o.dataDir);
    await child.listening;
    if (round === o.rounds) {
      // Last start: recovery of the last kill, then a clean stop.
      await child.call('captures.active', {});
      child.process.kill('SIGTERM');
      await child.exited;
      if (killed) checkKilled(o, killed, result);
      break;
    }
    // A new capture the moment the restarted back end takes calls.
    const capture = await child.call<Capture>('captures.start', { sessionId: o.sessionId, source: { kind: 'sensor', deviceIds: DEVICES }, durationS: null });
    if (killed) checkKilled(o, killed, result);
    checkFresh(o, capture, result);
    const waitMs = (o.minMs ?? 300) + random() * ((o.maxMs ?? 2800) - (o.minMs ?? 300));
    await until(waitMs);
    const generated = await child.probe();
    child.process.kill('SIGKILL');
    await child.exited;
    killed = { capture, generated };
    log(`round ${round + 1}/${o.rounds}: killed after ${Math.round(waitMs)} ms`);
  }
  const db = new BetterSqlite3(path.join(o.dataDir, 'signalcraft.db'), { readonly: true });
  result.leftRecording = (db.prepare("SELECT count(*) AS n FROM recordings WHERE status = 'recording'").get() as { n: number }).n;
  for (const row of db.prepare("SELECT * FROM recordings WHERE status <> 'recording'").all() as Row[]) checkAgrees(o, row, result);
  db.close();
  return result;
}

function rowsOf(o: KillLoopOptions, captureId: string): Row[] {
  const db = new BetterSqlite3(path.join(o.dataDir, 'signalcraft.db'), { readonly: true });
  try {
    return db.prepare('SELECT * FROM recordings WHERE capture_id = ?').all(captureId) as Row[];
  } finally {
    db.close();
  }
}

/** The capture started at once after a restart must be recording, not taken for an interrupted one. */
function checkFresh(o: KillLoopOptions, capture: Capture, result: KillLoopResult): void {
  for (const row of rowsOf(o, capture.id)) if (row.status !== 'recording' || row.stop_reason !== null) result.mislabelled.push(`${row.id} (${row.status}/${row.stop_reason})`);
}

function checkKilled(o: KillLoopOptions, k: Killed, result: KillLoopResult): void {
  for (const row of rowsOf(o, k.capture.id)) {
    if (!['recovered', 'failed'].includes(row.status) || row.stop_reason !== 'crash') result.mislabelled.push(`${row.id} (${row.status}/${row.stop_reason}) after a kill`);
    checkAgrees(o, row, result);
    if (row.stream !== 'audio' || !row.path || row.device_id === null) continue;
    const reader = WavReader.open(path.join(o.dataDir, row.path));
    try {
      const head = reader.frames > 4 ? reader.readChannel(0, 0, 4) : null;
      const produced = k.generated[row.device_id] ?? 0;
      // Where in the sensor's stream this recording started: chunks are 512 samples.
      const start = head ? Array.from({ length: Math.ceil(produced / 512) + 1 }, (_, m) => m * 512).find((s) => [0, 1, 2, 3].every((j) => Math.round(head[j]! * 32768) === simulatedAudioSample(s + j))) : undefined;
      if (head && start === undefined) result.disagreeing.push(`${row.id}: its audio is not the sensor's stream`);
      const end = (start ?? produced) + reader.frames;
      result.lostS.push(Math.max(0, produced - end) / RATE);
    } finally {
      reader.close();
    }
  }
}

/** A finished row and its file must say the same: frames, bytes and checksum. */
function checkAgrees(o: KillLoopOptions, row: Row, result: KillLoopResult): void {
  if (!row.path || row.stream === 'readings') return;
  const file = path.join(o.dataDir, row.path);
  if (!fs.existsSync(file)) {
    if (row.frames > 0) result.disagreeing.push(`${row.id}: file missing`);
    return;
  }
  const reader = WavReader.open(file);
  const frames = reader.frames;
  reader.close();
  const bytes = fs.statSync(file).size;
  const sha = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  if (frames !== row.frames || (row.bytes !== null && row.bytes !== bytes) || (row.sha256 !== null && row.sha256 !== sha)) {
    result.disagreeing.push(`${row.id}: row ${row.frames} frames/${row.bytes} B, file ${frames} frames/${bytes} B${row.sha256 !== sha ? ', checksum differs' : ''}`);
  }
}
