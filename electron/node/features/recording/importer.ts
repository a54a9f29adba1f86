import fs from 'node:fs';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { AppError, type Recording } from '../../../../shared/contract';
import type { Db } from '../../platform/storage/database';
import type { FileStore } from './file-store';
import type { PreparedImport } from './import-prepare';
import type { ImportWorkers } from './import-workers';
import { flushReadings, ReadingsWriter } from './readings-writer';
import type { NewRecording, RecordingsRepository } from './recordings-repository';
import type { SessionsRepository } from './sessions-repository';
import type { FinishedUpload } from './uploads';
import { writeRecordingSidecarAsync, writeSessionSidecarAsync } from './sidecars';

export interface ImporterDeps {
  db: Db;
  files: FileStore;
  sessions: SessionsRepository;
  recordings: RecordingsRepository;
  now: () => Date;
  workers: ImportWorkers;
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
 * 1. in a worker thread (import-prepare.ts, issue 14 case 3), the whole file is read and checked
 *    (readSignalFile refuses truncated, damaged, mislabelled or unsupported files with the
 *    reason) before anything is stored, and what the app derives from it (a WAV the app can play
 *    for FLAC and CSV waveforms, the mono 16 kHz analysis copy for sound) is written to temp files,
 *    synced and hashed;
 * 2. the files are moved into place (renames within the data folder, their syncs in libuv's
 *    thread pool), then the rows are committed in one transaction; if that fails, the files are
 *    removed again. The event loop that carries sensor data never waits for the disk here.
 *
 * The original is kept byte for byte. A crash between 3's renames and its commit leaves files no
 * row refers to, which the next start re-attaches from the sidecar written first (sidecars.ts).
 */
export async function importFile(deps: ImporterDeps, sessionId: string, upload: FinishedUpload, options: ImportOptions): Promise<Recording[]> {
  const { files, sessions, recordings } = deps;
  const session = sessions.get(sessionId);
  if (session.status === 'closed') throw new AppError('conflict', 'This visit is closed. Reopen it to add recordings.', 'sessionId');

  const recordingId = uuidv7();
  const wavTemp = files.tempFile(`import-${recordingId}.wav`);
  const analysisTemp = files.tempFile(`import-${recordingId}.analysis.wav`);
  let prepared: PreparedImport;
  try {
    // Reading, decoding, resampling: in a worker thread, never on the event loop that carries sensor data.
    prepared = await deps.workers.prepare({ file: upload.file, name: upload.name, stream: options.stream, csvSampleRate: options.csvSampleRate, wavTemp, analysisTemp });
  } catch (error) {
    fs.rmSync(wavTemp, { force: true });
    fs.rmSync(analysisTemp, { force: true });
    throw error;
  }
  const ext = path.extname(upload.name).toLowerCase() || (prepared.format === 'csv' ? '.csv' : `.${prepared.format}`);
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
    stream: prepared.stream,
    status: 'complete',
    path: null,
    originalPath: originalRel,
    originalName: upload.name,
    sampleRate: prepared.sampleRate,
    channels: prepared.channels,
    sampleFormat: prepared.sampleFormat,
    startedAt: at,
  };
  if (prepared.stream !== 'readings') {
    // A WAV is played and read as it came; FLAC and CSV waveforms through the WAV made from them.
    row.path = prepared.wroteWav ? files.recordingFile(sessionId, recordingId, '.wav') : originalRel;
    if (prepared.wroteWav) planned.push({ temp: wavTemp, relative: row.path });
    if (prepared.stream === 'audio') {
      row.analysisPath = prepared.wroteAnalysis ? files.recordingFile(sessionId, recordingId, '.analysis.wav') : row.path;
      if (prepared.wroteAnalysis) planned.push({ temp: analysisTemp, relative: row.analysisPath });
    }
  }

  // Everything is written and checked: move into place, then commit the rows at once.
  const moved: string[] = [];
  try {
    if (row.path && row.stream !== 'readings') {
      await writeSessionSidecarAsync(deps.db, files, sessionId);
      await writeRecordingSidecarAsync(files, {
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
      // Renames and directory syncs in libuv's thread pool: the event loop never waits for the disk here.
      await files.commitAsync(p.temp, p.relative);
      moved.push(p.relative);
    }
    // Size and SHA-256 of the file the row points at, measured in the worker (no hashing on the loop).
    const { bytes, sha256 } = prepared.stored;
    const readingRows = prepared.readings;
    deps.db.transaction(() => {
      recordings.insert(row);
      let durationS = prepared.sampleRate ? prepared.frames / prepared.sampleRate : null;
      let startUs: number | null = null;
      if (readingRows) {
        // Readings commit with the row, all or nothing: a readings CSV's rows are inserted here,
        // on the event loop (about 3 µs each); the parsing before it ran in the worker.
        const readings = new ReadingsWriter(recordings.createSeries(recordingId));
        for (const r of readingRows) {
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
        startUs = readings.firstUs;
        const last = readingRows.at(-1);
        durationS = last && readingRows[0] ? (last.timeMs - readingRows[0].timeMs) / 1000 : 0;
      }
      recordings.finish(recordingId, {
        status: 'complete',
        stopReason: 'imported',
        frames: prepared.frames,
        durationS,
        startUs,
        gaps: [],
        peak: prepared.level.peak,
        clippedSamples: prepared.level.clipped,
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
  } finally {
    fs.rmSync(wavTemp, { force: true });
    fs.rmSync(analysisTemp, { force: true });
  }
  return [recordings.get(recordingId)];
}
