/**
 * The firmware's wire load at its default rates (16 kHz audio, 3,200 Hz vibration, 2 readings/s,
 * STATUS every 250 ms), measured with its host build on a pseudo-terminal: bytes per second on
 * the wire, and that as a share of what 921600 baud 8N1 carries (92,160 bytes/s). A pty has no
 * baud rate; the figure says how much headroom a real UART bridge leaves. Five 5 s runs.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SerialPort } from 'serialport';
import { ALL_STREAMS } from '../../electron/node/features/sensors/protocol/constants';
import { FrameDecoder } from '../../electron/node/features/sensors/protocol/decoder';
import { encodeMessage } from '../../electron/node/features/sensors/protocol/encoder';
import { fmt, report, stats } from './harness';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const HOST = path.join(ROOT, 'firmware', 'host');
const LINE_BYTES_PER_S = 921_600 / 10;
const RUNS = 5;
const SECONDS = 5;

execFileSync('make', ['-s', '-C', HOST, 'sensor']);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-fw-bench-'));
const fw = spawn(path.join(HOST, 'build', 'signalcraft-sensor'), ['--device-id', 'fw-bench', '--pty-dir', dir], { stdio: ['pipe', 'pipe', 'inherit'] });
await new Promise<void>((resolve) => fw.stdout.on('data', (c: Buffer) => c.toString().includes('device:') && resolve()));

const rates: number[] = [];
const frameRates: number[] = [];
let lost = 0;
for (let run = 0; run < RUNS; run += 1) {
  const port = new SerialPort({ path: path.join(dir, 'fw-bench'), baudRate: 921_600, hupcl: false, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  let bytes = 0;
  let frames = 0;
  let lastSeq = -1;
  let counting = false;
  const decoder = new FrameDecoder({
    onMessage: (h, m) => {
      if (m.type === 'ack' && m.op === 2) counting = true;
      if (!counting) return;
      frames += 1;
      if (lastSeq >= 0 && h.sequence !== lastSeq + 1) lost += h.sequence - lastSeq - 1;
      lastSeq = h.sequence;
    },
    // The firmware starts a new connection at a frame boundary (it clears its send buffer).
  }, { synced: true });
  port.on('data', (c: Buffer) => {
    if (counting) bytes += c.length;
    decoder.push(c);
  });
  port.write(Buffer.concat([Buffer.of(0), encodeMessage({ type: 'command', requestId: 1, command: { op: 'start', streams: ALL_STREAMS } }, 0, 0)]));
  const until = Date.now() + 5000;
  while (!counting && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  if (!counting) throw new Error('the firmware did not acknowledge START');
  const start = performance.now();
  const startBytes = bytes;
  const startFrames = frames;
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  const elapsed = (performance.now() - start) / 1000;
  rates.push((bytes - startBytes) / elapsed);
  frameRates.push((frames - startFrames) / elapsed);
  port.write(encodeMessage({ type: 'command', requestId: 2, command: { op: 'stop', streams: ALL_STREAMS } }, 1, 0));
  await new Promise<void>((resolve) => port.close(() => resolve()));
}
fw.kill('SIGTERM');
fs.rmSync(dir, { recursive: true, force: true });

console.log(`runs (B/s): ${rates.map((r) => r.toFixed(0)).join(", ")}`);
const bytesPerS = stats(rates);
const framesPerS = stats(frameRates);
const share = stats(rates.map((r) => (100 * r) / LINE_BYTES_PER_S));
console.log(`wire load: ${fmt(bytesPerS, 'B/s', 0)}; ${fmt(framesPerS, 'frames/s', 1)}; ${fmt(share, '% of 921600 baud', 1)}; frames lost ${lost}`);
report('firmware-pty', { bytesPerS, framesPerS, shareOf921600: share, framesLost: lost, runs: RUNS, seconds: SECONDS });
