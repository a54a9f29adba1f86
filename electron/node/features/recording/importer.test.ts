import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import wavefile from 'wavefile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recording } from '../../../../shared/contract';
import { decodeWav } from '../../platform/audio/wav';
import { type RecordingTestBackend, recordingBackend, sessionFor } from '../../testing/recording/recording-backend';
import { upload } from '../../testing/recording/upload';

const FIXTURES = path.join(import.meta.dirname, '..', '..', 'testing', 'audio-files');
const CWRU = '/work/shared/datasets/cwru-bearing';
const hasCwru = fs.existsSync(path.join(CWRU, 'labels.csv'));

let b: RecordingTestBackend;
let sessionId: string;
beforeAll(async () => {
  b = recordingBackend();
  await b.start();
  ({ sessionId } = await sessionFor(b));
});
afterAll(() => b.cleanup());

const sha = (bytes: Uint8Array) => crypto.createHash('sha256').update(bytes).digest('hex');
const stored = (relative: string) => fs.readFileSync(path.join(b.dataDir, relative));
const row = (id: string) => b.db.prepare('SELECT path, original_path, analysis_path FROM recordings WHERE id = ?').get(id) as { path: string | null; original_path: string; analysis_path: string | null };

async function importBytes(name: string, bytes: Uint8Array, options: Record<string, unknown> = {}): Promise<Recording> {
  const uploadId = await upload(b, name, bytes);
  const [recording] = await b.call<Recording[]>('recordings.import', { sessionId, uploadId, ...options });
  return recording!;
}

function wav(bitDepth: string, channels: number, sampleRate: number, frames: number): Uint8Array {
  const w = new wavefile.WaveFile();
  const float = bitDepth.endsWith('f');
  const max = bitDepth === '8' ? 127 : float ? 1 : 2 ** (Number(bitDepth) - 1) - 1;
  const offset = bitDepth === '8' ? 128 : 0;
  const data = Array.from({ length: channels }, (_, ch) =>
    Array.from({ length: frames }, (_, i) => {
      const v = 0.5 * Math.sin((2 * Math.PI * (300 + 100 * ch) * i) / sampleRate);
      return float ? v : Math.round(v * max) + offset;
    }),
  );
  w.fromScratch(channels, sampleRate, bitDepth, data);
  return w.toBuffer();
}

/** Nothing of a refused file may be left: no row, no file in recordings/, nothing in tmp/. */
function expectNothingLeft(before: { rows: number; files: number }) {
  expect((b.db.prepare('SELECT count(*) AS n FROM recordings').get() as { n: number }).n).toBe(before.rows);
  expect(countFiles('recordings')).toBe(before.files);
  const tmp = path.join(b.dataDir, 'tmp');
  expect(fs.existsSync(tmp) ? fs.readdirSync(tmp) : []).toEqual([]);
}
function countFiles(top: string): number {
  const base = path.join(b.dataDir, top);
  if (!fs.existsSync(base)) return 0;
  return fs.readdirSync(base, { recursive: true }).filter((f) => fs.statSync(path.join(base, String(f))).isFile()).length;
}
const snapshot = () => ({ rows: (b.db.prepare('SELECT count(*) AS n FROM recordings').get() as { n: number }).n, files: countFiles('recordings') });

