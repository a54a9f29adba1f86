import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeWav } from '../../platform/audio/wav';
import { tempDir } from '../../testing/fixtures';
import { repairWav, WavAppender } from './wav-appender';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const pcm = (from: number, n: number) => {
  const samples = Int16Array.from({ length: n }, (_, i) => ((from + i) * 7) % 30000);
  return new Uint8Array(samples.buffer);
};

describe('WavAppender', () => {
  it('writes a WAV that decodes to exactly what was appended', async () => {
    const file = path.join(dir, 'a.wav');
    const w = WavAppender.create(file, { encoding: 'pcm', bitsPerSample: 16, channels: 1, sampleRate: 16000 });
    for (let k = 0; k < 10; k += 1) w.append(pcm(k * 1600, 1600));
    const done = await w.finalize();
    expect(done.frames).toBe(16000);
    expect(done.bytes).toBe(44 + 32000);
    expect(done.sha256).toMatch(/^[0-9a-f]{64}$/);
    const decoded = decodeWav(fs.readFileSync(file), 'a.wav');
    expect(decoded.frames).toBe(16000);
    expect(Math.round(decoded.channels[0]![12345]! * 32768)).toBe((12345 * 7) % 30000);
  });

  it('leaves a valid WAV of everything synced on disk at every sync, with no finalize', async () => {
    const file = path.join(dir, 'live.wav');
    const w = WavAppender.create(file, { encoding: 'float', bitsPerSample: 32, channels: 3, sampleRate: 3200 });
    w.append(new Uint8Array(new Float32Array(3 * 320).fill(0.25).buffer));
    await w.sync();
    expect(w.syncedFrames).toBe(320);
    const midway = decodeWav(fs.readFileSync(file), 'live.wav');
    expect(midway.frames).toBe(320);
    expect(midway.channels).toHaveLength(3);
    expect(midway.channels[2]![100]).toBeCloseTo(0.25, 6);
    // More data after the last sync: the header is behind, the data is there for repair.
    w.append(new Uint8Array(new Float32Array(3 * 64).fill(-1).buffer));
    expect(decodeWav(fs.readFileSync(file), 'live.wav').frames).toBe(320);
    await w.finalize();
    expect(decodeWav(fs.readFileSync(file), 'live.wav').frames).toBe(384);
  });

  it('refuses to overwrite an existing file and to append partial frames', () => {
    const file = path.join(dir, 'x.wav');
    fs.writeFileSync(file, 'keep me');
    expect(() => WavAppender.create(file, { encoding: 'pcm', bitsPerSample: 16, channels: 1, sampleRate: 16000 })).toThrow(/EEXIST/);
    expect(fs.readFileSync(file, 'utf8')).toBe('keep me');
    const w = WavAppender.create(path.join(dir, 'y.wav'), { encoding: 'pcm', bitsPerSample: 16, channels: 2, sampleRate: 16000 });
    expect(() => w.append(new Uint8Array(6))).toThrow(/whole 4-byte frames/);
  });
});

describe('repairWav', () => {
  it('sets the header to the whole frames on disk and drops a partial trailing frame', () => {
    const file = path.join(dir, 'cut.wav');
    const w = WavAppender.create(file, { encoding: 'pcm', bitsPerSample: 16, channels: 2, sampleRate: 8000 });
    w.append(new Uint8Array(4 * 1000));
    // The process dies here: the header still says 0 bytes, and half a frame made it to the disk.
    fs.appendFileSync(file, Buffer.from([1, 2, 3]));
    const repaired = repairWav(file);
    expect(repaired).toMatchObject({ frames: 1000, droppedBytes: 3, spec: { channels: 2, sampleRate: 8000, bitsPerSample: 16 } });
    expect(fs.statSync(file).size).toBe(44 + 4000);
    expect(decodeWav(fs.readFileSync(file), 'cut.wav').frames).toBe(1000);
  });

  it('has nothing to keep when the file or its header never reached the disk', () => {
    expect(repairWav(path.join(dir, 'missing.wav'))).toBeNull();
    const stub = path.join(dir, 'stub.wav');
    fs.writeFileSync(stub, Buffer.from('RIFF'));
    expect(repairWav(stub)).toBeNull();
  });
});
