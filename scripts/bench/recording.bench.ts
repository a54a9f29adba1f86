/**
 * Sustained recording: four simulated sensors at once over TCP (in their own process, so their
 * sample generation is not counted), each streaming 16 kHz audio, 3-axis vibration and readings,
 * through the sensor link into a real data folder for 10 minutes (SCF_BENCH_RECORDING_S to change
 * it; SCF_BENCH_SENSORS for another number of sensors). Measures the back end's CPU (link decoding included), the disk write rate, memory over time
 * and event-loop delay, with the recorder syncing files and committing readings as in the app.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { report, stats } from './harness';
import { startFleet } from './sensor-bench-kit';
import { benchSession } from './session-fixture';

const SECONDS = Number(process.env.SCF_BENCH_RECORDING_S ?? 600);
/** Four by default (a technician's usual set); SCF_BENCH_SENSORS=30 records the issue-12 fleet. */
const SENSORS = Number(process.env.SCF_BENCH_SENSORS ?? 4);
/** A capture takes at most 8 sensors (the contract's limit); the others stream without being recorded. */
const RECORDED = Math.min(8, SENSORS);
const WINDOW_S = Math.min(10, Math.max(1, Math.floor(SECONDS / 6)));

const fleet = await startFleet(['--tcp', String(SENSORS)]);
const { dir, call, sessionId, done } = await benchSession('recording', {}, { mdns: false, ingest: false, simulatorPortDir: null });
for (const s of fleet.sensors) await call('sensors.add', { kind: 'tcp', host: '127.0.0.1', port: s.tcpPort });
const deviceIds = fleet.sensors.map((s) => s.deviceId);
for (let waited = 0; ; waited += 100) {
  const list = await call<{ entries: { key: string; state: string }[] }>('sensors.list', {});
  if (deviceIds.every((id) => list.entries.some((e) => e.key === id && e.state === 'connected'))) break;
  if (waited > 60_000) throw new Error('the simulated sensors did not connect');
  await new Promise((r) => setTimeout(r, 100));
}

const bytesOnDisk = () => {
  let total = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else total += fs.statSync(p).size;
    }
  };
  walk(dir);
  return total;
};

