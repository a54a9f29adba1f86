/**
 * The start-up integrity check of issue 14 on the readings table at its design scale: 2,000,000
 * readings in 40 series (as in readings.bench.ts) plus the small tables. Times `PRAGMA
 * quick_check` (run on every start) and `PRAGMA integrity_check` (after an unclean shutdown), each
 * on a fresh connection, and a whole `openDatabase` with each, which is what start-up waits for.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { integrityProblems, openDatabase } from '../../electron/node/platform/storage/database';
import { report, stats } from './harness';

const SERIES = 40;
const PER_SERIES = 50_000;
const RUNS = Number(process.env.SCF_BENCH_RUNS ?? 5);
const START_US = 1_767_225_600_000_000;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-bench-integrity-'));
const file = path.join(dir, 'signalcraft.db');
const { db } = openDatabase(file);
const at = '2026-01-01T00:00:00.000Z';
db.exec(`INSERT INTO sites (id, name, created_at, updated_at) VALUES ('s', 'Bench site', '${at}', '${at}');
         INSERT INTO assets (id, site_id, name, kind, created_at, updated_at) VALUES ('a', 's', 'Bench asset', 'compressor', '${at}', '${at}');`);
const insert = db.prepare(
  `INSERT INTO readings (series_id, t_us, temperature_c, vib_x_g, vib_y_g, vib_z_g, current_a, power_w, audio_level_db, quality)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
for (let s = 1; s <= SERIES; s += 1) {
  db.transaction(() => {
    db.prepare(`INSERT INTO sessions (id, asset_id, started_at, created_at, updated_at) VALUES (?, 'a', ?, ?, ?)`).run(`se${s}`, at, at, at);
    db.prepare(`INSERT INTO recordings (id, session_id, source, stream, status, started_at, created_at) VALUES (?, ?, 'sensor', 'readings', 'complete', ?, ?)`).run(`r${s}`, `se${s}`, at, at);
    db.prepare('INSERT INTO reading_series (id, recording_id) VALUES (?, ?)').run(s, `r${s}`);
    for (let i = 0; i < PER_SERIES; i += 1) {
      const t = START_US + s * 10_000_000_000 + i * 100_000;
      insert.run(s, t, 4 + Math.sin(i / 600), 0.01 * Math.sin(i), 0.012, 0.009, 6.2, 1400, 61.5, 0.98);
    }
  })();
}
db.pragma('wal_checkpoint(TRUNCATE)');
db.close();
const bytes = fs.statSync(file).size;
console.log(`database: ${(SERIES * PER_SERIES).toLocaleString('en')} readings, ${(bytes / 1e6).toFixed(0)} MB`);

const timed = (fn: () => void) => {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
};
const pragmaOnly = (kind: 'quick' | 'full') =>
  stats(
    Array.from({ length: RUNS }, () => {
      const c = new BetterSqlite3(file, { readonly: true });
      const ms = timed(() => {
        if (integrityProblems(c, kind).length > 0) throw new Error('the bench database is damaged');
      });
      c.close();
      return ms;
    }),
  );
const wholeOpen = (integrity: 'none' | 'quick' | 'full') => stats(Array.from({ length: RUNS }, () => timed(() => openDatabase(file, { integrity }).db.close())));

const quick = pragmaOnly('quick');
const full = pragmaOnly('full');
const openNone = wholeOpen('none');
const openQuick = wholeOpen('quick');
const openFull = wholeOpen('full');
console.log(`quick_check: median ${quick.median.toFixed(0)} ms (p10 ${quick.p10.toFixed(0)}, p90 ${quick.p90.toFixed(0)}, n=${quick.n})`);
console.log(`integrity_check: median ${full.median.toFixed(0)} ms (p10 ${full.p10.toFixed(0)}, p90 ${full.p90.toFixed(0)}, n=${full.n})`);
console.log(`openDatabase: no check ${openNone.median.toFixed(0)} ms, quick ${openQuick.median.toFixed(0)} ms, full ${openFull.median.toFixed(0)} ms (medians)`);
report('integrity', { readings: SERIES * PER_SERIES, bytes, quickMs: quick, fullMs: full, openNoneMs: openNone, openQuickMs: openQuick, openFullMs: openFull });
fs.rmSync(dir, { recursive: true, force: true });
