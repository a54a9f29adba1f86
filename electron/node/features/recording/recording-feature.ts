import fs from 'node:fs';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { AppError, type ReadingPoint, type recordingMethods, type storageMethods } from '../../../../shared/contract';
import { appVersion } from '../../platform/app-meta';
import type { BackendContext, Feature } from '../../platform/feature';
import { contentTypeOf } from '../../platform/files/content-type';
import type { FileResolver } from '../../platform/files/file-routes';
import type { DeviceStreamSource } from '../sensors';
import { isAnalysisReady, writeAnalysisCopy } from './analysis-copy';
import { DEFAULT_DISK_GUARD, DiskGuard, type DiskGuardOptions, type FreeSpaceProbe, statfsProbe } from './disk-guard';
import { exportSession } from './exporter';
import { FileStore } from './file-store';
import { importFile } from './importer';
import { DEFAULT_IMPORT_WORKER, ImportWorkers } from './import-workers';
import { Recorder } from './recorder';
import { type RecorderClock, systemClock } from './recorder-clock';
import { RecordingsRepository } from './recordings-repository';
import { recoverInterrupted } from './recovery';
import { RecoveryNotices } from './recovery-notices';
import { sessionSidecarPath } from './sidecars';
import { readLock, releaseLock, writeLock } from '../../platform/storage/data-lock';
import { SessionsRepository } from './sessions-repository';
import { spectrogram } from './spectrogram';
import { Uploads } from './uploads';
import { WavReader } from './wav-reader';
import { buildOverview, type Overview, waveform } from './waveform';

export interface RecordingOptions {
  /** The sensor link's streams. Until the sensor link is wired in, `NO_SENSORS`. */
  source: DeviceStreamSource;
  /** Free-space probe (tests inject one); statfs of the data folder by default. */
  freeSpace?: FreeSpaceProbe;
  disk?: Partial<DiskGuardOptions>;
  /** The bundled import worker (tests pass a freshly bundled one; default dist/node/import-worker.js). */
  importWorker?: string;
  /** What start-up found of the database file (backend.ts): `missing`/`empty` beside recordings starts a rebuild from the files. */
  databaseState?: 'ok' | 'missing' | 'empty';
  /** The recorder's clock (tests drive it); the back end's `now` and `performance.now()` by default. */
  clock?: RecorderClock;
}

/** A source with no sensors: what recording sees until the sensor link is wired in. */
export const NO_SENSORS: DeviceStreamSource = { connected: () => [], subscribe: () => () => undefined };

const MAX_PHOTO_BYTES = 25 * 1024 * 1024;
const OVERVIEW_CACHE = 16;

export type RecordingFeature = Feature<keyof typeof recordingMethods | keyof typeof storageMethods> & {
  /** Start-up recovery (interrupted recordings, unknown files); runs once, before anything is served. */
  recover(): Promise<void>;
  /** Files the UI fetches under files/<prefix>/...: register them with the back end's FileRoutes. */
  fileRoutes: Record<string, FileResolver>;
  sessions: SessionsRepository;
  recordings: RecordingsRepository;
  importWorkers: ImportWorkers;
};

/**
 * Sessions, recording (sensors, microphone), imports, the session page's data, export and
 * recovery after a crash. Recording state lives in the Recorder; rows in the repositories; files
 * in the FileStore.
 */
