import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { StorageError, explainSqliteError } from './errors';
import { LATEST_SCHEMA_VERSION, type Migration, migrations as allMigrations } from './migrations';

export type Db = BetterSqlite3.Database;

/** Written into the header of every database this app creates ("SCFD"), to tell ours from others. */
export const APPLICATION_ID = 0x53434644;
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export interface OpenOptions {
  /** Stop at this version instead of the latest (used by the upgrade tests). */
  targetVersion?: number;
  migrations?: readonly Migration[];
  /** Copy the file aside before the first migration runs on existing data. Default true. */
  backupBeforeMigrate?: boolean;
  /**
   * Check the whole file before anything writes to it: `quick` (every start), `full` (after an
   * unclean shutdown). A damaged file is refused with the repair path. Default: none (tests, tools).
   */
  integrity?: 'none' | 'quick' | 'full';
}

export interface OpenedDatabase {
  db: Db;
  file: string;
  schemaVersion: number;
  /** Versions this open applied, in order (empty when the schema was current). */
  applied: number[];
  backupFile: string | null;
}

/**
 * Opens (creating if needed) the app database and brings its schema up to date.
 *
 * It refuses, without writing a byte, a file that is not SQLite, is another program's database,
 * is damaged, or was written by a newer version of the app: a technician's history is worth
 * more than a working start-up, so nothing here ever recreates or overwrites a database.
 */
export function openDatabase(file: string, options: OpenOptions = {}): OpenedDatabase {
  const migrations = options.migrations ?? allMigrations;
  const latest = migrations.at(-1)?.version ?? 0;
  const target = options.targetVersion ?? latest;

  checkHeader(file);
  fs.mkdirSync(path.dirname(file), { recursive: true });

  let db: Db;
  try {
    db = new BetterSqlite3(file);
  } catch (error) {
    throw explainSqliteError(error, file);
  }

  try {
    const version = readVersion(db, file);
    if (version > latest) {
      throw new StorageError(
        'database_too_new',
        `The database ${file} was written by a newer SignalCraft Field (schema ${version}; this version knows up to ${latest}). It was not modified. Update the app, or start this one with another --data-dir.`,
      );
    }
    checkOwnership(db, file, version);
    if (options.integrity && options.integrity !== 'none') checkIntegrity(db, file, options.integrity);

    // Only now that the file is known to be ours and readable do we change its settings.
    db.pragma('journal_mode = WAL');
    // NORMAL: a commit appends to the log without waiting for the disk, so no commit holds up the
    // event loop that carries sensor data (issue 14, case 3). A crash or kill -9 loses nothing
    // committed; WAL mode stays safe from corruption on a power cut, and the back end's WalKeeper
    // syncs the log every 500 ms off the loop, so a power cut loses at most about that much.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');

    const pending = migrations.filter((m) => m.version > version && m.version <= target);
    let backupFile: string | null = null;
    if (pending.length > 0 && version > 0 && options.backupBeforeMigrate !== false) {
      backupFile = `${file}.v${version}.bak`;
      fs.rmSync(backupFile, { force: true });
      db.prepare('VACUUM INTO ?').run(backupFile);
    }
    for (const migration of pending) applyMigration(db, file, migration);

    return {
      db,
      file,
      schemaVersion: Math.max(version, pending.at(-1)?.version ?? version),
      applied: pending.map((m) => m.version),
      backupFile,
    };
  } catch (error) {
    db.close();
    throw explainSqliteError(error, file);
  }
}

function checkHeader(file: string): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // a new database
    throw explainSqliteError(error, file);
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size === 0) return; // created but never written: SQLite treats it as empty
    const header = Buffer.alloc(SQLITE_MAGIC.length);
    const read = fs.readSync(fd, header, 0, header.length, 0);
    if (read < header.length || !header.equals(SQLITE_MAGIC)) {
      throw new StorageError(
        'database_corrupt',
        `The file ${file} is not a SQLite database (damaged or replaced). It was not modified. Repair it with "signalcraft-field repair-db" (the file is kept aside and the recordings are re-attached from their files), or restore a backup with "signalcraft-field restore-db".`,
      );
    }
  } finally {
    fs.closeSync(fd);
  }
}

function readVersion(db: Db, file: string): number {
  try {
    // Reading the schema forces SQLite to parse every page header it needs: a damaged file fails here.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    return db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    throw explainSqliteError(error, file);
  }
}

/** What SQLite's own check says is wrong, or an empty list when the file is sound. */
export function integrityProblems(db: Db, kind: 'quick' | 'full'): string[] {
  const pragma = kind === 'quick' ? 'quick_check' : 'integrity_check';
  const rows = db.pragma(`${pragma}(20)`) as Record<string, string>[];
  return rows.map((r) => Object.values(r)[0] ?? '').filter((r) => r !== 'ok');
}

function checkIntegrity(db: Db, file: string, kind: 'quick' | 'full'): void {
  let problems: string[];
  try {
    problems = integrityProblems(db, kind);
  } catch (error) {
    problems = [(error as Error).message];
  }
  if (problems.length > 0) throw damagedDatabase(file, problems);
}

/** The refusal every entry point shows for a damaged database: what is wrong, that nothing was written, how to repair. */
export function damagedDatabase(file: string, problems: string[]): StorageError {
  return new StorageError(
    'database_corrupt',
    `The database ${file} is damaged (SQLite found: ${problems.slice(0, 3).join('; ')}). It was not modified and nothing will be written to it. ` +
      `Repair it with "signalcraft-field repair-db --data-dir ${path.dirname(file)}": the damaged file is kept aside, everything SQLite can still read is copied into a new database, and the recordings are re-attached from their files.`,
  );
}

function checkOwnership(db: Db, file: string, version: number): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const tables = (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n;
  const foreign = (appId !== 0 && appId !== APPLICATION_ID) || (appId === 0 && (version > 0 || tables > 0));
  if (foreign) {
    throw new StorageError(
      'database_foreign',
      `The file ${file} is a SQLite database of another program. It was not modified. Point --data-dir at a SignalCraft Field data folder.`,
    );
  }
}

function applyMigration(db: Db, file: string, migration: Migration): void {
  const run = db.transaction(() => {
    db.exec(migration.sql);
    // Stamped in the same transaction as the first schema, so no crash can leave an unmarked file.
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${migration.version}`);
  });
  try {
    run();
  } catch (error) {
    const explained = explainSqliteError(error, file);
    if (explained instanceof StorageError) throw explained;
    throw new StorageError(
      'migration_failed',
      `Updating the database ${file} to schema ${migration.version} (${migration.name}) failed: ${(error as Error).message}. The database was left at its previous version; report this with the diagnostics bundle.`,
    );
  }
}

export { LATEST_SCHEMA_VERSION };
