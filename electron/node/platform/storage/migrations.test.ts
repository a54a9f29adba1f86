import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/fixtures';
import { NO_FACTS } from '../../../../shared/contract';
import { type Db, openDatabase } from './database';
import { LATEST_SCHEMA_VERSION, migrations } from './migrations';
import { SettingsRepository } from './settings';
import { AssetsRepository, SitesRepository } from '../../features/register';

/**
 * Data as a user of schema version N had it, written with that version's SQL. When a migration
 * is added, add its seed here: the test below then upgrades every earlier version, with data in
 * it, to the latest, and checks nothing was lost.
 */
const SEEDS: Record<number, (db: Db) => void> = {
  1: (db) => {
    db.exec(`
      INSERT INTO customers (id, name, created_at, updated_at)
        VALUES ('01900000-0000-7000-8000-000000000001', '행복마트', '2025-01-02T03:04:05.000Z', '2025-01-02T03:04:05.000Z');
      INSERT INTO sites (id, customer_id, name, address, created_at, updated_at)
        VALUES ('01900000-0000-7000-8000-000000000002', '01900000-0000-7000-8000-000000000001', '행복마트 강남점',
                '서울 강남구 테헤란로 1', '2025-01-02T03:04:05.000Z', '2025-01-02T03:04:05.000Z');
      INSERT INTO assets (id, site_id, name, kind, maker, refrigerant, asset_tag, created_at, updated_at)
        VALUES ('01900000-0000-7000-8000-000000000003', '01900000-0000-7000-8000-000000000002', '쇼케이스 압축기 1', 'compressor',
                'Danfoss', 'R-404A', 'QR-0001', '2025-01-02T03:04:05.000Z', '2025-01-02T03:04:05.000Z');
      INSERT INTO settings (key, value) VALUES ('language', '"ko"');
    `);
  },
  2: (db) => {
    db.exec(`
      INSERT INTO devices (id, kind, first_seen_at, last_seen_at)
        VALUES ('esp32-a1b2c3', 'esp32_sensor', '2025-02-01T00:00:00.000Z', '2025-02-01T00:00:00.000Z');
      INSERT INTO sessions (id, asset_id, technician, started_at, created_at, updated_at)
        VALUES ('01900000-0000-7000-8000-000000000010', '01900000-0000-7000-8000-000000000003', '김기사',
                '2025-02-01T09:00:00.000Z', '2025-02-01T09:00:00.000Z', '2025-02-01T09:00:00.000Z');
      INSERT INTO recordings (id, session_id, device_id, source, stream, status, started_at, created_at)
        VALUES ('01900000-0000-7000-8000-000000000011', '01900000-0000-7000-8000-000000000010', 'esp32-a1b2c3',
                'sensor', 'readings', 'complete', '2025-02-01T09:00:00.000Z', '2025-02-01T09:00:00.000Z');
      INSERT INTO reading_series (id, recording_id) VALUES (1, '01900000-0000-7000-8000-000000000011');
      INSERT INTO readings (series_id, t_us, temperature_c) VALUES (1, 1738400400000000, 4.5), (1, 1738400401000000, 4.6);
    `);
  },
  3: (db) => {
    db.exec(`
      INSERT INTO recordings (id, session_id, source, stream, status, path, sample_rate, channels, sample_format, frames,
                              duration_s, capture_id, start_us, stop_reason, peak, source_label, bytes, started_at, created_at)
        VALUES ('01900000-0000-7000-8000-000000000012', '01900000-0000-7000-8000-000000000010', 'microphone', 'audio',
                'complete', 'recordings/01900000-0000-7000-8000-000000000010/01900000-0000-7000-8000-000000000012.wav',
                48000, 1, 'pcm16', 480000, 10, '01900000-0000-7000-8000-000000000013', 1738400400000000, 'duration', 0.42,
                'USB microphone', 960044, '2025-02-01T09:00:00.000Z', '2025-02-01T09:00:00.000Z');
    `);
  },
  4: (db) => {
    db.exec(`
      INSERT INTO session_signatures (session_id, signer_name, strokes, width, height, signed_at)
        VALUES ('01900000-0000-7000-8000-000000000010', '박사장', '[[[0,0],[10,10]]]', 600, 200, '2025-02-01T10:00:00.000Z');
      INSERT INTO reports (id, session_id, language, path, bytes, sha256, created_at)
        VALUES ('01900000-0000-7000-8000-000000000020', '01900000-0000-7000-8000-000000000010', 'ko',
                'reports/01900000-0000-7000-8000-000000000010/01900000-0000-7000-8000-000000000020.pdf', 1234,
                '0000000000000000000000000000000000000000000000000000000000000000', '2025-02-01T10:01:00.000Z');
      INSERT INTO outbox (id, kind, entity_id, created_at, updated_at)
        VALUES ('01900000-0000-7000-8000-000000000030', 'session_report', '01900000-0000-7000-8000-000000000010',
                '2025-02-01T10:02:00.000Z', '2025-02-01T10:02:00.000Z');
      INSERT INTO sync_state (key, value) VALUES ('account', '{"username":"kim"}');
    `);
  },
  5: (db) => {
    db.exec(`
      INSERT INTO diagnoses (id, session_id, recording_id, model_version, condition, severity, confidence, probabilities, evidence,
                             created_at, result, status, modality, schema_hash)
        VALUES ('01900000-0000-7000-8000-000000000040', '01900000-0000-7000-8000-000000000010', '01900000-0000-7000-8000-000000000012',
                '2026-11-22.1', 'normal', 'normal', 0.93, '[]', '[]', '2025-02-01T10:03:00.000Z', '{}', 'diagnosed', 'sound', 'abc');
      INSERT INTO baseline_recordings (recording_id, asset_id, added_at)
        VALUES ('01900000-0000-7000-8000-000000000012', '01900000-0000-7000-8000-000000000003', '2025-02-01T10:04:00.000Z');
      INSERT INTO labels (id, session_id, diagnosis_id, recording_id, condition, verdict, found, technician, created_at)
        VALUES ('01900000-0000-7000-8000-000000000041', '01900000-0000-7000-8000-000000000010', '01900000-0000-7000-8000-000000000040',
                '01900000-0000-7000-8000-000000000012', 'normal', 'confirmed', '정상 운전', '김기사', '2025-02-01T10:05:00.000Z');
    `);
  },
  6: (db) => {
    db.exec(`
      UPDATE sessions SET technician_company = '냉동설비(주)', technician_licence = '12-345' WHERE id = '01900000-0000-7000-8000-000000000010';
      INSERT INTO visit_verdicts (visit_id, computed, fingerprint, computed_at, override, revision, updated_at)
        VALUES ('01900000-0000-7000-8000-000000000010', '{}', 'f1', '2025-02-01T10:06:00.000Z',
                '{"status":"fault","reason":"밸브 소리 확인"}', 2, '2025-02-01T10:07:00.000Z');
      INSERT INTO visit_verdict_audit (id, visit_id, action, technician, detail, revision, at)
        VALUES ('01900000-0000-7000-8000-000000000050', '01900000-0000-7000-8000-000000000010', 'overridden', '김기사', '{}', 2,
                '2025-02-01T10:07:00.000Z');
    `);
  },
  7: (db) => {
    db.exec(`
      INSERT INTO cycle_readings (session_id, quantity, value, unit, pressure_reference, source, measured_at)
        VALUES ('01900000-0000-7000-8000-000000000010', 'suctionPressure', 4.2, 'bar', 'gauge', 'typed', '2025-02-01T10:06:00.000Z');
      INSERT INTO refrigerant_records (session_id, leak_check_result, leak_check_points, leak_check_method, charged_kg, capacity, capacity_unit, updated_at)
        VALUES ('01900000-0000-7000-8000-000000000010', 'no_leak', '["compressor","piping"]', 'electronic_detector', 1.5, 25, 'RT', '2025-02-01T10:07:00.000Z');
    `);
  },
  8: (db) => {
    db.exec(`
      INSERT INTO readings (series_id, t_us, temperature_c, suction_kpa, discharge_kpa) VALUES (1, 1738400402000000, 4.7, 905.5, NULL);
    `);
  },
  9: (db) => {
    db.exec(`
      INSERT INTO asset_facts (asset_id, drive, poles, mains_hz, nominal_rpm, motor_bearing, driven_bearing, updated_at)
        VALUES ('01900000-0000-7000-8000-000000000003', 'fixed', 2, 60, NULL, '6205', '6305', '2025-02-01T10:08:00.000Z');
    `);
  },
  // Views only (the published read models): no data of their own. The upgrade test reads through them.
  10: () => undefined,
};

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('migrations', () => {
  it('are numbered 1, 2, 3 ... with no gap, and every one has a seed', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    for (const m of migrations) expect(SEEDS[m.version], `seed for schema ${m.version}`).toBeTypeOf('function');
  });

  for (let from = 1; from < LATEST_SCHEMA_VERSION; from += 1) {
    it(`upgrade a database with data from schema ${from} to ${LATEST_SCHEMA_VERSION} without losing it`, () => {
      const file = path.join(dir, `from-${from}.db`);
      const old = openDatabase(file, { targetVersion: from });
      expect(old.schemaVersion).toBe(from);
      for (let v = 1; v <= from; v += 1) SEEDS[v]?.(old.db);
      old.db.close();

      const { db, schemaVersion, applied } = openDatabase(file);
      expect(schemaVersion).toBe(LATEST_SCHEMA_VERSION);
      expect(applied[0]).toBe(from + 1);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);

      const site = new SitesRepository(db).list({ query: '강남' })[0];
      expect(site?.name).toBe('행복마트 강남점');
      expect(site?.customerName).toBe('행복마트');
      const asset = new AssetsRepository(db).findByTag('qr-0001');
      expect(asset.name).toBe('쇼케이스 압축기 1');
      // Equipment recorded before machine facts existed has none, and reads as such.
      if (from < 9) expect(asset.facts).toEqual(NO_FACTS);
      expect(new SettingsRepository(db).get().language).toBe('ko');
      // The published views read the upgraded rows.
      expect(db.prepare("SELECT site_name, customer_name FROM asset_places WHERE asset_tag = 'QR-0001'").get()).toEqual({ site_name: '행복마트 강남점', customer_name: '행복마트' });
      if (from >= 2) {
        expect(db.prepare('SELECT asset_id, technician FROM visit_index').all()).toEqual([{ asset_id: '01900000-0000-7000-8000-000000000003', technician: '김기사' }]);
        // Schema 8's seed adds a reading with a pressure (first upgraded from here once schema 9 came).
        expect(db.prepare('SELECT count(*) AS n FROM readings').get()).toEqual({ n: from >= 8 ? 3 : 2 });
        // Readings stored before transducers have no pressure, never a zero one.
        expect(db.prepare('SELECT count(*) AS n FROM readings WHERE suction_kpa IS NULL AND discharge_kpa IS NULL').get()).toEqual({ n: 2 });
        expect(site?.lastServiceAt).toBe('2025-02-01T09:00:00.000Z');
      }
      db.close();
    });
  }

  it('the latest schema accepts the seeds of every version (they stay valid examples)', () => {
    const { db } = openDatabase(path.join(dir, 'latest.db'));
    for (const m of migrations) SEEDS[m.version]?.(db);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(new AssetsRepository(db).findByTag('qr-0001').facts).toMatchObject({ drive: 'fixed', poles: 2, mainsHz: 60, motorBearing: '6205', drivenBearing: '6305', speed: { rpm: 3492, source: 'estimated' } });
    db.close();
  });
});