export function recordingFeature(ctx: BackendContext, options: RecordingOptions): RecordingFeature {
  const files = new FileStore(ctx.dataDir);
  const sessions = new SessionsRepository(ctx.db, ctx.now);
  const recordings = new RecordingsRepository(ctx.db);
  const disk = new DiskGuard(ctx.dataDir, options.freeSpace ?? statfsProbe, { ...DEFAULT_DISK_GUARD, ...options.disk });
  const uploads = new Uploads(files, disk);
  const importWorkers = new ImportWorkers(options.importWorker ?? DEFAULT_IMPORT_WORKER, ctx.log);
  const pendingWork = new Set<Promise<unknown>>();
  const overviews = new Map<string, Overview>();
  const notices = new RecoveryNotices(ctx.db);
  let recovery: Promise<void> | null = null;
  let lockHeld = false;

  const changed = (sessionId: string, assetId: string, deleted?: boolean) =>
    ctx.events.emit('sessions.changed', deleted ? { sessionId, assetId, deleted } : { sessionId, assetId });

  const track = <T>(work: Promise<T>): Promise<T> => {
    pendingWork.add(work);
    void work.finally(() => pendingWork.delete(work)).catch(() => undefined);
    return work;
  };

  /** The mono 16 kHz copy of a microphone recording, made after it is final and off the hot path. */
  const makeAnalysisCopy = (recordingId: string) => {
    const work = (async () => {
      const row = recordings.row(recordingId);
      if (!row.path || !row.sample_rate) return;
      if (isAnalysisReady(row.sample_rate, row.channels ?? 1)) {
        recordings.setAnalysisPath(recordingId, row.path);
        return;
      }
      const reader = WavReader.open(files.abs(row.path));
      let samples: Float32Array;
      try {
        samples = reader.readChannel(0, 0, reader.frames);
      } finally {
        reader.close();
      }
      const relative = files.recordingFile(row.session_id, recordingId, '.analysis.wav');
      const temp = files.tempFile(`analysis-${recordingId}.wav`);
      await writeAnalysisCopy([samples], row.sample_rate, temp);
      files.commit(temp, relative);
      recordings.setAnalysisPath(recordingId, relative);
    })().catch((error: unknown) => ctx.log.warn({ err: error, recordingId }, 'the analysis copy of a recording could not be made'));
    void track(work);
  };

  const recorder = new Recorder({
    db: ctx.db,
    databaseFile: ctx.databaseFile,
    files,
    sessions,
    recordings,
    events: ctx.events,
    activity: ctx.activity,
    log: ctx.log,
    clock: options.clock ?? systemClock(ctx.now),
    source: options.source,
    disk,
    afterMicrophone: makeAnalysisCopy,
    onFinished: (visitId, recordingIds) => ctx.bus.emit('recordings.finished', { visitId, recordingIds }),
  });

  const readerFor = (id: string): { reader: WavReader; live: boolean } => {
    const row = recordings.row(id);
    if (row.stream === 'readings' || !row.path) throw new AppError('invalid_params', 'This recording holds readings, not samples.', 'id');
    try {
      return { reader: WavReader.open(files.abs(row.path)), live: row.status === 'recording' };
    } catch {
      throw new AppError('not_found', `The file of recording ${id} is missing from the data folder.`, 'id');
    }
  };

  const overviewOf = (id: string, channel: number, reader: WavReader, live: boolean): Overview => {
    const key = `${id}:${channel}`;
    const cached = overviews.get(key);
    if (cached && cached.frames === reader.frames) return cached;
    const built = buildOverview(reader, channel);
    if (!live) {
      overviews.set(key, built);
      if (overviews.size > OVERVIEW_CACHE) overviews.delete(overviews.keys().next().value!);
    }
    return built;
  };

  const fileRoutes: Record<string, FileResolver> = {
    recordings: (segments) => {
      const [first, second] = segments;
      if (!first) return null;
      if (segments.length === 1 && first.endsWith('.wav')) {
        const row = recordings.row(first.slice(0, -'.wav'.length));
        return row.path ? { path: files.abs(row.path), contentType: contentTypeOf(row.path) } : null;
      }
      if (segments.length === 2 && second === 'original') {
        const row = recordings.row(first);
        return row.original_path
          ? { path: files.abs(row.original_path), contentType: contentTypeOf(row.original_path), downloadName: row.original_name ?? path.basename(row.original_path) }
          : null;
      }
      return null;
    },
    photos: (segments) => {
      if (segments.length !== 1) return null;
      const row = sessions.photoRow(segments[0]!);
      return { path: files.abs(row.path), contentType: contentTypeOf(row.path) };
    },
    exports: (segments) => {
      if (segments.length !== 1 || !segments[0]!.endsWith('.zip')) return null;
      return { path: path.join(files.exportsDir, segments[0]!), contentType: 'application/zip', downloadName: segments[0]! };
    },
  };

  return {
    sessions,
    recordings,
    importWorkers,
    fileRoutes,
    recover: () => {
      recovery ??= (async () => {
        const lock = readLock(ctx.dataDir);
        if (lock.state === 'live' && lock.owner.pid !== process.pid) {
          // Another copy of the app (serve mode and the desktop app, say) uses this data folder and may be recording.
          ctx.log.warn({ pid: lock.owner.pid }, 'another SignalCraft Field process uses this data folder; interrupted recordings are left for it');
          return;
        }
        // Claimed before recovery: a second copy started meanwhile leaves this folder alone.
        writeLock(ctx.dataDir);
        lockHeld = true;
        const result = await recoverInterrupted({ db: ctx.db, files, recordings, sessions, notices, log: ctx.log, now: ctx.now, database: options.databaseState ?? 'ok' });
        const touched = new Set([...result.recovered.map((r) => r.sessionId), ...result.reattach.reattached.map((r) => r.sessionId)]);
        for (const sessionId of touched) changed(sessionId, sessions.get(sessionId).assetId);
      })();
      return recovery;
    },
    close: async () => {
      await recovery?.catch(() => undefined);
      await recorder.close();
      await Promise.allSettled([...pendingWork]);
      await importWorkers.close();
      uploads.close();
      if (lockHeld) releaseLock(ctx.dataDir);
    },
    handlers: {
      'sessions.create': (p) => {
        // The technician profile is stamped when the visit starts: a later change of Settings does not rewrite who came.
        const profile = ctx.settings.get();
        const session = sessions.create({ ...p, technician: profile.technicianName, technicianCompany: profile.technicianCompany, technicianLicence: profile.technicianLicence });
        changed(session.id, session.assetId);
        return session;
      },
      'sessions.get': (p) => ({
        ...sessions.get(p.id),
        recordings: recordings.forSession(p.id),
        devices: sessions.devices(p.id),
        photos: sessions.photos(p.id),
      }),
      'sessions.list': (p) => sessions.list(p),
      'sessions.update': (p) => {
        if (p.status === 'closed' && recorder.isRecording(p.id)) {
          throw new AppError('unavailable', 'Stop the recording before closing the visit.', 'status');
        }
        const before = sessions.get(p.id);
        const session = sessions.update(p.id, p);
        changed(session.id, session.assetId);
        ctx.bus.emit(p.status === 'closed' && before.status !== 'closed' ? 'visit.closed' : 'visit.changed', { visitId: session.id });
        return session;
      },
      'sessions.delete': (p) => {
        if (recorder.isRecording(p.id)) throw new AppError('unavailable', 'This visit is recording. Stop the recording before deleting it.', 'id');
        ctx.bus.check('visit.delete', { visitId: p.id });
        // The visit's sidecar goes first: files an interrupted delete leaves behind are quarantined, never brought back.
        files.remove(sessionSidecarPath(p.id));
        const { assetId, paths } = sessions.delete(p.id);
        for (const rel of paths) {
          try {
            files.remove(rel);
          } catch (error) {
            ctx.log.warn({ err: error, file: rel }, 'a deleted session file could not be removed; it goes at the next start');
          }
        }
        for (const dir of files.sessionDirs(p.id)) fs.rmSync(dir, { recursive: true, force: true });
        ctx.bus.emit('visit.deleted', { visitId: p.id });
        changed(p.id, assetId, true);
        return { deleted: true as const };
      },
      'sessions.export': (p) =>
        ctx.activity.during('export', `Exporting session ${p.id}`, async () => {
          const detail = {
            ...sessions.get(p.id),
            recordings: recordings.forSession(p.id),
            devices: sessions.devices(p.id),
            photos: sessions.photos(p.id),
          };
          const photoPaths = new Map(detail.photos.map((ph) => [ph.id, sessions.photoRow(ph.id).path]));
          return exportSession({ db: ctx.db, files, appVersion: appVersion() }, detail, recordings.rowsForSession(p.id), photoPaths);
        }),
      'sessions.addPhoto': async (p) => {
        const session = sessions.get(p.sessionId);
        const upload = await uploads.take(p.uploadId, 'photo');
        try {
          const ext = imageExtension(upload.file);
          if (!ext) throw new AppError('invalid_file', `${upload.name} is not a JPEG, PNG, WebP or HEIC photo.`, 'file');
          if (upload.bytes > MAX_PHOTO_BYTES) throw new AppError('invalid_file', `${upload.name} is larger than 25 MB.`, 'file');
          const id = uuidv7();
          const relative = files.photoFile(p.sessionId, id, ext);
          await files.commitAsync(upload.file, relative);
          try {
            const photo = sessions.addPhoto({ id, sessionId: p.sessionId, path: relative, caption: p.caption ?? null, takenAt: null });
            changed(session.id, session.assetId);
            ctx.bus.emit('visit.changed', { visitId: session.id });
            return photo;
          } catch (error) {
            files.remove(relative);
            throw error;
          }
        } finally {
          fs.rmSync(upload.file, { force: true });
        }
      },
      'sessions.deletePhoto': (p) => {
        const row = sessions.deletePhoto(p.id);
        files.remove(row.path);
        changed(row.session_id, sessions.get(row.session_id).assetId);
        ctx.bus.emit('visit.changed', { visitId: row.session_id });
        return { deleted: true as const };
      },

      'uploads.begin': (p) => uploads.begin(p),
      'uploads.chunk': (p) => uploads.chunk(p),
      'uploads.cancel': (p) => ({ cancelled: uploads.cancel(p.uploadId) }),

      'recordings.import': async (p) => {
        const upload = await uploads.take(p.uploadId, 'recording');
        return track(
          ctx.activity
            .during('import', `Importing ${upload.name}`, () => importFile({ db: ctx.db, files, sessions, recordings, now: ctx.now, workers: importWorkers }, p.sessionId, upload, p))
            .then((imported) => {
              const session = sessions.get(p.sessionId);
              changed(session.id, session.assetId);
              ctx.bus.emit('recordings.finished', { visitId: session.id, recordingIds: imported.map((r) => r.id) });
              return imported;
            })
            .finally(() => fs.rmSync(upload.file, { force: true })),
        );
      },
      'recordings.waveform': (p) => {
        const { reader, live } = readerFor(p.id);
        try {
          return waveform(reader, p, () => overviewOf(p.id, Math.min(p.channel ?? 0, reader.channels - 1), reader, live));
        } finally {
          reader.close();
        }
      },
      'recordings.spectrogram': (p) => {
        const { reader } = readerFor(p.id);
        try {
          return spectrogram(reader, p);
        } finally {
          reader.close();
        }
      },
      'recordings.readings': (p) => readingPoints(ctx, recordings, p),
      'recordings.recoveries': () => notices.recoveries(),
      'storage.status': () => ({ quarantineDir: files.quarantineDir, quarantined: files.quarantined(), repair: notices.repair() }),
      'storage.dismissNotices': () => {
        notices.dismiss();
        return { dismissed: true as const };
      },

      'captures.devices': () => recorder.devices(),
      'captures.start': (p) => recorder.start(p.sessionId, p.source, p.durationS),
      'captures.micChunk': (p) => recorder.micChunk(p),
      'captures.stop': (p) => recorder.stop(p.captureId, 'user'),
      'captures.active': () => recorder.active(),
    },
  };
}

