import {
  AppError,
  type Recording,
  RecordingGap,
  type RecordingSource,
  type RecordingStatus,
  type RecordingStream,
  recordingMediaUrl,
  type SampleFormat,
  type StopReason,
} from '../../../../shared/contract';
import type { Db } from '../../platform/storage/database';

/** A recordings row as stored (paths relative to the data folder). */
export interface RecordingRow {
  id: string;
  session_id: string;
  capture_id: string | null;
  device_id: string | null;
  source: RecordingSource;
  source_label: string | null;
  stream: RecordingStream;
  status: RecordingStatus;
  stop_reason: StopReason | null;
  path: string | null;
  original_path: string | null;
  analysis_path: string | null;
  original_name: string | null;
  sample_rate: number | null;
  channels: number | null;
  sample_format: SampleFormat | null;
  frames: number;
  duration_s: number | null;
  start_us: number | null;
  sha256: string | null;
  bytes: number | null;
  gaps: string;
  peak: number | null;
  clipped_samples: number;
  started_at: string;
  ended_at: string | null;
  created_at: string;
}

export interface NewRecording {
  id: string;
  sessionId: string;
  captureId: string | null;
  deviceId: string | null;
  source: RecordingSource;
  sourceLabel: string | null;
  stream: RecordingStream;
  status: RecordingStatus;
  path: string | null;
  originalPath?: string | null;
  analysisPath?: string | null;
  originalName?: string | null;
  sampleRate: number | null;
  channels: number | null;
  sampleFormat: SampleFormat | null;
  startedAt: string;
}

export interface FinishedRecording {
  status: RecordingStatus;
  stopReason: StopReason | null;
  frames: number;
  durationS: number | null;
  startUs: number | null;
  gaps: RecordingGap[];
  peak: number | null;
  clippedSamples: number;
  bytes: number | null;
  sha256: string | null;
  endedAt: string;
}

/** What the recorder knows mid-recording that a crash must not lose. */
export interface RecordingProgress {
  startUs: number | null;
  gaps: RecordingGap[];
  peak: number | null;
  clippedSamples: number;
}

