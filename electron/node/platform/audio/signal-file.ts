import fs from 'node:fs/promises';
import path from 'node:path';
import { type CsvSignal, parseSignalCsv } from './csv';
import { SignalFileError } from './errors';
import { decodeFlac, isFlac } from './flac';
import { type DecodedAudio, decodeWav } from './wav';

/** Larger files are refused before reading: a whole-file decode must fit comfortably in memory. */
export const MAX_SIGNAL_FILE_BYTES = 1024 ** 3;

export type SignalFile =
  | { format: 'wav'; name: string; bytes: number; audio: DecodedAudio }
  | { format: 'flac'; name: string; bytes: number; audio: DecodedAudio }
  | { format: 'csv'; name: string; bytes: number; csv: CsvSignal };

/**
 * Reads a recording a technician brings from elsewhere (WAV, FLAC or CSV), by its content and
 * extension, refusing what it cannot use with the reason. Nothing is stored here: importers store
 * only after this has succeeded, so a refused file leaves nothing half-imported.
 *
 * `name` is the file's name as the technician knows it (an upload lands in a temp file): it is
 * used in messages and for the extension.
 */
export async function readSignalFile(file: string, options: { csvSampleRate?: number; name?: string } = {}): Promise<SignalFile> {
  const name = options.name ?? path.basename(file);
  let size: number;
  try {
    const stat = await fs.stat(file);
    // A folder (the path was cut short, or "/") is a bad path, not a failure of the app.
    if (!stat.isFile()) throw new SignalFileError(name, 'is a folder, not a file', 'Choose a WAV, FLAC or CSV file.');
    size = stat.size;
  } catch (error) {
    if (error instanceof SignalFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new SignalFileError(name, code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'unknown error'})`, 'Check the path and permissions.');
  }
  if (size > MAX_SIGNAL_FILE_BYTES) {
    throw new SignalFileError(name, `is ${(size / 1024 ** 3).toFixed(1)} GB`, 'Split it into parts under 1 GB.');
  }
  const bytes = await fs.readFile(file);
  const ext = path.extname(name).toLowerCase();
  // Content first: a recorder that names its files oddly still gets them read.
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF') return { format: 'wav', name, bytes: size, audio: decodeWav(bytes, name) };
  if (isFlac(bytes) || ext === '.flac') return { format: 'flac', name, bytes: size, audio: await decodeFlac(bytes, name) };
  if (ext === '.csv' || ext === '.txt') {
    return { format: 'csv', name, bytes: size, csv: parseSignalCsv(bytes.toString('utf8'), name, options.csvSampleRate ? { sampleRate: options.csvSampleRate } : {}) };
  }
  if (ext === '.wav' || ext === '.wave') return { format: 'wav', name, bytes: size, audio: decodeWav(bytes, name) };
  throw new SignalFileError(name, `has a type this app does not read (${ext || 'no extension'})`, 'Use WAV or FLAC for sound and vibration, CSV for vibration or readings.');
}