describe('importing files', () => {
  for (const bits of ['8', '16', '24', '32', '32f']) {
    for (const [channels, rate] of [
      [1, 8000],
      [2, 44100],
      [6, 96000],
    ] as const) {
      it(`imports ${bits}-bit ${bits.endsWith('f') ? 'float' : 'PCM'} WAV, ${channels} channel(s) at ${rate} Hz, keeping the original and making a 16 kHz analysis copy`, async () => {
        const bytes = wav(bits, channels, rate, rate / 2);
        const r = await importBytes(`take-${bits}-${channels}.wav`, bytes);
        expect(r).toMatchObject({
          source: 'import',
          stream: 'audio',
          status: 'complete',
          stopReason: 'imported',
          sampleRate: rate,
          channels,
          frames: rate / 2,
          durationS: 0.5,
          originalName: `take-${bits}-${channels}.wav`,
          hasOriginal: true,
          sampleFormat: bits === '32f' ? 'float32' : `pcm${bits}`,
        });
        expect(r.peak).toBeCloseTo(0.5, 1);
        const paths = row(r.id);
        expect(sha(stored(paths.original_path))).toBe(sha(bytes));
        expect(paths.path).toBe(paths.original_path); // a WAV is played as it came
        const copy = decodeWav(stored(paths.analysis_path!), 'a.wav');
        expect(copy).toMatchObject({ sampleRate: 16000, encoding: 'float', frames: 8000 });
        expect(copy.channels).toHaveLength(1);
        const served = await b.serveFile(`/files/recordings/${r.id}.wav`, undefined);
        served.body?.resume();
        expect(served.status).toBe(200);
      });
    }
  }

  it('keeps a 16 kHz mono file as its own analysis copy', async () => {
    const r = await importBytes('sensor.wav', wav('16', 1, 16000, 1600));
    expect(row(r.id).analysis_path).toBe(row(r.id).path);
  });

  for (const [file, rate, channels, bits] of [
    ['tone-16bit-stereo-44k.flac', 44100, 2, 16],
    ['tone-24bit-mono-48k.flac', 48000, 1, 24],
  ] as const) {
    it(`imports FLAC (${bits}-bit, ${channels} ch, ${rate} Hz): original kept, a playable WAV made`, async () => {
      const bytes = fs.readFileSync(path.join(FIXTURES, file));
      const r = await importBytes(file, bytes);
      expect(r).toMatchObject({ stream: 'audio', sampleRate: rate, channels, frames: rate / 2, sampleFormat: 'float32', hasOriginal: true });
      const paths = row(r.id);
      expect(sha(stored(paths.original_path))).toBe(sha(bytes));
      const playable = decodeWav(stored(paths.path!), 'p.wav');
      expect(playable.frames).toBe(rate / 2);
      expect(playable.channels[0]![1000]).toBeCloseTo(0.5 * Math.sin((2 * Math.PI * 440 * 1000) / rate), 3);
    });
  }

  it('imports a vibration CSV as a 3-axis float WAV in g, keeping the CSV', async () => {
    const csv = ['time,x,y,z', ...Array.from({ length: 3200 }, (_, i) => `${(i / 3200).toFixed(6)},${(0.1 * Math.sin(i / 5)).toFixed(5)},0.02,-0.03`)].join('\n');
    const r = await importBytes('adxl.csv', Buffer.from(csv));
    expect(r).toMatchObject({ stream: 'vibration', sampleRate: 3200, channels: 3, frames: 3200, durationS: 1, sampleFormat: 'float32' });
    const w = decodeWav(stored(row(r.id).path!), 'v.wav');
    expect(w.channels[1]![10]).toBeCloseTo(0.02, 5);
    expect(row(r.id).analysis_path).toBeNull();
    expect(stored(row(r.id).original_path).toString()).toBe(csv);
  });

  it('imports a readings CSV into the readings table, in time order', async () => {
    const csv = 'timestamp,temperature,current,power\n2026-03-01T10:00:02Z,4.7,6.3,1420\n2026-03-01T10:00:00Z,4.5,6.1,1400\n2026-03-01T10:00:01Z,,6.2,1410\n';
    const r = await importBytes('logger.csv', Buffer.from(csv));
    expect(r).toMatchObject({ stream: 'readings', frames: 3, durationS: 2, startUs: Date.parse('2026-03-01T10:00:00Z') * 1000, mediaUrl: null });
    const { points } = await b.call<{ points: { tUs: number; temperatureC: number | null }[] }>('recordings.readings', { id: r.id });
    expect(points.map((p) => p.temperatureC)).toEqual([4.5, null, 4.7]);
  });

  it.runIf(hasCwru)('imports every real CWRU bearing recording (float WAV, 12 and 48 kHz) with its stated length', { timeout: 60_000 }, async () => {
    const labels = fs.readFileSync(path.join(CWRU, 'labels.csv'), 'utf8').trim().split('\n').slice(1);
    const rates = new Set<number>();
    for (const line of labels) {
      const [file, , , , , , rate, seconds] = line.split(',');
      const r = await importBytes(file!, fs.readFileSync(path.join(CWRU, file!)), { stream: 'vibration' });
      expect(r, file).toMatchObject({ stream: 'vibration', sampleFormat: 'float32', sampleRate: Number(rate), channels: 1 });
      expect(Math.abs(r.durationS! - Number(seconds)), file).toBeLessThan(0.01);
      // Acceleration in g, read from the samples themselves (not the header next to them).
      expect(r.peak!, file).toBeGreaterThan(0.05);
      expect(r.peak!, file).toBeLessThan(50);
      rates.add(r.sampleRate!);
    }
    expect([...rates].sort()).toEqual([12000, 48000]);
    // And as sound: the 48 kHz file gets an anti-aliased 16 kHz analysis copy of the same length.
    const file = labels.map((l) => l.split(',')).find((c) => c[6] === '48000')![0]!;
    const r = await importBytes(file, fs.readFileSync(path.join(CWRU, file)));
    const copy = decodeWav(stored(row(r.id).analysis_path!), 'a.wav');
    expect(copy.frames).toBe(Math.round((r.frames * 16000) / 48000));
  });
});

