import type { GapReason, RecordingGap } from '../../../../shared/contract';
import type { Db } from '../../platform/storage/database';

export interface ReadingRow {
  tUs: number;
  temperatureC: number | null;
  vibXG: number | null;
  vibYG: number | null;
  vibZG: number | null;
  currentA: number | null;
  powerW: number | null;
  audioLevelDb: number | null;
  quality: number | null;
  /** Absolute kPa from pressure transducers; absent for sensors and imports without them. */
  suctionKpa?: number | null;
  dischargeKpa?: number | null;
}

/**
 * Readings of one recording, buffered and committed in batches: one transaction per batch (the
 * recorder flushes every writer together, at least every second), so a crash loses at most the
 * last second and SQLite is not asked to sync once per reading.
 *
 * `t_us` must increase strictly within a series (it is the clustered key). Readings arrive in order
 * from one sensor; one that would not (two in the same microsecond, or a clock stepping back after
 * a reboot re-anchored it) is moved one microsecond after its predecessor rather than lost.
 *
 * Missing readings are gaps in time: a silence much longer than the sensor's reading interval, or
 * any silence after the sensor link reported a loss, is recorded with its reason.
 */
export class ReadingsWriter {
  private pending: ReadingRow[] = [];
  private lastUs = Number.NEGATIVE_INFINITY;
  private pendingGap: GapReason | null = null;
  readonly gaps: RecordingGap[] = [];
  committed = 0;
  added = 0;
  /** Why this writer stopped taking readings (rows it could not store), or null. */
  failure: { error: unknown; lostRows: number } | null = null;
  firstUs: number | null = null;

  /** `intervalUs`: the sensor's reading interval, when known. */
  constructor(
    readonly seriesId: number,
    private readonly intervalUs: number | null = null,
  ) {}

  expectGap(reason: GapReason): void {
    this.pendingGap = reason;
  }

  /** Marks something wrong with the readings (a clock jump) where the next one goes; nothing is missing. */
  mark(reason: GapReason, atUs: number): void {
    const us = Math.round(atUs);
    this.gaps.push({ atFrame: this.added, missingFrames: 0, reason, startUs: us, endUs: us });
  }

  /** Stops taking readings: `rows` could not be stored. */
  fail(error: unknown, rows: number): void {
    this.failure = { error, lostRows: (this.failure?.lostRows ?? 0) + rows };
    this.pending = [];
  }

  add(row: ReadingRow): void {
    if (this.failure) {
      this.failure.lostRows += 1;
      return;
    }
    if (this.firstUs !== null) this.checkGap(row.tUs);
    // A time that is not a safe integer could not stay strictly increasing (x + 1 === x past 2^53).
    const tUs = Number.isSafeInteger(row.tUs) && row.tUs > this.lastUs ? row.tUs : this.lastUs + 1;
    if (!Number.isSafeInteger(tUs)) throw new Error(`A reading's time (${row.tUs} µs) cannot be stored.`);
    this.lastUs = tUs;
    this.added += 1;
    if (this.firstUs === null) this.firstUs = tUs;
    this.pending.push(tUs === row.tUs ? row : { ...row, tUs });
  }

  /** On stop: a loss the readings never came back from is an open-ended gap. */
  closePendingGap(): void {
    if (this.pendingGap === null || this.firstUs === null) return;
    this.gaps.push({ atFrame: this.added, missingFrames: null, reason: this.pendingGap, startUs: this.lastUs, endUs: null });
    this.pendingGap = null;
  }

  private checkGap(tUs: number): void {
    const interval = this.intervalUs ?? 1_000_000;
    const silence = tUs - this.lastUs;
    const late = silence > Math.max(3 * interval, 3_000_000);
    if (this.pendingGap === null && !late) return;
    if (silence <= interval * 1.5 && !late) {
      // The loss the link reported did not cost a reading after all.
      this.pendingGap = null;
      return;
    }
    const missing = this.intervalUs ? Math.max(0, Math.round(silence / this.intervalUs) - 1) : null;
    this.gaps.push({ atFrame: this.added, missingFrames: missing, reason: this.pendingGap ?? 'stall', startUs: this.lastUs, endUs: tUs });
    this.pendingGap = null;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Rows to write now; they count as committed once `commit()` is called after the transaction. */
  take(): ReadingRow[] {
    const rows = this.pending;
    this.pending = [];
    return rows;
  }

  /** Puts rows back at the front after a failed transaction (nothing of it was written). */
  restore(rows: ReadingRow[]): void {
    this.pending = rows.concat(this.pending);
  }
}

/**
 * Commits the pending rows of many writers in one transaction. Returns the rows written.
 *
 * Each writer's rows go in their own savepoint: rows one sensor cannot store (a constraint its data
 * broke) fail that writer alone, which stops taking readings (`failure`), while every other
 * sensor's rows commit (issue 14, case 7). Storage failures (disk full, I/O) still fail the whole
 * batch and leave every row pending.
 */
export function flushReadings(db: Db, writers: readonly ReadingsWriter[]): number {
  const batches = writers.map((w) => ({ writer: w, rows: w.take() })).filter((b) => b.rows.length > 0);
  if (batches.length === 0) return 0;
  const insert = db.prepare(
    `INSERT INTO readings (series_id, t_us, temperature_c, vib_x_g, vib_y_g, vib_z_g, current_a, power_w, audio_level_db, quality, suction_kpa, discharge_kpa)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertRows = db.transaction((writer: ReadingsWriter, rows: ReadingRow[]) => {
    for (const r of rows) {
      insert.run(writer.seriesId, r.tUs, r.temperatureC, r.vibXG, r.vibYG, r.vibZG, r.currentA, r.powerW, r.audioLevelDb, r.quality, r.suctionKpa ?? null, r.dischargeKpa ?? null);
    }
  });
  let written = 0;
  const refused: ReadingsWriter[] = [];
  try {
    db.transaction(() => {
      for (const { writer, rows } of batches) {
        try {
          insertRows(writer, rows);
          written += rows.length;
        } catch (error) {
          if (!isWritersOwnFault(error)) throw error;
          writer.fail(error, rows.length);
          refused.push(writer);
        }
      }
    })();
  } catch (error) {
    for (const { writer, rows } of batches) {
      if (!refused.includes(writer)) writer.restore(rows);
    }
    throw error;
  }
  for (const { writer, rows } of batches) if (!refused.includes(writer)) writer.committed += rows.length;
  return written;
}

/** A constraint or a value SQLite would not bind: the data's fault, not the disk's. */
function isWritersOwnFault(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH' || code === 'SQLITE_RANGE';
  return error instanceof TypeError || error instanceof RangeError;
}
