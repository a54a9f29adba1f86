import fs from 'node:fs';
import path from 'node:path';
import wavefile from 'wavefile';
import { describe, expect, it } from 'vitest';
import { SignalFileError } from './errors';
import { decodeWav, encodePcm16Wav } from './wav';

const CWRU = '/work/shared/datasets/cwru-bearing';
const hasCwru = fs.existsSync(CWRU);

/** A reference file written by wavefile itself, for each encoding the importer must accept. */
function reference(bitDepth: string, channels: number, sampleRate: number, frames: number, value: (ch: number, i: number) => number): Uint8Array {
  const wav = new wavefile.WaveFile();
  const max = bitDepth === '8' ? 127 : bitDepth.endsWith('f') ? 1 : 2 ** (Number(bitDepth) - 1) - 1;
  const offset = bitDepth === '8' ? 128 : 0;
  const data = Array.from({ length: channels }, (_, ch) => Array.from({ length: frames }, (_, i) => Math.round(value(ch, i) * max) + offset));
  const floatData = Array.from({ length: channels }, (_, ch) => Array.from({ length: frames }, (_, i) => value(ch, i)));
  wav.fromScratch(channels, sampleRate, bitDepth, bitDepth.endsWith('f') ? floatData : data);
  return wav.toBuffer();
}

const sine = (ch: number, i: number) => 0.5 * Math.sin((2 * Math.PI * (440 + 110 * ch) * i) / 8000);

const refuse = (bytes: Uint8Array): SignalFileError => {
  try {
    decodeWav(bytes, 'clip.wav');
  } catch (error) {
    expect(error).toBeInstanceOf(SignalFileError);
    return error as SignalFileError;
  }
  throw new Error('expected the file to be refused');
};

