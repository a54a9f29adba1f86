/**
 * Import speed, in seconds of audio imported per second: the whole path a dropped file takes
 * (chunked upload through the dispatcher as base64, full decode and checks, the anti-aliased
 * 16 kHz analysis copy, the atomic commit), and the import alone, for the files technicians bring:
 * a phone or recorder WAV (48 kHz 16-bit stereo), a 24-bit 96 kHz WAV, a 16 kHz mono WAV (no
 * resampling needed), the real CWRU float recordings, and FLAC.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import wavefile from 'wavefile';
import { MAX_UPLOAD_CHUNK_BYTES } from '../../shared/contract';
import { report, stats } from './harness';
import { benchSession } from './session-fixture';

const RUNS = Number(process.env.SCF_BENCH_IMPORT_RUNS ?? 5);
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CWRU = '/work/shared/datasets/cwru-bearing';

const { dir, call, sessionId, done } = await benchSession('import');

function wav(bitDepth: string, channels: number, rate: number, seconds: number): Buffer {
  const w = new wavefile.WaveFile();
  const max = 2 ** (Number(bitDepth) - 1) - 1;
  const data = Array.from({ length: channels }, (_, c) =>
    Int32Array.from({ length: rate * seconds }, (_, i) => Math.round(max * 0.4 * Math.sin((2 * Math.PI * (58 + 500 * c) * i) / rate))),
  );
  w.fromScratch(channels, rate, bitDepth, data as unknown as number[][]);
  return Buffer.from(w.toBuffer());
}

/**
 * FLAC: encoded here with the reference encoder when it is installed (Debian package `flac`);
 * otherwise the repository's half-second fixture, whose import time is mostly per-file set-up.
 */
function flacCase(): { name: string; file: string; bytes: Buffer; audioS: number } {
  const source = path.join(dir, 'flac-source.wav');
  fs.writeFileSync(source, wav('16', 2, 44100, 60));
  const encoded = spawnSync('flac', ['-s', '-f', '-5', source, '-o', path.join(dir, 'long.flac')]);
  if (encoded.status === 0) return { name: 'FLAC 44.1 kHz 16-bit stereo, 60 s', file: 'long.flac', bytes: fs.readFileSync(path.join(dir, 'long.flac')), audioS: 60 };
  const bytes = fs.readFileSync(path.join(ROOT, 'electron/node/testing/audio-files/tone-16bit-stereo-44k.flac'));
  return { name: 'FLAC 44.1 kHz 16-bit stereo, 0.5 s (no flac encoder here for a longer one)', file: 'tone.flac', bytes, audioS: 0.5 };
}
const cwruFile = fs.existsSync(CWRU) ? fs.readdirSync(CWRU).find((f) => f.endsWith('.wav') && f.includes('48k')) : undefined;

const cases: { name: string; file: string; bytes: Buffer; audioS: number; stream?: 'vibration' }[] = [
  { name: 'WAV 48 kHz 16-bit stereo, 60 s', file: 'phone.wav', bytes: wav('16', 2, 48000, 60), audioS: 60 },
  { name: 'WAV 96 kHz 24-bit mono, 30 s', file: 'recorder.wav', bytes: wav('24', 1, 96000, 30), audioS: 30 },
  { name: 'WAV 16 kHz 16-bit mono, 60 s (no resampling)', file: 'sensor.wav', bytes: wav('16', 1, 16000, 60), audioS: 60 },
  flacCase(),
];
if (cwruFile) {
  const bytes = fs.readFileSync(path.join(CWRU, cwruFile));
  const frames = (bytes.length - 44) / 4;
  cases.push({ name: `CWRU ${cwruFile} (float, 48 kHz)`, file: cwruFile, bytes, audioS: frames / 48000 });
}

async function upload(name: string, bytes: Buffer): Promise<string> {
  const { uploadId } = await call<{ uploadId: string }>('uploads.begin', { name, bytes: bytes.length, purpose: 'recording' });
  for (let seq = 0, offset = 0; offset < bytes.length; seq += 1, offset += MAX_UPLOAD_CHUNK_BYTES) {
    await call('uploads.chunk', { uploadId, seq, data: bytes.subarray(offset, offset + MAX_UPLOAD_CHUNK_BYTES).toString('base64') });
  }
  return uploadId;
}

const results: Record<string, unknown> = {};
for (const c of cases) {
  const total: number[] = [];
  const importOnly: number[] = [];
  for (let run = 0; run <= RUNS; run += 1) {
    const t0 = performance.now();
    const uploadId = await upload(c.file, c.bytes);
    const t1 = performance.now();
    await call('recordings.import', { sessionId, uploadId, ...(c.stream ? { stream: c.stream } : {}) });
    const t2 = performance.now();
    if (run === 0) continue; // warm-up
    total.push(c.audioS / ((t2 - t0) / 1000));
    importOnly.push(c.audioS / ((t2 - t1) / 1000));
  }
  const a = stats(total);
  const b = stats(importOnly);
  console.log(`${c.name}: ${a.median.toFixed(0)} s of audio per s with the upload (p10 ${a.p10.toFixed(0)}, p90 ${a.p90.toFixed(0)}); import alone ${b.median.toFixed(0)} (p10 ${b.p10.toFixed(0)}, p90 ${b.p90.toFixed(0)}), n=${a.n}`);
  results[c.name] = { withUpload: a, importOnly: b, bytes: c.bytes.length, audioS: c.audioS };
}

await done();
report('import', { runs: RUNS, cases: results });
