import { RecoveredRecording, StorageRepair } from '../../../../shared/contract';
import type { Db } from '../../platform/storage/database';

/**
 * The recovery notice (recordings repaired after a crash) and the repair notice (database rebuilt,
 * files re-attached or quarantined) live in the database until the technician dismisses them, so
 * an app that dies again before the UI showed them does not lose them. Kept as two keys of the
 * settings key/value table (which reads only the keys it knows), so no schema change is needed.
 */
const RECOVERIES_KEY = 'notice.recoveries';
const REPAIR_KEY = 'notice.repair';

export class RecoveryNotices {
  constructor(private readonly db: Db) {}

  recoveries(): RecoveredRecording[] {
    const parsed = RecoveredRecording.array().safeParse(this.read(RECOVERIES_KEY));
    return parsed.success ? parsed.data : [];
  }

  repair(): StorageRepair | null {
    const parsed = StorageRepair.safeParse(this.read(REPAIR_KEY));
    return parsed.success ? parsed.data : null;
  }

  /** Adds to what is not dismissed yet (two crashes before the technician looked: both are shown). */
  addRecoveries(list: RecoveredRecording[]): void {
    if (list.length === 0) return;
    const seen = new Set(list.map((r) => r.recordingId));
    this.write(RECOVERIES_KEY, [...this.recoveries().filter((r) => !seen.has(r.recordingId)), ...list]);
  }

  setRepair(repair: StorageRepair): void {
    const before = this.repair();
    this.write(
      REPAIR_KEY,
      before
        ? {
            ...repair,
            database: repair.database === 'ok' ? before.database : repair.database,
            reattached: before.reattached + repair.reattached,
            sessionsRebuilt: before.sessionsRebuilt + repair.sessionsRebuilt,
            quarantined: before.quarantined + repair.quarantined,
          }
        : repair,
    );
  }

  dismiss(): void {
    this.db.prepare('DELETE FROM settings WHERE key IN (?, ?)').run(RECOVERIES_KEY, REPAIR_KEY);
  }

  private read(key: string): unknown {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    if (!row) return null;
    try {
      return JSON.parse(row.value);
    } catch {
      return null;
    }
  }

  private write(key: string, value: unknown): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, JSON.stringify(value));
  }
}
