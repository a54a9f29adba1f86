/**
 * Codec saturation on one core: a realistic sensor stream (16 kHz audio in 256-sample frames,
 * 1.6 kHz vibration, readings, heartbeats), 64 MB of it, decoded in 64 KB chunks as a socket or
 * serial port hands them over. Target: 50 MB/s or more. Encoding is timed too (the simulator's
 * cost, and the host's for commands). The machine's limits are measured in the same run, per CPU
 * second like the decoder: a memory copy, zlib's CRC-32 and a plain JavaScript CRC-32.
 */
import { crc32 } from 'node:zlib';
import { FrameDecoder } from '../../electron/node/features/sensors/protocol/decoder';
import { encodeMessage } from '../../electron/node/features/sensors/protocol/encoder';
import type { ProtocolMessage } from '../../electron/node/features/sensors/protocol/messages';
import { BuiltInSource } from '../../electron/node/features/sensors/simulator/sample-source';
import { fmt, measure, report, stats } from './harness';

const TARGET_BYTES = 64 * 1024 * 1024;
const CHUNK = 64 * 1024;

// One second of a sensor's traffic, as message objects.
const source = new BuiltInSource({ condition: 'healthy', seed: 3 });
const second: ProtocolMessage[] = [];
for (let i = 0; i < 62; i += 1) {
  const samples = new Int16Array(256);
  source.audio(samples, i * 256, 16_000);
  second.push({ type: 'audio', sampleRate: 16_000, firstSample: i * 256, samples });
  if (i % 3 === 0) {
    const [x, y, z] = [new Float32Array(80), new Float32Array(80), new Float32Array(80)];
    source.vibration(x, y, z, (i / 3) * 80, 1600);
    second.push({ type: 'vibration', sampleRate: 1600, firstSample: (i / 3) * 80, scaleG: 1 / 256, x, y, z });
  }
  if (i % 16 === 0) second.push({ type: 'status', batteryPercent: 80, rssiDbm: -60, flags: 0, bootId: 7, droppedSamples: 0, freeHeapBytes: 180_000 });
}
second.push({ type: 'reading', temperatureC: 52, vibrationG: { x: 0.03, y: 0.03, z: 0.01 }, currentA: 4.3, powerW: 800, audioLevelDb: 85, quality: 0.97 });
second.push({ type: 'reading', temperatureC: 52.1, vibrationG: { x: 0.03, y: 0.03, z: 0.01 }, currentA: 4.31, powerW: 801, audioLevelDb: 85.2, quality: 0.97 });

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

let sequence = 0;
const encodeSecond = (): Uint8Array[] => second.map((m) => encodeMessage(m, sequence++, sequence * 1000));

// Build the stream once (and time the encoder while at it).
const frames: Uint8Array[] = [];
let bytes = 0;
const encodeStart = process.hrtime.bigint();
while (bytes < TARGET_BYTES) {
  for (const f of encodeSecond()) {
    frames.push(f);
    bytes += f.length;
  }
}
const encodeSeconds = Number(process.hrtime.bigint() - encodeStart) / 1e9;
const stream = new Uint8Array(bytes);
let at = 0;
for (const f of frames) {
  stream.set(f, at);
  at += f.length;
}
const frameCount = frames.length;
frames.length = 0;

let delivered = 0;
const decodeOnce = () => {
  delivered = 0;
  const decoder = new FrameDecoder({ onMessage: () => (delivered += 1) }, { synced: true });
  for (let i = 0; i < stream.length; i += CHUNK) decoder.push(stream.subarray(i, i + CHUNK));
  if (decoder.counters.badFrames !== 0 || delivered !== frameCount) throw new Error(`decoder lost frames: ${delivered}/${frameCount}`);
};

// Wall time suffers on a shared machine; CPU time of this process (all its threads, GC
// included) says what one core does when it has the core to itself.
const cpuSeconds: number[] = [];
const times = await measure(
  () => {
    const before = process.cpuUsage();
    decodeOnce();
    const used = process.cpuUsage(before);
    cpuSeconds.push((used.user + used.system) / 1e6);
  },
  { runs: 7, warmup: 1 },
);
cpuSeconds.splice(0, 1); // the warm-up pass

