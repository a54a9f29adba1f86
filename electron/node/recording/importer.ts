import fs from 'node:fs';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { AppError, type Recording, type SampleFormat } from '../../../shared/contract';
import { readSignalFile, type SignalFile } from '../audio/signal-file';
import { type DecodedAudio, encodeFloat32Wav } from '../audio/wav';
import type { Db } from '../storage/database';
import { isAnalysisReady, writeAnalysisCopy } from './analysis-copy';
import type { FileStore } from './file-store';
import { flushReadings, ReadingsWriter } from './readings-writer';
import type { NewRecording, RecordingsRepository } from './recordings-repository';
import type { SessionsRepository } from './sessions-repository';
import type { FinishedUpload } from './uploads';
import { writeRecordingSidecar, writeSessionSidecar } from './sidecars';
import { sha256File } from './wav-appender';

export interface ImporterDeps {
  db: Db;
  files: FileStore;
  sessions: SessionsRepository;
  recordings: RecordingsRepository;
  now: () => Date;
}

export interface ImportOptions {
  stream?: 'audio' | 'vibration' | undefined;
  csvSampleRate?: number | undefined;
}

interface PlannedFile {
  temp: string;
  relative: string;
}

/**
 * Imports a file into a session, all or nothing:
 *
 * 1. the whole file is read and checked (readSignalFile refuses truncated, damaged, mislabelled
 *    or unsupported files with the reason) before anything is stored;
 * 2. what the app derives from it (a WAV the app can play for FLAC and CSV waveforms, the mono
 *    16 kHz analysis copy for sound) is written to temp files;
 * 3. the files are moved into place (renames within the data folder), then the rows are committed
 *    in one transaction; if that fails, the files are removed again.
 *
 * The original is kept byte for byte. A crash between 3's renames and its commit leaves files no
 * row refers to, which the next start re-attaches from the sidecar written first (sidecars.ts).
 */
