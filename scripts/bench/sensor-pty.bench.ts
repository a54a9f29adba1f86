/**
 * One sensor streaming audio (16 kHz), vibration (1.6 kHz) and readings over a real pseudo-
 * terminal for 5 minutes (SCF_BENCH_SECONDS to shorten), through the real serial process, with
 * its live view watched (decimated frames serialised as the WebSocket would). Reports lost
 * frames (target 0) and the back end's CPU for that sensor: the back-end process plus the
 * serial process. The simulated sensor runs in a process of its own and is not counted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nodeLauncher } from '../../electron/node/platform/process/launcher';
import { silentLogger } from '../../electron/node/platform/logging/log';
import { SerialHost } from '../../electron/node/features/sensors/serial/serial-host';
import { bundleSerialChild } from '../../electron/node/testing/sensors/serial-child-bundle';
import { report } from './harness';
import { benchHub, benchSeconds, processCpuSeconds, sleep, startFleet, until } from './sensor-bench-kit';

const seconds = benchSeconds(300);
const portDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-bench-pty-'));
const child = bundleSerialChild();
const fleet = await startFleet(['--serial', portDir]);
const serial = new SerialHost(nodeLauncher, child.entry, silentLogger());
const { hub, events, close } = benchHub({ serial, simulatorPortDir: portDir });
let uiBytes = 0;

try {
  await hub.start();
  await until('the simulated sensor found', () => hub.snapshot().entries.some((e) => e.key === 'fleet-pty' && e.state === 'found'));
  hub.connect('fleet-pty');
  await until('connected', () => hub.health('fleet-pty')?.state === 'connected');
  await sleep(2000); // settle: streams started, first time syncs in

  const start = hub.health('fleet-pty')!;
  const sentBefore = (await fleet.stats())['fleet-pty']!;
  const cpu0 = process.cpuUsage();
  const childCpu0 = processCpuSeconds(serial.pid!);
  const t0 = performance.now();
  // One page showing the sensor, as a WebSocket would carry it.
  const page = events.connect({ deliver: (message) => (uiBytes += JSON.stringify(message).length) });
  hub.live.subscribe(page, ['fleet-pty'], ['waveform', 'spectrogram', 'readings']);
  uiBytes = 0;
  const lagChecks: number[] = [];
  const progress = setInterval(() => {
    const h = hub.health('fleet-pty')!;
    lagChecks.push(h.framesLost);
    process.stdout.write(`  ${Math.round((performance.now() - t0) / 1000)} s: ${h.frames - start.frames} frames, lost ${h.framesLost}, bad ${h.badFrames}\n`);
  }, 30_000);
  await sleep(seconds * 1000);
  clearInterval(progress);
  page.close();
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const childCpu = processCpuSeconds(serial.pid!) - childCpu0;
  await sleep(1000); // frames in flight
  const end = hub.health('fleet-pty')!;
  const sentAfter = (await fleet.stats())['fleet-pty']!;

  const backendCpu = (cpu.user + cpu.system) / 1e6;
  const result = {
    seconds: Math.round(wall),
    framesReceived: end.frames - start.frames,
    framesSentBySensor: sentAfter.framesSent - sentBefore.framesSent,
    framesLost: end.framesLost - start.framesLost,
    badFrames: end.badFrames - start.badFrames,
    sensorOverflowDrops: sentAfter.framesOverflowed - sentBefore.framesOverflowed,
    audioSamplesLost: end.lostSamples.audio - start.lostSamples.audio,
    bytesPerSecond: Math.round((end.bytes - start.bytes) / wall),
    backendCpuPercent: (backendCpu / wall) * 100,
    serialProcessCpuPercent: (childCpu / wall) * 100,
    totalCpuPercentPerSensor: ((backendCpu + childCpu) / wall) * 100,
    uiBytesPerSecond: Math.round(uiBytes / wall),
    latencyMs: end.latencyAvgMs,
  };
  console.log(`one sensor over a pty for ${result.seconds} s:`);
  console.log(`  frames sent ${result.framesSentBySensor}, received ${result.framesReceived}, lost ${result.framesLost}, damaged ${result.badFrames}, dropped by the sensor (backlog) ${result.sensorOverflowDrops}`);
  console.log(`  ${(result.bytesPerSecond / 1024).toFixed(1)} KB/s on the wire; live view ${(result.uiBytesPerSecond / 1024).toFixed(1)} KB/s to the UI`);
  console.log(`  CPU: back end ${result.backendCpuPercent.toFixed(1)} %, serial process ${result.serialProcessCpuPercent.toFixed(1)} %, total ${result.totalCpuPercentPerSensor.toFixed(1)} % of one core`);
  console.log(`  time-sync latency ${result.latencyMs} ms`);
  report('sensor-pty', result);
} finally {
  await close();
  await fleet.stop();
  child.cleanup();
  fs.rmSync(portDir, { recursive: true, force: true });
}