// The machine's limits in the same run, on the same stream and chunks: a memory copy, the
// platform's CRC-32 (zlib, what the decoder uses) and a plain JavaScript table CRC-32.
const copyTarget = new Uint8Array(CHUNK);
const perCpuSecond = async (what: () => void, runs = 7): Promise<number[]> => {
  const out: number[] = [];
  what();
  for (let r = 0; r < runs; r += 1) {
    const before = process.cpuUsage();
    what();
    const used = process.cpuUsage(before);
    out.push(stream.length / 1e6 / ((used.user + used.system) / 1e6));
  }
  return out;
};
const copyMB = await perCpuSecond(() => {
  for (let i = 0; i < stream.length; i += CHUNK) copyTarget.set(stream.subarray(i, i + CHUNK));
});
const zlibMB = await perCpuSecond(() => {
  let c = 0;
  for (let i = 0; i < stream.length; i += CHUNK) c = crc32(stream.subarray(i, i + CHUNK), c);
});
const jsMB = await perCpuSecond(() => {
  let c = 0;
  for (let i = 0; i < stream.length; i += CHUNK) c = tableCrc32(stream, i, Math.min(stream.length, i + CHUNK), c);
}, 3);

const mb = stream.length / 1e6;
const perCpu = stats(cpuSeconds.map((c) => mb / c));
const decodeMBps = { median: mb / (times.median / 1000), p10: mb / (times.p90 / 1000), p90: mb / (times.p10 / 1000) };
const sensorsPerCore = (decodeMBps.median * 1e6) / (stream.length / (frameCount / second.length));

console.log(`stream: ${mb.toFixed(1)} MB, ${frameCount} frames (average ${(stream.length / frameCount).toFixed(0)} bytes)`);
console.log(`decode: ${fmt(times)} per pass -> median ${decodeMBps.median.toFixed(0)} MB/s (p10 ${decodeMBps.p10.toFixed(0)}, p90 ${decodeMBps.p90.toFixed(0)})`);
console.log(`        per CPU second: median ${perCpu.median.toFixed(0)} MB (p10 ${perCpu.p10.toFixed(0)}, p90 ${perCpu.p90.toFixed(0)})`);
console.log(`        ${((frameCount / times.median) * 1000 / 1e6).toFixed(2)} M frames/s; at the wall-clock rate one core decodes about ${sensorsPerCore.toFixed(0)} sensors' traffic`);
const copy = stats(copyMB);
const zlibCrc = stats(zlibMB);
const jsCrc = stats(jsMB);
console.log(`encode: ${(mb / encodeSeconds).toFixed(0)} MB/s (one pass, including payload building)`);
console.log(`limits in the same run, per CPU second: memory copy ${copy.median.toFixed(0)} MB (p10 ${copy.p10.toFixed(0)}, p90 ${copy.p90.toFixed(0)}), ` +
  `zlib crc32 ${zlibCrc.median.toFixed(0)} MB (p10 ${zlibCrc.p10.toFixed(0)}, p90 ${zlibCrc.p90.toFixed(0)}), JavaScript table CRC-32 ${jsCrc.median.toFixed(0)} MB`);
console.log(`decoder / memory copy: ${((perCpu.median / copy.median) * 100).toFixed(1)} %; decoder / JavaScript CRC-32: ${((perCpu.median / jsCrc.median) * 100).toFixed(0)} %`);
report('sensor-codec', {
  streamMB: mb,
  frames: frameCount,
  decodePassMs: times,
  decodeMBps,
  decodeMBperCpuSecond: perCpu,
  memoryCopyMBperCpuSecond: copy,
  zlibCrc32MBperCpuSecond: zlibCrc,
  jsCrc32MBperCpuSecond: jsCrc,
  decoderVsMemoryCopy: perCpu.median / copy.median,
  encodeMBps: mb / encodeSeconds,
  targetMBps: 50,
});

/** The textbook table CRC-32 (reflected, 0xEDB88320): what the decoder would cost in plain JavaScript. */
function tableCrc32(bytes: Uint8Array, from: number, to: number, previous: number): number {
  let c = ~previous >>> 0;
  for (let i = from; i < to; i += 1) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
