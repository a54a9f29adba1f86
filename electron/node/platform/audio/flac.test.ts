import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFlac, isFlac, readFlacStreamInfo } from './flac';

const FIXTURES = path.join(import.meta.dirname, '..', '..', 'testing', 'audio-files');
const tone16 = () => Buffer.from(fs.readFileSync(path.join(FIXTURES, 'tone-16bit-stereo-44k.flac')));
const tone24 = () => Buffer.from(fs.readFileSync(path.join(FIXTURES, 'tone-24bit-mono-48k.flac')));

describe('decodeFlac', () => {
  it('decodes 16-bit stereo and 24-bit mono to the waveforms that were encoded (made with the reference flac encoder)', async () => {
    const a = await decodeFlac(tone16(), 'a.flac');
    expect(a).toMatchObject({ sampleRate: 44100, frames: 22050, bitsPerSample: 16 });
    expect(a.channels).toHaveLength(2);
    expect(a.channels[1]![777]).toBeCloseTo(0.5 * Math.sin((2 * Math.PI * 550 * 777) / 44100), 4);
    const b = await decodeFlac(tone24(), 'b.flac');
    expect(b).toMatchObject({ sampleRate: 48000, frames: 24000, bitsPerSample: 24 });
    expect(b.channels[0]![12345]).toBeCloseTo(0.5 * Math.sin((2 * Math.PI * 440 * 12345) / 48000), 6);
  });

  it('refuses a file cut short, which the decoder alone would accept silently', async () => {
    await expect(decodeFlac(tone16().subarray(0, 15_000), 'cut.flac')).rejects.toThrow(/declares 22,050 samples but only [\d,]+ could be decoded \(truncated or damaged\)/);
  });

  it('refuses samples that do not match the file’s own MD5', async () => {
    const bytes = tone24();
    // Change one STREAMINFO MD5 byte: every frame still decodes, the checksum no longer matches.
    const md5At = 8 + 18;
    bytes[md5At] = bytes[md5At]! ^ 0xff;
    await expect(decodeFlac(bytes, 'md5.flac')).rejects.toThrow(/does not match its own checksum/);
  });

  it('refuses an absurd declared length before decoding anything', () => {
    const bytes = tone16();
    // total samples (36 bits) set to its maximum: 68 billion samples.
    bytes[8 + 13] = bytes[8 + 13]! | 0x0f;
    bytes.fill(0xff, 8 + 14, 8 + 18);
    expect(() => readFlacStreamInfo(bytes, 'huge.flac')).toThrow(/declares .* hours of 2-channel audio, too much to import at once/);
  });

  it('knows FLAC by its marker, after an ID3 tag too, and nothing else', () => {
    expect(isFlac(tone16())).toBe(true);
    const id3 = Buffer.concat([Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 4]), Buffer.from([0, 0, 0, 0]), tone16()]);
    expect(isFlac(id3)).toBe(true);
    expect(isFlac(Buffer.from('ID3 and then nothing'))).toBe(false);
    expect(isFlac(Buffer.from('RIFF'))).toBe(false);
  });
});