// Sampled every millisecond; the figures below subtract that interval, leaving the delay itself.
const loop = monitorEventLoopDelay({ resolution: 1 });
const delayMs = (ns: number) => Math.max(0, ns / 1e6 - 1);
const capture = await call<{ id: string }>('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: deviceIds.slice(0, RECORDED) }, durationS: null });
const captureStartedMs = performance.now();
loop.enable();

const startBytes = bytesOnDisk();
const start = { wall: performance.now(), cpu: process.cpuUsage(), rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed };
const cpuWindows: number[] = [];
const writeWindows: number[] = [];
const rssSamples: { s: number; rss: number; heap: number }[] = [];
let last = { wall: start.wall, cpu: start.cpu, bytes: startBytes };
for (let elapsed = 0; elapsed < SECONDS; elapsed += WINDOW_S) {
  await new Promise((r) => setTimeout(r, WINDOW_S * 1000));
  const now = { wall: performance.now(), cpu: process.cpuUsage(), bytes: bytesOnDisk() };
  const wallUs = (now.wall - last.wall) * 1000;
  cpuWindows.push((100 * (now.cpu.user - last.cpu.user + now.cpu.system - last.cpu.system)) / wallUs);
  writeWindows.push((now.bytes - last.bytes) / ((now.wall - last.wall) / 1000));
  const mem = process.memoryUsage();
  rssSamples.push({ s: (now.wall - start.wall) / 1000, rss: mem.rss, heap: mem.heapUsed });
  last = now;
  process.stdout.write(`  ${Math.round((now.wall - start.wall) / 1000)} s: CPU ${cpuWindows.at(-1)!.toFixed(1)} %, ${(writeWindows.at(-1)! / 1024).toFixed(0)} KB/s, RSS ${(mem.rss / 1048576).toFixed(0)} MB\n`);
}
const recordedMs = performance.now() - captureStartedMs;
loop.disable();
await call('captures.stop', { captureId: capture.id });
await fleet.stop();
const detail = await call<{ recordings: { stream: string; frames: number; sampleRate: number | null; gaps: unknown[]; status: string }[] }>('sessions.get', { id: sessionId });
const totalBytes = bytesOnDisk();
await done();

const wallS = (last.wall - start.wall) / 1000;
const audio = detail.recordings.filter((r) => r.stream === 'audio');
const audioFrames = audio.reduce((n, r) => n + r.frames, 0) / audio.length;
const cpu = stats(cpuWindows);
const write = stats(writeWindows);
const firstHalf = rssSamples.slice(0, Math.ceil(rssSamples.length / 2));
const secondHalf = rssSamples.slice(Math.ceil(rssSamples.length / 2));
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const rssGrowthMbPerMin = secondHalf.length > 0 ? (avg(secondHalf.map((x) => x.rss)) - avg(firstHalf.map((x) => x.rss))) / 1048576 / ((avg(secondHalf.map((x) => x.s)) - avg(firstHalf.map((x) => x.s))) / 60) : 0;

console.log(`vibration at ${detail.recordings.find((r) => r.stream === 'vibration')?.sampleRate ?? '?'} Hz`);
console.log(`${SENSORS} sensors streaming, ${RECORDED} recorded, ${SECONDS} s (${WINDOW_S} s windows), ${detail.recordings.length} recordings, all ${[...new Set(detail.recordings.map((r) => r.status))].join('/')}, gaps: ${detail.recordings.reduce((n, r) => n + r.gaps.length, 0)}`);
console.log(`CPU (one core = 100 %): median ${cpu.median.toFixed(1)} % (p10 ${cpu.p10.toFixed(1)}, p90 ${cpu.p90.toFixed(1)}, n=${cpu.n})`);
console.log(`disk writes: median ${(write.median / 1024).toFixed(0)} KB/s (p10 ${(write.p10 / 1024).toFixed(0)}, p90 ${(write.p90 / 1024).toFixed(0)}); ${(totalBytes / 1048576).toFixed(1)} MB in total`);
console.log(`memory: RSS ${(start.rss / 1048576).toFixed(0)} -> ${(rssSamples.at(-1)!.rss / 1048576).toFixed(0)} MB, trend ${rssGrowthMbPerMin.toFixed(2)} MB/min; heap ${(start.heap / 1048576).toFixed(0)} -> ${(rssSamples.at(-1)!.heap / 1048576).toFixed(0)} MB`);
console.log(`event-loop delay: p50 ${delayMs(loop.percentile(50)).toFixed(1)} ms, p99 ${delayMs(loop.percentile(99)).toFixed(1)} ms, max ${delayMs(loop.max).toFixed(1)} ms`);
console.log(`audio kept per sensor: ${(audioFrames / 16000).toFixed(1)} s of ${(recordedMs / 1000).toFixed(1)} s recording (whole chunks)`);
report('recording', {
  sensors: SENSORS,
  recorded: RECORDED,
  loadAverage: os.loadavg()[0],
  seconds: SECONDS,
  wallS,
  cpuPercent: cpu,
  writeBytesPerSecond: write,
  totalBytes,
  rssStartMb: start.rss / 1048576,
  rssEndMb: rssSamples.at(-1)!.rss / 1048576,
  rssTrendMbPerMin: rssGrowthMbPerMin,
  eventLoopDelayMs: { p50: delayMs(loop.percentile(50)), p99: delayMs(loop.percentile(99)), max: delayMs(loop.max) },
  audioSecondsPerSensor: audioFrames / 16000,
  gaps: detail.recordings.reduce((n, r) => n + r.gaps.length, 0),
});