describe('refusing files that are not what they claim, with nothing half-imported', () => {
  const good = () => Buffer.from(wav('16', 1, 8000, 8000));
  const broken: [string, string, () => Uint8Array, RegExp][] = [
    ['a truncated WAV', 'cut.wav', () => good().subarray(0, 5000), /declares 16,000 bytes of samples but only 4,956 are present \(truncated\)/],
    ['a bad header', 'fake.wav', () => Buffer.from('this is a text file with a .wav name'), /is not a WAV file/],
    [
      'an absurd declared size',
      'huge.wav',
      () => {
        const bytes = good();
        bytes.writeUInt32LE(0x7ffffff0, 40);
        return bytes;
      },
      /truncated/,
    ],
    [
      'an unsupported encoding',
      'adpcm.wav',
      () => {
        const bytes = good();
        bytes.writeUInt16LE(0x11, 20);
        return bytes;
      },
      /unsupported encoding .* Export it as PCM/,
    ],
    ['a truncated FLAC', 'cut.flac', () => fs.readFileSync(path.join(FIXTURES, 'tone-16bit-stereo-44k.flac')).subarray(0, 9000), /\(truncated or damaged\)/],
    [
      'a damaged FLAC',
      'bad.flac',
      () => {
        const bytes = Buffer.from(fs.readFileSync(path.join(FIXTURES, 'tone-24bit-mono-48k.flac')));
        for (let i = 12_000; i < 12_040; i += 1) bytes[i] = bytes[i]! ^ 0x5a;
        return bytes;
      },
      /(truncated or damaged|damaged frame|checksum)/,
    ],
    ['a FLAC that is not one', 'fake.flac', () => Buffer.from('ID3 not flac at all, just words'), /is not a FLAC file/],
    ['an MP3', 'song.mp3', () => Buffer.from('ID3\u0003 mp3 data'), /has a type this app does not read \(\.mp3\)/],
    ['a CSV with a word among numbers', 'bad.csv', () => Buffer.from('time,x\n0,1\n0.001,oops\n0.002,3\n'), /"oops" in column "x" on data line 2/],
    ['a CSV with no known columns', 'odd.csv', () => Buffer.from('name,colour\na,b\n'), /found: name, colour/],
  ];
  for (const [what, name, bytes, reason] of broken) {
    it(`refuses ${what}, saying why`, async () => {
      const before = snapshot();
      const uploadId = await upload(b, name, bytes());
      await expect(b.call('recordings.import', { sessionId, uploadId })).rejects.toMatchObject({
        code: 'invalid_file',
        field: 'file',
        message: expect.stringMatching(reason),
      });
      expectNothingLeft(before);
      // New recordings are diagnosed in the background (insight): only this feature's own activities must be over.
      expect(b.activity.list().filter((a) => a.kind !== 'analysis')).toEqual([]);
    });
  }

  it('removes the files again when the rows cannot be committed', async () => {
    const before = snapshot();
    b.db.exec("CREATE TEMP TRIGGER refuse BEFORE INSERT ON recordings BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;");
    try {
      const uploadId = await upload(b, 'ok.flac', fs.readFileSync(path.join(FIXTURES, 'tone-24bit-mono-48k.flac')));
      await expect(b.call('recordings.import', { sessionId, uploadId })).rejects.toMatchObject({ code: 'internal' });
    } finally {
      b.db.exec('DROP TRIGGER refuse');
    }
    expectNothingLeft(before);
  });
});

describe('uploads', () => {
  it('acknowledges a repeated chunk, refuses one out of order, and refuses more bytes than announced', async () => {
    const { uploadId } = await b.call<{ uploadId: string }>('uploads.begin', { name: 'x.wav', bytes: 6, purpose: 'recording' });
    const data = (s: string) => Buffer.from(s).toString('base64');
    expect(await b.call('uploads.chunk', { uploadId, seq: 0, data: data('abc') })).toEqual({ received: 3, nextSeq: 1 });
    expect(await b.call('uploads.chunk', { uploadId, seq: 0, data: data('abc') })).toEqual({ received: 3, nextSeq: 1 });
    await expect(b.call('uploads.chunk', { uploadId, seq: 2, data: data('def') })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/send from chunk 1/) });
    await expect(b.call('recordings.import', { sessionId, uploadId })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/not completely uploaded \(3 of 6 bytes\)/) });
    await expect(b.call('uploads.chunk', { uploadId, seq: 1, data: data('defg') })).rejects.toMatchObject({ code: 'invalid_params' });
    await expect(b.call('uploads.chunk', { uploadId, seq: 1, data: data('d') })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses an import into a closed visit, and a photo upload used as a recording', async () => {
    const other = await sessionFor(b, 'Walk-in freezer');
    await b.call('sessions.update', { id: other.sessionId, status: 'closed' });
    const uploadId = await upload(b, 'x.wav', wav('16', 1, 8000, 800));
    await expect(b.call('recordings.import', { sessionId: other.sessionId, uploadId })).rejects.toMatchObject({ code: 'conflict' });
    const photo = await upload(b, 'x.wav', wav('16', 1, 8000, 800), 'photo');
    await expect(b.call('recordings.import', { sessionId, uploadId: photo })).rejects.toMatchObject({ code: 'invalid_params', field: 'uploadId' });
  });
});
