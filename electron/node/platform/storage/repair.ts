import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { APPLICATION_ID, type Db, integrityProblems, openDatabase } from './database';
import { StorageError } from './errors';

export interface TableSalvage {
  table: string;
  copied: number;
  /** Part of the table could not be read (damaged pages): those rows are gone from the new file. */
  partial: boolean;
}

export interface RepairResult {
  /** The damaged file, kept byte for byte under a new name in the same folder. */
  keptAside: string;
  tables: TableSalvage[];
  /** Rows dropped because what they pointed to was unreadable (their recordings come back from their files). */
  orphanRowsDropped: number;
}

const stampOf = (now: Date) => now.toISOString().replace(/[:.]/g, '-');

/** Moves the database and its WAL/SHM aside together (SQLite finds the WAL by the file's name). */
function setAside(file: string, suffix: string): string {
  const aside = `${file}.${suffix}`;
  for (const extra of ['-wal', '-shm']) if (fs.existsSync(`${file}${extra}`)) fs.renameSync(`${file}${extra}`, `${aside}${extra}`);
  fs.renameSync(file, aside);
  return aside;
}

/**
 * `repair-db`: a damaged database is never written to. Instead it is moved aside, a new one is
 * made with the current schema, and every row SQLite can still read is copied over, table by
 * table (readings series by series, so one bad page costs part of one series, not all of them).
 * Rows whose parent was lost are dropped; the next start re-attaches their recordings from the
 * files and sidecars, so what is on disk comes back even when its rows did not.
 */
export function repairDatabase(file: string, now = new Date()): RepairResult {
  if (!fs.existsSync(file)) throw new StorageError('database_corrupt', `There is no database at ${file} to repair. Start the app: it rebuilds the index from the recordings.`);
  const keptAside = setAside(file, `damaged-${stampOf(now)}`);
  const old = new BetterSqlite3(keptAside, { readonly: true, fileMustExist: true });
  const fresh = openDatabase(file, { backupBeforeMigrate: false }).db;
  try {
    fresh.pragma('foreign_keys = OFF');
    const tables = (fresh.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid").all() as { name: string }[]).map((t) => t.name);
    const salvage: TableSalvage[] = [];
    for (const table of tables) salvage.push(copyTable(old, fresh, table));
    const orphanRowsDropped = dropOrphans(fresh);
    fresh.pragma('foreign_keys = ON');
    return { keptAside, tables: salvage, orphanRowsDropped };
  } finally {
    old.close();
    fresh.close();
  }
}

function columnsOf(db: Db, table: string): string[] {
  try {
    return (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((c) => c.name);
  } catch {
    return [];
  }
}

function copyTable(old: Db, fresh: Db, table: string): TableSalvage {
  const have = new Set(columnsOf(old, table));
  const columns = columnsOf(fresh, table).filter((c) => have.has(c));
  const result: TableSalvage = { table, copied: 0, partial: false };
  if (columns.length === 0) return result;
  const list = columns.map((c) => `"${c}"`).join(', ');
  const insert = fresh.prepare(`INSERT OR IGNORE INTO "${table}" (${list}) VALUES (${columns.map(() => '?').join(', ')})`);
  const copy = (sql: string, ...args: unknown[]): boolean => {
    const batch: unknown[][] = [];
    const flush = fresh.transaction(() => {
      for (const row of batch) result.copied += insert.run(...row).changes;
      batch.length = 0;
    });
    try {
      for (const row of old.prepare(sql).raw().iterate(...args) as Iterable<unknown[]>) {
        batch.push(row);
        if (batch.length >= 5000) flush();
      }
      flush();
      return true;
    } catch {
      flush();
      result.partial = true;
      return false;
    }
  };
  if (table === 'readings') {
    // One series at a time: a damaged page loses part of one series.
    let series: number[] = [];
    try {
      series = (fresh.prepare('SELECT id FROM reading_series').all() as { id: number }[]).map((s) => s.id);
    } catch {
      result.partial = true;
    }
    for (const id of series) copy(`SELECT ${list} FROM readings WHERE series_id = ? ORDER BY t_us`, id);
    return result;
  }
  const hasRowid = !/WITHOUT ROWID/i.test(
    (old.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table) as { sql: string } | undefined)?.sql ?? '',
  );
  if (copy(`SELECT ${list} FROM "${table}"`) || !hasRowid) return result;
  // Past a damaged page of a rowid table: start again further on, in growing steps.
  let last = (fresh.prepare(`SELECT max(rowid) AS r FROM "${table}"`).get() as { r: number | null }).r ?? 0;
  for (let step = 1; step < 1e7; step *= 4) {
    if (copy(`SELECT ${list} FROM "${table}" WHERE rowid > ? ORDER BY rowid`, last + step)) break;
    last = Math.max(last, (fresh.prepare(`SELECT max(rowid) AS r FROM "${table}"`).get() as { r: number | null }).r ?? 0);
  }
  return result;
}

/** Deletes rows whose parent row was lost, children first, until the foreign keys hold. */
function dropOrphans(db: Db): number {
  let dropped = 0;
  for (let pass = 0; pass < 10; pass += 1) {
    const violations = db.pragma('foreign_key_check') as { table: string; rowid: number | null }[];
    if (violations.length === 0) break;
    for (const v of violations) {
      if (v.rowid !== null) dropped += db.prepare(`DELETE FROM "${v.table}" WHERE rowid = ?`).run(v.rowid).changes;
    }
    if (violations.every((v) => v.rowid === null)) break;
  }
  return dropped;
}

/**
 * `restore-db <backup>`: puts a backup the app made (signalcraft.db.v<N>.bak) back in place. The
 * current file is moved aside, never deleted; the backup is copied, not moved. At the next start
 * the schema is brought up to date and recordings made after the backup are re-attached from
 * their files, so restoring never loses a recording.
 */
export function restoreBackup(file: string, backup: string, now = new Date()): { replacedAside: string | null } {
  const check = (() => {
    try {
      return new BetterSqlite3(backup, { readonly: true, fileMustExist: true });
    } catch (error) {
      throw new StorageError('database_corrupt', `${backup} cannot be opened as a database (${(error as Error).message}). Nothing was changed.`);
    }
  })();
  try {
    const appId = check.pragma('application_id', { simple: true }) as number;
    if (appId !== APPLICATION_ID) throw new StorageError('database_foreign', `${backup} is not a SignalCraft Field database. Nothing was changed.`);
    const problems = integrityProblems(check, 'full');
    if (problems.length > 0) throw new StorageError('database_corrupt', `${backup} is damaged too (${problems.slice(0, 2).join('; ')}). Nothing was changed.`);
  } finally {
    check.close();
  }
  const replacedAside = fs.existsSync(file) ? setAside(file, `replaced-${stampOf(now)}`) : null;
  const tmp = path.join(path.dirname(file), `.restore-${process.pid}.tmp`);
  fs.copyFileSync(backup, tmp);
  const fd = fs.openSync(tmp, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, file);
  return { replacedAside };
}
