import path from 'node:path';
import type { Db } from '../../platform/storage/database';
import { likePattern } from '../../platform/storage/like';
import type { ReadingRow } from './readings-writer';
import { readVisitContext, type SessionContext } from './visit-context';

/**
 * The recording feature's read model for others: read-only queries over a visit and what hangs
 * off it (asset, site, customer, recordings, photos, readings), for reports and uploads. The
 * recording feature owns the sessions, recordings, photos and readings tables and everything that
 * writes them; reports and sync read them only through this.
 */
export interface RecordingRecord {
  id: string;
  deviceId: string | null;
  source: string;
  stream: string;
  status: string;
  /** Relative to the data folder, as the recording feature stores it; null for readings-only streams. */
  path: string | null;
  originalName: string | null;
  sampleRate: number | null;
  channels: number | null;
  durationS: number | null;
  sha256: string | null;
  startedAt: string;
}

export interface PhotoRecord {
  id: string;
  path: string;
  caption: string | null;
  takenAt: string | null;
}

export interface ReadingSeries {
  recordingId: string;
  seriesId: number;
  deviceId: string | null;
  count: number;
}

/** The readings table's row as the recorder writes it. */
export type { ReadingRow, SessionContext };

export interface SessionListRow {
  sessionId: string;
  startedAt: string;
  endedAt: string | null;
  status: string;
  technician: string | null;
  assetId: string;
  assetName: string;
  siteId: string;
  siteName: string;
  customerName: string | null;
}

