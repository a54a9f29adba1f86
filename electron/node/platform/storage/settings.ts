import { DEFAULT_SETTINGS, Settings, type SettingsPatch } from '../../../../shared/contract';
import type { Db } from './database';

/**
 * Settings are stored one key per row as JSON. Reading validates each value on its own, so one
 * bad or obsolete value falls back to its default instead of resetting everything.
 */
export class SettingsRepository {
  constructor(private readonly db: Db) {}

  get(): Settings {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const stored = new Map(rows.map((r) => [r.key, r.value]));
    const result: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const key of Object.keys(Settings.shape) as (keyof Settings)[]) {
      const raw = stored.get(key);
      if (raw === undefined) continue;
      try {
        const parsed = Settings.shape[key].safeParse(JSON.parse(raw));
        if (parsed.success) result[key] = parsed.data;
      } catch {
        // unparseable JSON: keep the default
      }
    }
    return Settings.parse(result);
  }

  update(patch: SettingsPatch): Settings {
    const upsert = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) upsert.run(key, JSON.stringify(value));
      }
    })();
    return this.get();
  }
}
