/**
 * Thirty simulated sensors on the LAN at once, each streaming 16 kHz audio (32 KB/s, the existing
 * system's load-test target) plus vibration and readings, over real TCP, into one back end that
 * also serves the live view of four of them (serialised as the WebSocket would). Reports lost
 * frames (target 0), event-loop lag p99 (target under 20 ms), CPU and memory of the back end.
 * The sensors run in a separate process and are not counted. SCF_BENCH_SECONDS (default 120).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { report } from './harness';
import { benchHub, benchSeconds, sleep, startFleet, until } from './sensor-bench-kit';

const SENSORS = Number(process.env.SCF_BENCH_SENSORS ?? 30);
const seconds = benchSeconds(120);
const fleet = await startFleet(['--tcp', String(SENSORS)]);
const { hub, events, close } = benchHub({});
let uiBytes = 0;

try {
  await hub.start();
  for (const s of fleet.sensors) await hub.add({ kind: 'tcp', host: '127.0.0.1', port: s.tcpPort! });
  await until('all connected', () => fleet.sensors.every((s) => hub.health(s.deviceId)?.state === 'connected'), 60_000);
  await sleep(3000);

  const ids = fleet.sensors.map((s) => s.deviceId);
  const watched = ids.slice(0, 4);
  const sum = (pick: (h: NonNullable<ReturnType<typeof hub.health>>) => number) => ids.reduce((n, id) => n + pick(hub.health(id)!), 0);
  const start = { frames: sum((h) => h.frames), lost: sum((h) => h.framesLost), bad: sum((h) => h.badFrames), bytes: sum((h) => h.bytes) };
  const sent0 = await fleet.stats();
  global.gc?.();
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let peakRss = 0;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 1000);
  // Four pages, one sensor each, as four WebSockets would carry them.
  const pages = watched.map((id) => {
    const page = events.connect({ deliver: (message) => (uiBytes += JSON.stringify(message).length) });
    hub.live.subscribe(page, [id], ['waveform', 'spectrogram', 'readings']);
    return page;
  });
  uiBytes = 0;
  await sleep(seconds * 1000);
  for (const page of pages) page.close();
  clearInterval(sampler);
  lag.disable();
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await sleep(1000);
  const sent1 = await fleet.stats();
  const overflow = ids.reduce((n, id) => n + sent1[id]!.framesOverflowed - sent0[id]!.framesOverflowed, 0);
  const sent = ids.reduce((n, id) => n + sent1[id]!.framesSent - sent0[id]!.framesSent, 0);
  const audioBytes = ids.reduce((n, id) => n + (sent1[id]!.audioSamplesSent - sent0[id]!.audioSamplesSent) * 2, 0);

  const result = {
    sensors: SENSORS,
    seconds: Math.round(wall),
    framesSent: sent,
    framesReceived: sum((h) => h.frames) - start.frames,
    framesLost: sum((h) => h.framesLost) - start.lost,
    badFrames: sum((h) => h.badFrames) - start.bad,
    sensorOverflowDrops: overflow,
    audioKBpsPerSensor: audioBytes / wall / SENSORS / 1024,
    wireKBps: (sum((h) => h.bytes) - start.bytes) / wall / 1024,
    // The histogram holds the sampling timer's interval (10 ms) plus the lag: subtract it.
    eventLoopLagMs: {
      p50: Math.max(0, lag.percentile(50) / 1e6 - 10),
      p99: Math.max(0, lag.percentile(99) / 1e6 - 10),
      max: Math.max(0, lag.max / 1e6 - 10),
    },
    cpuPercent: ((cpu.user + cpu.system) / 1e6 / wall) * 100,
    peakRssMB: peakRss / 1024 / 1024,
    peakHeapMB: peakHeap / 1024 / 1024,
    uiKBps: uiBytes / wall / 1024,
  };
  console.log(`${SENSORS} LAN sensors for ${result.seconds} s (${result.audioKBpsPerSensor.toFixed(1)} KB/s of audio each, ${(result.wireKBps / 1024).toFixed(2)} MB/s on the wire):`);
  console.log(`  frames sent ${sent}, received ${result.framesReceived}, lost ${result.framesLost}, damaged ${result.badFrames}, dropped by sensors (backlog) ${overflow}`);
  console.log(`  event-loop lag p50 ${result.eventLoopLagMs.p50.toFixed(1)} ms, p99 ${result.eventLoopLagMs.p99.toFixed(1)} ms, max ${result.eventLoopLagMs.max.toFixed(1)} ms`);
  console.log(`  CPU ${result.cpuPercent.toFixed(1)} % of one core; peak RSS ${result.peakRssMB.toFixed(0)} MB, heap ${result.peakHeapMB.toFixed(0)} MB; live view of 4 sensors ${result.uiKBps.toFixed(1)} KB/s`);
  report('sensor-lan', result);
} finally {
  await close();
  await fleet.stop();
}
