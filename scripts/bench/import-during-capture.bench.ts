/**
 * Issue 14, case 3: heavy imports during a live capture. Four simulated sensors (their own process)
 * stream over TCP into a free-running capture while a 55 MB WAV (48 kHz 16-bit stereo, decoded and
 * resampled for analysis) and a pathological 21 MB CSV (two million columns) are uploaded and
 * imported through the contract, SCF_BENCH_IMPORT_CAPTURE_RUNS times each (default 3). Meanwhile a
 * probe calls `captures.active` every 100 ms. Reports: samples the sensors' links lost, recording
 * gaps, the probe's answer times (target: under 200 ms), import times, event-loop delay, and the
 * machine's 1-minute load average during the run (the figures mean little without it).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildSync } from 'esbuild';
import { MAX_UPLOAD_CHUNK_BYTES, type SessionDetail } from '../../shared/contract';
import type { SensorLinkHealth } from '../../shared/contract/sensors';
import { encodePcm16Wav } from '../../electron/node/platform/audio/wav';
import { report, stats } from './harness';
import { startFleet } from './sensor-bench-kit';
import { benchSession } from './session-fixture';

const RUNS = Number(process.env.SCF_BENCH_IMPORT_CAPTURE_RUNS ?? 3);
const ROOT = process.cwd();

// The import worker, bundled as `npm run build` bundles it (it resolves packages from node_modules).
const workerDir = path.join(ROOT, 'node_modules', '.cache', 'scf-bench');
fs.mkdirSync(workerDir, { recursive: true });
const importWorker = path.join(workerDir, 'import-worker.mjs');
buildSync({ entryPoints: [path.join(ROOT, 'electron/node/features/recording/import-worker.ts')], outfile: importWorker, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });

function bigWav(): Buffer {
  const rate = 48_000;
  const frames = Math.floor((55 * 1024 * 1024) / 4);
  const samples = new Int16Array(frames * 2);
  for (let i = 0; i < samples.length; i += 1) samples[i] = Math.round(9000 * Math.sin(i * 0.0137) + 2000 * Math.sin(i * 0.31));
  return encodePcm16Wav(samples, rate, 2);
}

function pathologicalCsv(): Buffer {
  const columns = 2_000_000;
  const out = Buffer.alloc(columns * 14 + 16);
  let at = 0;
  for (let i = 0; i < columns; i += 1) at += out.write(i === 0 ? `col${i}` : `,col${i}`, at, 'latin1');
  at += out.write('\n', at, 'latin1');
  for (let i = 0; i < columns; i += 1) at += out.write(i === 0 ? '0' : `,${i % 10}`, at, 'latin1');
  at += out.write('\n', at, 'latin1');
  return out.subarray(0, at);
}

const wav = bigWav();
const csv = pathologicalCsv();

const fleet = await startFleet(['--tcp', '4']);
// A generous handshake: on a shared, loaded machine a sensor's first answer can take longer than 1.5 s.
const { call, sessionId, done } = await benchSession('import-during-capture', { importWorker }, { mdns: false, ingest: false, simulatorPortDir: null, timing: { handshakeMs: 5000 } });
for (const s of fleet.sensors) await call('sensors.add', { kind: 'tcp', host: '127.0.0.1', port: s.tcpPort });
const deviceIds = fleet.sensors.map((s) => s.deviceId);
for (let waited = 0; ; waited += 100) {
  const list = await call<{ entries: { key: string; state: string }[] }>('sensors.list', {});
  if (deviceIds.every((id) => list.entries.some((e) => e.key === id && e.state === 'connected'))) break;
  if (waited > 60_000) throw new Error('the simulated sensors did not connect');
  await new Promise((r) => setTimeout(r, 100));
}
const healthBefore = await Promise.all(deviceIds.map((deviceId) => call<SensorLinkHealth>('sensors.health', { deviceId })));

async function upload(name: string, bytes: Buffer): Promise<string> {
  const { uploadId } = await call<{ uploadId: string }>('uploads.begin', { name, bytes: bytes.length, purpose: 'recording' });
  for (let seq = 0, offset = 0; offset < bytes.length; seq += 1, offset += MAX_UPLOAD_CHUNK_BYTES) {
    await call('uploads.chunk', { uploadId, seq, data: bytes.subarray(offset, offset + MAX_UPLOAD_CHUNK_BYTES).toString('base64') });
  }
  return uploadId;
}

const loop = monitorEventLoopDelay({ resolution: 1 });
const capture = await call<{ id: string }>('captures.start', { sessionId, source: { kind: 'sensor', deviceIds }, durationS: null });
loop.enable();

// The machine's load, once a second while the imports run.
const loads: number[] = [];
const loadTimer = setInterval(() => loads.push(os.loadavg()[0]!), 1000);

// The probe: a cheap call every 100 ms, timed from send to answer.
const answers: number[] = [];
let probing = true;
const probe = (async () => {
  while (probing) {
    const t = performance.now();
    await call('captures.active', {});
    answers.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 100));
  }
})();

const wavImportS: number[] = [];
const csvImportS: number[] = [];
for (let run = 0; run < RUNS; run += 1) {
  const wavId = await upload('big.wav', wav);
  let t = performance.now();
  await call('recordings.import', { sessionId, uploadId: wavId });
  wavImportS.push((performance.now() - t) / 1000);
  const csvId = await upload('wide.csv', csv);
  t = performance.now();
  await call('recordings.import', { sessionId, uploadId: csvId }).catch(() => undefined); // refused: not a recording
  csvImportS.push((performance.now() - t) / 1000);
}
probing = false;
clearInterval(loadTimer);
await probe;
await call('captures.stop', { captureId: capture.id });
loop.disable();

const healthAfter = await Promise.all(deviceIds.map((deviceId) => call<SensorLinkHealth>('sensors.health', { deviceId })));
const lost = healthAfter.reduce((n, h, i) => n + h.lostSamples.audio + h.lostSamples.vibration - healthBefore[i]!.lostSamples.audio - healthBefore[i]!.lostSamples.vibration, 0);
const drops = healthAfter.reduce((n, h, i) => n + h.disconnects + h.stalls - healthBefore[i]!.disconnects - healthBefore[i]!.stalls, 0);
const detail = await call<SessionDetail>('sessions.get', { id: sessionId });
const captured = detail.recordings.filter((r) => r.source === 'sensor');
const gaps = captured.reduce((n, r) => n + r.gaps.length, 0);
const missingFrames = captured.filter((r) => r.stream === 'audio').reduce((n, r) => n + r.gaps.reduce((m, g) => m + (g.missingFrames ?? 0), 0), 0);
const api = stats(answers);
const delay = (ns: number) => Math.max(0, ns / 1e6 - 1);

console.log(`4 sensors, ${RUNS} x (55 MB WAV + 21 MB two-million-column CSV) imported during the capture`);
console.log(`samples lost on the links: ${lost}; link stalls/drops: ${drops}; recording gaps: ${gaps} (${missingFrames} audio frames missing)`);
console.log(`API answer (captures.active, n=${api.n}): median ${api.median.toFixed(1)} ms, p90 ${api.p90.toFixed(1)} ms, max ${api.max.toFixed(1)} ms; under 200 ms: ${((answers.filter((a) => a < 200).length / answers.length) * 100).toFixed(1)} %`);
console.log(`import: WAV median ${stats(wavImportS).median.toFixed(1)} s, CSV (refused) median ${stats(csvImportS).median.toFixed(2)} s`);
console.log(`event-loop delay: p50 ${delay(loop.percentile(50)).toFixed(1)} ms, p99 ${delay(loop.percentile(99)).toFixed(1)} ms, max ${delay(loop.max).toFixed(1)} ms`);
const load = stats(loads.length > 0 ? loads : [os.loadavg()[0]!]);
console.log(`machine load average (1 min, ${os.cpus().length} cores) during the imports: median ${load.median.toFixed(1)}, max ${load.max.toFixed(1)}`);
report('import-during-capture', {
  sensors: 4,
  runs: RUNS,
  samplesLost: lost,
  linkStallsAndDrops: drops,
  recordingGaps: gaps,
  audioFramesMissing: missingFrames,
  apiAnswerMs: api,
  apiUnder200msPercent: (answers.filter((a) => a < 200).length / answers.length) * 100,
  wavImportS: stats(wavImportS),
  csvImportS: stats(csvImportS),
  eventLoopDelayMs: { p50: delay(loop.percentile(50)), p99: delay(loop.percentile(99)), max: delay(loop.max) },
  loadAverage1m: { median: load.median, max: load.max, cores: os.cpus().length },
});
await fleet.stop();
await done();