export async function importFile(deps: ImporterDeps, sessionId: string, upload: FinishedUpload, options: ImportOptions): Promise<Recording[]> {
  const { files, sessions, recordings } = deps;
  const session = sessions.get(sessionId);
  if (session.status === 'closed') throw new AppError('conflict', 'This visit is closed. Reopen it to add recordings.', 'sessionId');

  const signal = await readSignalFile(upload.file, { name: upload.name, ...(options.csvSampleRate ? { csvSampleRate: options.csvSampleRate } : {}) });
  const recordingId = uuidv7();
  const ext = path.extname(upload.name).toLowerCase() || (signal.format === 'csv' ? '.csv' : `.${signal.format}`);
  const originalRel = files.recordingFile(sessionId, recordingId, `.original${ext}`);
  const planned: PlannedFile[] = [{ temp: upload.file, relative: originalRel }];
  const at = deps.now().toISOString();
  const row: NewRecording = {
    id: recordingId,
    sessionId,
    captureId: null,
    deviceId: null,
    source: 'import',
    sourceLabel: null,
    stream: 'audio',
    status: 'complete',
    path: null,
    originalPath: originalRel,
    originalName: upload.name,
    sampleRate: null,
    channels: null,
    sampleFormat: null,
    startedAt: at,
  };
  let audio: DecodedAudio | null = null;
  let readings: ReadingsWriter | null = null;
  let readingRows: Extract<SignalFile, { format: 'csv' }>['csv'] | null = null;

  if (signal.format === 'wav' || signal.format === 'flac') {
    audio = signal.audio;
    row.stream = options.stream ?? 'audio';
    if (signal.format === 'wav') {
      row.path = originalRel; // a WAV is played and read as it came
      row.sampleFormat = formatOf(audio);
    } else {
      row.path = files.recordingFile(sessionId, recordingId, '.wav');
      row.sampleFormat = 'float32';
      planned.push(await writeTemp(files, `${recordingId}.wav`, row.path, (f) => fs.promises.writeFile(f, encodeFloat32Wav(audio!.channels, audio!.sampleRate))));
    }
  } else if (signal.csv.kind === 'vibration') {
    const csv = signal.csv;
    audio = { sampleRate: csv.sampleRate, channels: csv.channels, encoding: 'float', bitsPerSample: 32, frames: csv.channels[0]?.length ?? 0 };
    row.stream = 'vibration';
    row.path = files.recordingFile(sessionId, recordingId, '.wav');
    row.sampleFormat = 'float32';
    planned.push(await writeTemp(files, `${recordingId}.wav`, row.path, (f) => fs.promises.writeFile(f, encodeFloat32Wav(csv.channels, csv.sampleRate))));
  } else {
    row.stream = 'readings';
    readingRows = signal.csv;
  }

  if (audio) {
    row.sampleRate = audio.sampleRate;
    row.channels = audio.channels.length;
    if (row.stream === 'audio') {
      if (isAnalysisReady(audio.sampleRate, audio.channels.length)) {
        row.analysisPath = row.path;
      } else {
        row.analysisPath = files.recordingFile(sessionId, recordingId, '.analysis.wav');
        planned.push(await writeTemp(files, `${recordingId}.analysis.wav`, row.analysisPath, (f) => writeAnalysisCopy(audio!.channels, audio!.sampleRate, f)));
      }
    }
  }

  // Everything is written and checked: move into place, then commit the rows at once.
  const moved: string[] = [];
  try {
    if (row.path && row.stream !== 'readings') {
      writeSessionSidecar(deps.db, files, sessionId);
      writeRecordingSidecar(files, {
        id: recordingId,
        sessionId,
        captureId: null,
        deviceId: null,
        source: 'import',
        sourceLabel: null,
        stream: row.stream,
        startedAt: at,
        path: row.path,
        originalPath: originalRel,
        originalName: upload.name,
        analysisPath: row.analysisPath ?? null,
      });
      moved.push(files.recordingFile(sessionId, recordingId, '.json'));
    }
    for (const p of planned) {
      files.commit(p.temp, p.relative);
      moved.push(p.relative);
    }
    const canonical = row.path ? files.abs(row.path) : null;
    const sha256 = canonical ? await sha256File(canonical) : await sha256File(files.abs(originalRel));
    const bytes = canonical ? fs.statSync(canonical).size : signal.bytes;
    const level = audio ? levelOf(audio) : { peak: null, clipped: 0 };
    deps.db.transaction(() => {
      recordings.insert(row);
      let frames = audio?.frames ?? 0;
      let durationS = audio ? audio.frames / audio.sampleRate : null;
      let startUs: number | null = null;
      if (readingRows?.kind === 'readings') {
        readings = new ReadingsWriter(recordings.createSeries(recordingId));
        const sorted = [...readingRows.rows].sort((a, b) => a.timeMs - b.timeMs);
        for (const r of sorted) {
          readings.add({
            tUs: Math.round(r.timeMs * 1000),
            temperatureC: r.temperatureC,
            vibXG: r.vibrationG?.x ?? null,
            vibYG: r.vibrationG?.y ?? null,
            vibZG: r.vibrationG?.z ?? null,
            currentA: r.currentA,
            powerW: r.powerW,
            audioLevelDb: r.audioLevelDb,
            quality: null,
          });
        }
        flushReadings(deps.db, [readings]);
        frames = sorted.length;
        startUs = readings.firstUs;
        const last = sorted.at(-1);
        durationS = last && sorted[0] ? (last.timeMs - sorted[0].timeMs) / 1000 : 0;
      }
      recordings.finish(recordingId, {
        status: 'complete',
        stopReason: 'imported',
        frames,
        durationS,
        startUs,
        gaps: [],
        peak: level.peak,
        clippedSamples: level.clipped,
        bytes,
        sha256,
        endedAt: at,
      });
      sessions.touch(sessionId);
    })();
  } catch (error) {
    for (const rel of moved) files.remove(rel);
    for (const p of planned) fs.rmSync(p.temp, { force: true });
    throw error;
  }
  return [recordings.get(recordingId)];
}

async function writeTemp(files: FileStore, name: string, relative: string, write: (file: string) => Promise<void>): Promise<PlannedFile> {
  const temp = files.tempFile(`import-${name}`);
  await write(temp);
  return { temp, relative };
}

function formatOf(audio: DecodedAudio): SampleFormat {
  if (audio.encoding === 'float') return audio.bitsPerSample === 64 ? 'float64' : 'float32';
  return (`pcm${audio.bitsPerSample}` as SampleFormat);
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