export const parseGaps = (json: string): RecordingGap[] => {
  try {
    const parsed = RecordingGap.array().safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
};

export function toRecording(row: RecordingRow): Recording {
  return {
    id: row.id,
    sessionId: row.session_id,
    captureId: row.capture_id,
    deviceId: row.device_id,
    source: row.source,
    sourceLabel: row.source_label,
    stream: row.stream,
    status: row.status,
    stopReason: row.stop_reason,
    sampleRate: row.sample_rate,
    channels: row.channels,
    sampleFormat: row.sample_format,
    frames: row.frames,
    durationS: row.duration_s,
    startUs: row.start_us,
    gaps: parseGaps(row.gaps),
    peak: row.peak,
    clippedSamples: row.clipped_samples,
    originalName: row.original_name,
    hasOriginal: row.original_path !== null,
    bytes: row.bytes,
    sha256: row.sha256,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    mediaUrl: row.stream !== 'readings' && row.path !== null && row.frames > 0 ? recordingMediaUrl(row.id) : null,
  };
}

/** SQL for recordings and their reading series. The recorder and the importer own the files. */
export class RecordingsRepository {
  constructor(private readonly db: Db) {}

  insert(r: NewRecording): void {
    this.db
      .prepare(
        `INSERT INTO recordings (id, session_id, capture_id, device_id, source, source_label, stream, status, path, original_path,
           analysis_path, original_name, sample_rate, channels, sample_format, started_at, created_at)
         VALUES (@id, @sessionId, @captureId, @deviceId, @source, @sourceLabel, @stream, @status, @path, @originalPath,
           @analysisPath, @originalName, @sampleRate, @channels, @sampleFormat, @startedAt, @startedAt)`,
      )
      .run({ originalPath: null, analysisPath: null, originalName: null, ...r });
  }

  /**
   * A capture's recordings, with a reading series for each readings stream, all or none.
   * Returns the series id of each readings recording.
   */
  insertCapture(rows: readonly NewRecording[]): Map<string, number> {
    const series = new Map<string, number>();
    this.db.transaction(() => {
      for (const r of rows) {
        this.insert(r);
        if (r.stream === 'readings') series.set(r.id, this.createSeries(r.id));
      }
    })();
    return series;
  }

  /** Takes back the rows of a capture that could not start (its files are the recorder's to remove). */
  deleteByCapture(captureId: string): void {
    this.db.prepare('DELETE FROM recordings WHERE capture_id = ?').run(captureId);
  }

  /** A reading series for a readings recording: the small integer the readings rows hang off. */
  createSeries(recordingId: string): number {
    return Number(this.db.prepare('INSERT INTO reading_series (recording_id) VALUES (?)').run(recordingId).lastInsertRowid);
  }

  seriesOf(recordingId: string): number | null {
    const row = this.db.prepare('SELECT id FROM reading_series WHERE recording_id = ?').get(recordingId) as { id: number } | undefined;
    return row?.id ?? null;
  }

  finish(id: string, f: FinishedRecording): void {
    this.db
      .prepare(
        `UPDATE recordings SET status = @status, stop_reason = @stopReason, frames = @frames, duration_s = @durationS,
           start_us = @startUs, gaps = @gaps, peak = @peak, clipped_samples = @clippedSamples, bytes = @bytes, sha256 = @sha256,
           ended_at = @endedAt
         WHERE id = @id`,
      )
      .run({ id, ...f, gaps: JSON.stringify(f.gaps) });
  }

  /**
   * The final state of a capture's recordings, in one transaction: the capture becomes final as a
   * whole, or stays `recording` for the next start's recovery to repair.
   */
  finishCapture(finished: readonly { id: string; result: FinishedRecording }[]): void {
    this.db.transaction(() => {
      for (const f of finished) this.finish(f.id, f.result);
    })();
  }

  /** What the recorder knows mid-recording that a crash must not lose: where it starts, its gaps, its level. */
  saveProgress(id: string, p: RecordingProgress): void {
    this.db
      .prepare('UPDATE recordings SET start_us = ?, gaps = ?, peak = ?, clipped_samples = ? WHERE id = ?')
      .run(p.startUs, JSON.stringify(p.gaps), p.peak, p.clippedSamples, id);
  }

  /** Progress of many recordings in one transaction: one tick's changes land together. */
  saveProgressAll(changes: readonly { id: string; progress: RecordingProgress }[]): void {
    if (changes.length === 0) return;
    this.db.transaction(() => {
      for (const c of changes) this.saveProgress(c.id, c.progress);
    })();
  }

  setAnalysisPath(id: string, relPath: string): void {
    this.db.prepare('UPDATE recordings SET analysis_path = ? WHERE id = ?').run(relPath, id);
  }

  row(id: string): RecordingRow {
    const row = this.db.prepare('SELECT * FROM recordings WHERE id = ?').get(id) as RecordingRow | undefined;
    if (!row) throw new AppError('not_found', `No recording with id ${id}.`, 'id');
    return row;
  }

  get(id: string): Recording {
    return toRecording(this.row(id));
  }

  forSession(sessionId: string): Recording[] {
    const rows = this.db
      .prepare('SELECT * FROM recordings WHERE session_id = ? ORDER BY started_at, created_at, stream')
      .all(sessionId) as RecordingRow[];
    return rows.map(toRecording);
  }

  rowsForSession(sessionId: string): RecordingRow[] {
    return this.db.prepare('SELECT * FROM recordings WHERE session_id = ? ORDER BY started_at, stream').all(sessionId) as RecordingRow[];
  }

  /** Recordings whose writer never finished them: a crash, a power cut, a killed process. */
  interrupted(): RecordingRow[] {
    return this.db.prepare("SELECT * FROM recordings WHERE status = 'recording'").all() as RecordingRow[];
  }

  countReadings(recordingId: string): { count: number; firstUs: number | null; lastUs: number | null } {
    const series = this.seriesOf(recordingId);
    if (series === null) return { count: 0, firstUs: null, lastUs: null };
    const row = this.db
      .prepare('SELECT count(*) AS count, min(t_us) AS firstUs, max(t_us) AS lastUs FROM readings WHERE series_id = ?')
      .get(series) as { count: number; firstUs: number | null; lastUs: number | null };
    return row;
  }

  /** A visit's mean temperature and current over all its readings (null where none was read). */
  readingAverages(sessionId: string): { temperatureC: number | null; currentA: number | null } {
    return this.db
      .prepare(
        `SELECT avg(rd.temperature_c) AS temperatureC, avg(rd.current_a) AS currentA
         FROM readings rd JOIN reading_series rs ON rs.id = rd.series_id JOIN recordings r ON r.id = rs.recording_id
         WHERE r.session_id = ?`,
      )
      .get(sessionId) as { temperatureC: number | null; currentA: number | null };
  }

  /** Every file path any recording refers to (relative), to tell orphans from kept files. */
  allPaths(): Set<string> {
    const rows = this.db.prepare('SELECT path, original_path, analysis_path FROM recordings').all() as {
      path: string | null;
      original_path: string | null;
      analysis_path: string | null;
    }[];
    const paths = new Set<string>();
    for (const r of rows) for (const p of [r.path, r.original_path, r.analysis_path]) if (p) paths.add(p);
    return paths;
  }
}
