import fs from 'node:fs';
import type { SampleFormat } from '../../../../shared/contract';
import type { CsvReadingRow } from '../../platform/audio/csv';
import { readSignalFile } from '../../platform/audio/signal-file';
import { type DecodedAudio, encodeFloat32Wav } from '../../platform/audio/wav';
import { isAnalysisReady, writeAnalysisCopy } from './analysis-copy';
import { sha256File, syncFileAsync } from './wav-appender';

/** What the importer asks for: the uploaded file, and temp files it may write derived copies to. */
export interface ImportJob {
  file: string;
  name: string;
  stream?: 'audio' | 'vibration' | undefined;
  csvSampleRate?: number | undefined;
  /** Where to write a playable WAV (FLAC, CSV waveforms) and the 16 kHz analysis copy, when needed. */
  wavTemp: string;
  analysisTemp: string;
}

/** Everything the importer needs to store the file, without its samples (they stay where they were decoded). */
export interface PreparedImport {
  format: 'wav' | 'flac' | 'csv';
  bytes: number;
  stream: 'audio' | 'vibration' | 'readings';
  sampleRate: number | null;
  channels: number | null;
  frames: number;
  sampleFormat: SampleFormat | null;
  /** A derived playable WAV was written to `wavTemp` (else the original is played). */
  wroteWav: boolean;
  /** An analysis copy was written to `analysisTemp` (else the recording itself is analysis-ready). */
  wroteAnalysis: boolean;
  level: { peak: number | null; clipped: number };
  /** A readings CSV, sorted by time. */
  readings: CsvReadingRow[] | null;
  /** The file the row points at (the derived WAV when one was written, else the original): its size and SHA-256. */
  stored: { bytes: number; sha256: string };
}

/**
 * The heavy half of an import: read and check the whole file, decode it, write the derived files,
 * measure its level. It runs in a worker thread (import-worker.ts) so that no file, however large
 * or pathological, holds up the event loop that carries live sensor data (issue 14, case 3);
 * nothing here touches the database or the data folder's final places.
 */
export async function prepareImport(job: ImportJob): Promise<PreparedImport> {
  const signal = await readSignalFile(job.file, { name: job.name, ...(job.csvSampleRate ? { csvSampleRate: job.csvSampleRate } : {}) });
  const out: PreparedImport = {
    format: signal.format,
    bytes: signal.bytes,
    stream: 'audio',
    sampleRate: null,
    channels: null,
    frames: 0,
    sampleFormat: null,
    wroteWav: false,
    wroteAnalysis: false,
    level: { peak: null, clipped: 0 },
    readings: null,
    stored: { bytes: 0, sha256: '' },
  };
  let audio: DecodedAudio | null = null;
  if (signal.format === 'wav' || signal.format === 'flac') {
    audio = signal.audio;
    out.stream = job.stream ?? 'audio';
    if (signal.format === 'wav') {
      out.sampleFormat = formatOf(audio);
    } else {
      out.sampleFormat = 'float32';
      await fs.promises.writeFile(job.wavTemp, encodeFloat32Wav(audio.channels, audio.sampleRate));
      out.wroteWav = true;
    }
  } else if (signal.csv.kind === 'vibration') {
    const csv = signal.csv;
    audio = { sampleRate: csv.sampleRate, channels: csv.channels, encoding: 'float', bitsPerSample: 32, frames: csv.channels[0]?.length ?? 0 };
    out.stream = 'vibration';
    out.sampleFormat = 'float32';
    await fs.promises.writeFile(job.wavTemp, encodeFloat32Wav(csv.channels, csv.sampleRate));
    out.wroteWav = true;
  } else {
    out.stream = 'readings';
    out.readings = [...signal.csv.rows].sort((a, b) => a.timeMs - b.timeMs);
    out.frames = out.readings.length;
  }
  if (audio) {
    out.sampleRate = audio.sampleRate;
    out.channels = audio.channels.length;
    out.frames = audio.frames;
    out.level = levelOf(audio);
    if (out.stream === 'audio' && !isAnalysisReady(audio.sampleRate, audio.channels.length)) {
      await writeAnalysisCopy(audio.channels, audio.sampleRate, job.analysisTemp);
      out.wroteAnalysis = true;
    }
  }
  // Made durable and hashed here, off the event loop: the loop then only renames and commits rows.
  await Promise.all([job.file, ...(out.wroteWav ? [job.wavTemp] : []), ...(out.wroteAnalysis ? [job.analysisTemp] : [])].map(syncFileAsync));
  const stored = out.wroteWav ? job.wavTemp : job.file;
  out.stored = { bytes: (await fs.promises.stat(stored)).size, sha256: await sha256File(stored) };
  return out;
}

function formatOf(audio: DecodedAudio): SampleFormat {
  if (audio.encoding === 'float') return audio.bitsPerSample === 64 ? 'float64' : 'float32';
  return `pcm${audio.bitsPerSample}` as SampleFormat;
}

/** Peak and clipped samples (integer formats: samples at the largest code). */
function levelOf(audio: DecodedAudio): { peak: number; clipped: number } {
  let peak = 0;
  let clipped = 0;
  const limit = audio.encoding === 'pcm' ? 1 - 1.5 / 2 ** (audio.bitsPerSample - 1) : Infinity;
  for (const channel of audio.channels) {
    for (let i = 0; i < channel.length; i += 1) {
      const a = Math.abs(channel[i]!);
      if (a > peak) peak = a;
      if (a >= limit) clipped += 1;
    }
  }
  return { peak, clipped };
}
