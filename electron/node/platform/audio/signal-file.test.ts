import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/fixtures';
import { readSignalFile } from './signal-file';
import { encodePcm16Wav } from './wav';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

describe('readSignalFile', () => {
  it('reads WAV by content even with another extension, and CSV by extension', async () => {
    const wav = path.join(dir, 'clip.dat');
    fs.writeFileSync(wav, encodePcm16Wav(new Int16Array(160), 16000));
    const a = await readSignalFile(wav);
    expect(a.format === 'wav' && a.audio.frames).toBe(160);
    const csv = path.join(dir, 'v.csv');
    fs.writeFileSync(csv, 'time,x\n0,1\n0.001,2\n0.002,3\n');
    const b = await readSignalFile(csv);
    expect(b.format === 'csv' && b.csv.kind).toBe('vibration');
  });

  it('refuses missing files and unknown types with the file name and what to do', async () => {
    await expect(readSignalFile(path.join(dir, 'nope.wav'))).rejects.toThrow(/nope\.wav does not exist/);
    await expect(readSignalFile(dir)).rejects.toMatchObject({ code: 'invalid_file', message: expect.stringMatching(/is a folder, not a file\. Choose a WAV/) });
    const mp3 = path.join(dir, 'song.mp3');
    fs.writeFileSync(mp3, 'ID3');
    await expect(readSignalFile(mp3)).rejects.toThrow(/song\.mp3 has a type this app does not read \(\.mp3\)\. Use WAV/);
  });
});