export class SessionReader {
  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
  ) {}

  /** Absolute path of a file the database names relative to the data folder. */
  resolve(relative: string): string {
    return path.resolve(this.dataDir, relative);
  }

  context(sessionId: string): SessionContext | null {
    return readVisitContext(this.db, sessionId);
  }

  recordings(sessionId: string): RecordingRecord[] {
    return this.db
      .prepare(
        `SELECT id, device_id AS deviceId, source, stream, status, path, original_name AS originalName,
                sample_rate AS sampleRate, channels, duration_s AS durationS, sha256, started_at AS startedAt
         FROM recordings WHERE session_id = ? ORDER BY started_at, id`,
      )
      .all(sessionId) as RecordingRecord[];
  }

  photos(sessionId: string): PhotoRecord[] {
    return this.db
      .prepare('SELECT id, path, caption, taken_at AS takenAt FROM session_photos WHERE session_id = ? ORDER BY coalesce(taken_at, created_at), id')
      .all(sessionId) as PhotoRecord[];
  }

  readingSeries(sessionId: string): ReadingSeries[] {
    return this.db
      .prepare(
        `SELECT r.id AS recordingId, rs.id AS seriesId, r.device_id AS deviceId,
                (SELECT count(*) FROM readings x WHERE x.series_id = rs.id) AS count
         FROM recordings r JOIN reading_series rs ON rs.recording_id = r.id
         WHERE r.session_id = ? ORDER BY r.started_at, r.id`,
      )
      .all(sessionId) as ReadingSeries[];
  }

  /** The first timestamp of every `size`-th reading: where each upload batch starts. */
  batchStarts(seriesId: number, size: number): number[] {
    const rows = this.db
      .prepare(
        `SELECT t_us FROM (SELECT t_us, row_number() OVER (ORDER BY t_us) - 1 AS n FROM readings WHERE series_id = ?)
         WHERE n % ? = 0 ORDER BY t_us`,
      )
      .all(seriesId, size) as { t_us: number }[];
    return rows.map((r) => r.t_us);
  }

  readings(seriesId: number, fromTUs: number, limit: number): ReadingRow[] {
    return this.db
      .prepare(
        `SELECT t_us AS tUs, temperature_c AS temperatureC, vib_x_g AS vibXG, vib_y_g AS vibYG, vib_z_g AS vibZG,
                current_a AS currentA, power_w AS powerW, audio_level_db AS audioLevelDb, quality
         FROM readings WHERE series_id = ? AND t_us >= ? ORDER BY t_us LIMIT ?`,
      )
      .all(seriesId, fromTUs, limit) as ReadingRow[];
  }

  /** Per-series averages, for the report's baseline comparison and trend. */
  readingAverages(sessionId: string): { temperatureC: number | null; vibrationG: number | null; powerW: number | null; currentA: number | null; count: number } {
    const row = this.db
      .prepare(
        `SELECT avg(x.temperature_c) AS temperatureC,
                -- Vibration without gravity: the RMS of each axis about its own mean, combined.
                sqrt(max(0, coalesce(avg(x.vib_x_g * x.vib_x_g) - avg(x.vib_x_g) * avg(x.vib_x_g), 0)
                          + coalesce(avg(x.vib_y_g * x.vib_y_g) - avg(x.vib_y_g) * avg(x.vib_y_g), 0)
                          + coalesce(avg(x.vib_z_g * x.vib_z_g) - avg(x.vib_z_g) * avg(x.vib_z_g), 0)))
                  * (CASE WHEN count(x.vib_x_g) + count(x.vib_y_g) + count(x.vib_z_g) > 0 THEN 1 ELSE NULL END) AS vibrationG,
                avg(x.power_w) AS powerW, avg(x.current_a) AS currentA, count(*) AS count
         FROM recordings r JOIN reading_series rs ON rs.recording_id = r.id JOIN readings x ON x.series_id = rs.id
         WHERE r.session_id = ?`,
      )
      .get(sessionId) as { temperatureC: number | null; vibrationG: number | null; powerW: number | null; currentA: number | null; count: number };
    return row;
  }

  /** Earlier sessions of the same asset, oldest first (for baseline and trend). */
  earlierSessions(sessionId: string, limit = 12): { id: string; startedAt: string }[] {
    const rows = this.db
      .prepare(
        `SELECT e.id, e.started_at AS startedAt FROM sessions s JOIN sessions e ON e.asset_id = s.asset_id
         WHERE s.id = ? AND e.started_at < s.started_at ORDER BY e.started_at DESC LIMIT ?`,
      )
      .all(sessionId, limit) as { id: string; startedAt: string }[];
    return rows.reverse();
  }

  list(options: { query?: string | undefined; limit?: number | undefined }): SessionListRow[] {
    const like = options.query ? likePattern(options.query) : null;
    return this.db
      .prepare(
        `SELECT s.id AS sessionId, s.started_at AS startedAt, s.ended_at AS endedAt, s.status, s.technician,
                p.asset_id AS assetId, p.asset_name AS assetName, p.site_id AS siteId, p.site_name AS siteName, p.customer_name AS customerName
         FROM sessions s JOIN asset_places p ON p.asset_id = s.asset_id
         WHERE @like IS NULL OR p.asset_name LIKE @like ESCAPE '\\' OR p.site_name LIKE @like ESCAPE '\\' OR p.customer_name LIKE @like ESCAPE '\\'
           OR p.asset_tag LIKE @like ESCAPE '\\' OR s.technician LIKE @like ESCAPE '\\'
         ORDER BY s.started_at DESC LIMIT @limit`,
      )
      .all({ like, limit: options.limit ?? 100 }) as SessionListRow[];
  }

  /** Each of the visit's sensors' latest reading that holds a value a field can take. */
  latestSensorValues(sessionId: string): LatestSensorRow[] {
    return this.db
      .prepare(
        `SELECT r.device_id AS deviceId, r.id AS recordingId, x.t_us AS tUs, x.temperature_c AS temperature, x.current_a AS current,
                x.suction_kpa AS suctionKpa, x.discharge_kpa AS dischargeKpa
           FROM recordings r JOIN reading_series s ON s.recording_id = r.id
           JOIN readings x ON x.series_id = s.id
                          AND x.t_us = (SELECT max(t_us) FROM readings y WHERE y.series_id = s.id
                                         AND (y.temperature_c IS NOT NULL OR y.current_a IS NOT NULL
                                              OR y.suction_kpa IS NOT NULL OR y.discharge_kpa IS NOT NULL))
          WHERE r.session_id = ?`,
      )
      .all(sessionId) as LatestSensorRow[];
  }
}

export interface LatestSensorRow {
  deviceId: string | null;
  recordingId: string;
  tUs: number;
  temperature: number | null;
  current: number | null;
  suctionKpa: number | null;
  dischargeKpa: number | null;
}