describe('decodeWav', () => {
  for (const bits of ['8', '16', '24', '32', '32f']) {
    for (const channels of [1, 2, 6]) {
      it(`decodes ${bits}-bit ${bits.endsWith('f') ? 'float' : 'PCM'}, ${channels} channel(s), to the same waveform`, () => {
        const decoded = decodeWav(reference(bits, channels, 8000, 800, sine), 'x.wav');
        expect(decoded.sampleRate).toBe(8000);
        expect(decoded.channels).toHaveLength(channels);
        expect(decoded.frames).toBe(800);
        const tolerance = bits === '8' ? 0.01 : 1e-4;
        for (let ch = 0; ch < channels; ch += 1) {
          for (const i of [0, 1, 17, 399, 799]) expect(Math.abs(decoded.channels[ch]![i]! - sine(ch, i))).toBeLessThan(tolerance);
        }
      });
    }
  }

  it('keeps float values beyond ±1 (vibration in g)', () => {
    const decoded = decodeWav(reference('32f', 1, 1000, 10, (_c, i) => i - 5), 'g.wav');
    expect(Array.from(decoded.channels[0]!)).toEqual([-5, -4, -3, -2, -1, 0, 1, 2, 3, 4]);
  });

  it('round-trips its own PCM16 writer', () => {
    const samples = Int16Array.from({ length: 1600 }, (_, i) => Math.round(1000 * Math.sin(i / 7)));
    const decoded = decodeWav(encodePcm16Wav(samples, 16000), 'own.wav');
    expect(decoded.sampleRate).toBe(16000);
    expect(Math.round(decoded.channels[0]![10]! * 32768)).toBe(samples[10]);
  });

  it('refuses a truncated file, saying how much is missing', () => {
    const full = reference('16', 1, 8000, 8000, sine);
    const error = refuse(full.subarray(0, 5000));
    expect(error.message).toMatch(/declares 16,000 bytes of samples but only 4,956 are present \(truncated\)/);
  });

  it('refuses an absurd declared size', () => {
    const bytes = Buffer.from(reference('16', 1, 8000, 100, sine));
    bytes.writeUInt32LE(0x7ffffff0, 40);
    expect(refuse(bytes).message).toMatch(/truncated/);
  });

  it('refuses something that is not a WAV file at all', () => {
    expect(refuse(Buffer.from('ID3\u0003 an mp3 pretending')).message).toMatch(/not a WAV file/);
    expect(refuse(Buffer.from('RIFF')).message).toMatch(/too short/);
  });

  it('refuses compressed encodings with what to do instead', () => {
    const bytes = Buffer.from(reference('16', 1, 8000, 100, sine));
    bytes.writeUInt16LE(0x11, 20); // IMA ADPCM
    const error = refuse(bytes);
    expect(error.message).toMatch(/unsupported encoding/);
    expect(error.message).toMatch(/Export it as PCM/);
  });

  it('refuses impossible header values', () => {
    const rate = Buffer.from(reference('16', 1, 8000, 100, sine));
    rate.writeUInt32LE(0, 24);
    expect(refuse(rate).message).toMatch(/impossible sample rate/);
    const channels = Buffer.from(reference('16', 1, 8000, 100, sine));
    channels.writeUInt16LE(0, 22);
    expect(refuse(channels).message).toMatch(/declares 0 channels/);
    const align = Buffer.from(reference('16', 2, 8000, 100, sine));
    align.writeUInt16LE(3, 32);
    expect(refuse(align).message).toMatch(/inconsistent frame size/);
  });

  it('decodes samples whose data chunk starts at an odd offset, from a Node Buffer too', () => {
    // fmt of 18 bytes and a fact chunk put the samples at byte 58, not a multiple of 4.
    const frames = 64;
    const data = Buffer.alloc(frames * 4);
    for (let i = 0; i < frames; i += 1) data.writeFloatLE(0.01 * i - 0.3, i * 4);
    const fmt = Buffer.alloc(26);
    fmt.write('fmt ', 0);
    fmt.writeUInt32LE(18, 4);
    fmt.writeUInt16LE(3, 8);
    fmt.writeUInt16LE(1, 10);
    fmt.writeUInt32LE(1000, 12);
    fmt.writeUInt32LE(4000, 16);
    fmt.writeUInt16LE(4, 20);
    fmt.writeUInt16LE(32, 22);
    const fact = Buffer.from('fact\u0004\u0000\u0000\u0000\u0040\u0000\u0000\u0000', 'latin1');
    const head = Buffer.from('RIFF\u0000\u0000\u0000\u0000WAVE', 'latin1');
    const chunk = Buffer.alloc(8);
    chunk.write('data', 0);
    chunk.writeUInt32LE(data.length, 4);
    const file = Buffer.concat([head, fmt, fact, chunk, data]);
    file.writeUInt32LE(file.length - 8, 4);
    const decoded = decodeWav(file, 'odd.wav');
    expect(decoded.frames).toBe(frames);
    expect(decoded.channels[0]![0]).toBeCloseTo(-0.3, 6);
    expect(decoded.channels[0]![63]).toBeCloseTo(0.33, 6);
  });

  it.runIf(hasCwru)('decodes the real CWRU float recordings at 12 kHz and 48 kHz with their stated lengths and real values', () => {
    const labels = fs.readFileSync(path.join(CWRU, 'labels.csv'), 'utf8').trim().split('\n').slice(1);
    for (const line of labels) {
      const [file, , , , , , rate, seconds] = line.split(',');
      const decoded = decodeWav(fs.readFileSync(path.join(CWRU, file!)), file!);
      expect(decoded.encoding, file).toBe('float');
      expect(decoded.sampleRate, file).toBe(Number(rate));
      expect(Math.abs(decoded.frames / decoded.sampleRate - Number(seconds)), file).toBeLessThan(0.01);
      // Drive-end acceleration in g: finite, and neither silent nor absurd.
      let peak = 0;
      for (const v of decoded.channels[0]!) peak = Math.max(peak, Math.abs(v));
      expect(peak, file).toBeGreaterThan(0.05);
      expect(peak, file).toBeLessThan(50);
    }
  });
});