/** Readings over time, averaged into at most `maxPoints` time buckets (a chart cannot show more). */
function readingPoints(
  ctx: BackendContext,
  recordings: RecordingsRepository,
  p: { id: string; fromUs?: number | undefined; toUs?: number | undefined; maxPoints?: number | undefined },
): { total: number; points: ReadingPoint[] } {
  const row = recordings.row(p.id);
  if (row.stream !== 'readings') throw new AppError('invalid_params', 'This recording holds samples, not readings.', 'id');
  const series = recordings.seriesOf(p.id);
  if (series === null) return { total: 0, points: [] };
  const range = ctx.db
    .prepare('SELECT count(*) AS n, min(t_us) AS lo, max(t_us) AS hi FROM readings WHERE series_id = ? AND t_us >= ? AND t_us <= ?')
    .get(series, p.fromUs ?? Number.MIN_SAFE_INTEGER, p.toUs ?? Number.MAX_SAFE_INTEGER) as { n: number; lo: number | null; hi: number | null };
  if (range.n === 0 || range.lo === null || range.hi === null) return { total: 0, points: [] };
  const maxPoints = p.maxPoints ?? 1000;
  const columns = `temperature_c AS temperatureC, vib_x_g AS vibXG, vib_y_g AS vibYG, vib_z_g AS vibZG, current_a AS currentA,
                   power_w AS powerW, audio_level_db AS audioLevelDb, suction_kpa AS suctionKpa, discharge_kpa AS dischargeKpa`;
  if (range.n <= maxPoints) {
    const points = ctx.db
      .prepare(`SELECT t_us AS tUs, ${columns} FROM readings WHERE series_id = ? AND t_us BETWEEN ? AND ? ORDER BY t_us`)
      .all(series, range.lo, range.hi) as ReadingPoint[];
    return { total: range.n, points };
  }
  const width = Math.max(1, Math.ceil((range.hi - range.lo + 1) / maxPoints));
  const points = ctx.db
    .prepare(
      `SELECT CAST(min(t_us) AS INTEGER) AS tUs, avg(temperature_c) AS temperatureC, avg(vib_x_g) AS vibXG, avg(vib_y_g) AS vibYG,
              avg(vib_z_g) AS vibZG, avg(current_a) AS currentA, avg(power_w) AS powerW, avg(audio_level_db) AS audioLevelDb,
              avg(suction_kpa) AS suctionKpa, avg(discharge_kpa) AS dischargeKpa
       FROM readings WHERE series_id = ? AND t_us BETWEEN ? AND ?
       GROUP BY (t_us - ?) / ? ORDER BY 1`,
    )
    .all(series, range.lo, range.hi, range.lo, width) as ReadingPoint[];
  return { total: range.n, points };
}

/** The photo's extension from its first bytes, or null when it is not an image we keep. */
function imageExtension(file: string): string | null {
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return '.jpg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return '.png';
  if (head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP') return '.webp';
  if (head.toString('latin1', 4, 8) === 'ftyp' && /^(heic|heix|mif1|msf1)$/.test(head.toString('latin1', 8, 12))) return '.heic';
  return null;
}
