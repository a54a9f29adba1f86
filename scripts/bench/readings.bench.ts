/**
 * The readings table at the scale it is designed for: millions of rows. Fills a real database file
 * with 2,000,000 readings over 40 series (40 sessions of 50,000 readings, e.g. 1 h 23 min at 10 Hz)
 * in batched transactions as the recorder will, then times what the app does with them: the
 * readings of one series in a 10-minute window (the chart of a session), and one series' min/max.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../electron/node/platform/storage/database';
import { fmt, measure, report, stats } from './harness';

const SERIES = 40;
const PER_SERIES = 50_000;
const BATCH = 100; // one transaction per 10 s of a 10 Hz sensor
const START_US = 1_767_225_600_000_000; // 2026-01-01

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-bench-readings-'));
const { db } = openDatabase(path.join(dir, 'bench.db'));
const at = '2026-01-01T00:00:00.000Z';
db.exec(`INSERT INTO sites (id, name, created_at, updated_at) VALUES ('s', 'Bench site', '${at}', '${at}');
         INSERT INTO assets (id, site_id, name, kind, created_at, updated_at) VALUES ('a', 's', 'Bench asset', 'compressor', '${at}', '${at}');`);
const addSession = db.prepare(`INSERT INTO sessions (id, asset_id, started_at, created_at, updated_at) VALUES (?, 'a', ?, ?, ?)`);
const addRecording = db.prepare(
  `INSERT INTO recordings (id, session_id, source, stream, status, started_at, created_at) VALUES (?, ?, 'sensor', 'readings', 'complete', ?, ?)`,
);
const addSeries = db.prepare('INSERT INTO reading_series (id, recording_id) VALUES (?, ?)');
const insert = db.prepare(
  `INSERT INTO readings (series_id, t_us, temperature_c, vib_x_g, vib_y_g, vib_z_g, current_a, power_w, audio_level_db, quality)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
const insertBatch = db.transaction((series: number, from: number) => {
  for (let i = from; i < from + BATCH; i += 1) {
    const t = START_US + series * 10_000_000_000 + i * 100_000;
    const phase = i / 600;
    insert.run(series, t, 4 + Math.sin(phase), 0.01 * Math.sin(i), 0.012, 0.009, 6.2 + 0.1 * Math.cos(phase), 1400, 61.5, 0.98);
  }
});

const batchTimes: number[] = [];
const fillStart = performance.now();
for (let s = 1; s <= SERIES; s += 1) {
  addSession.run(`session-${s}`, at, at, at);
  addRecording.run(`rec-${s}`, `session-${s}`, at, at);
  addSeries.run(s, `rec-${s}`);
  for (let i = 0; i < PER_SERIES; i += BATCH) {
    const t0 = performance.now();
    insertBatch(s, i);
    batchTimes.push(performance.now() - t0);
  }
}
const fillMs = performance.now() - fillStart;
db.pragma('wal_checkpoint(TRUNCATE)');
const rows = SERIES * PER_SERIES;
const bytes = fs.statSync(path.join(dir, 'bench.db')).size;

const windowQuery = db.prepare('SELECT * FROM readings WHERE series_id = ? AND t_us >= ? AND t_us < ?');
let k = 0;
const windowStats = await measure(
  () => {
    const series = (k++ % SERIES) + 1;
    const from = START_US + series * 10_000_000_000 + 1_000_000_000; // 1000 s into the series
    const got = windowQuery.all(series, from, from + 600_000_000);
    if (got.length !== 6000) throw new Error(`expected 6000 readings in 10 minutes, got ${got.length}`);
  },
  { runs: 60, warmup: 5 },
);
const minMax = db.prepare('SELECT min(temperature_c), max(temperature_c) FROM readings WHERE series_id = ?');
const minMaxStats = await measure(() => minMax.get((k++ % SERIES) + 1), { runs: 30, warmup: 2 });
const plan = db.prepare('EXPLAIN QUERY PLAN SELECT * FROM readings WHERE series_id = 3 AND t_us >= 0 AND t_us < 1').all() as { detail: string }[];

db.close();
fs.rmSync(dir, { recursive: true, force: true });

const batch = stats(batchTimes);
console.log(`rows: ${rows.toLocaleString('en')} in ${(fillMs / 1000).toFixed(1)} s = ${Math.round(rows / (fillMs / 1000)).toLocaleString('en')} rows/s`);
console.log(`batch of ${BATCH} (one transaction, synchronous=FULL): ${fmt(batch)}`);
console.log(`file size: ${(bytes / 1024 / 1024).toFixed(1)} MB = ${(bytes / rows).toFixed(1)} bytes per reading`);
console.log(`10-minute window of one series (6,000 rows): ${fmt(windowStats)}`);
console.log(`min/max of one series (50,000 rows): ${fmt(minMaxStats)}`);
console.log(`query plan: ${plan.map((p) => p.detail).join('; ')}`);
report('readings', {
  rows,
  insertRowsPerSecond: Math.round(rows / (fillMs / 1000)),
  batchMs: batch,
  bytesPerReading: bytes / rows,
  windowQueryMs: windowStats,
  seriesMinMaxMs: minMaxStats,
  plan: plan.map((p) => p.detail),
});
