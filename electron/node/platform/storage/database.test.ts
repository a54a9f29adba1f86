import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/fixtures';
import { APPLICATION_ID, openDatabase } from './database';
import { StorageError } from './errors';
import { LATEST_SCHEMA_VERSION, type Migration } from './migrations';

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

let dir: string;
let cleanup: () => void;
let file: string;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  file = path.join(dir, 'signalcraft.db');
});
afterEach(() => cleanup());

function expectRefusal(problem: string, run: () => unknown): StorageError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(StorageError);
  expect((caught as StorageError).problem).toBe(problem);
  expect((caught as StorageError).code).toBe('storage_error');
  return caught as StorageError;
}

describe('openDatabase', () => {
  it('creates a new database in WAL mode with foreign keys on, at the latest schema, marked as ours', () => {
    const { db, schemaVersion, applied } = openDatabase(path.join(dir, 'nested', 'folder', 'app.db'));
    expect(schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(applied).toEqual(Array.from({ length: LATEST_SCHEMA_VERSION }, (_, i) => i + 1));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    db.close();
  });

  it('opens an up-to-date database without applying or backing up anything', () => {
    openDatabase(file).db.close();
    const again = openDatabase(file);
    expect(again.applied).toEqual([]);
    expect(again.backupFile).toBeNull();
    again.db.close();
  });

  it('refuses a file that is not SQLite and leaves it byte for byte unchanged', () => {
    fs.writeFileSync(file, crypto.randomBytes(64 * 1024));
    const before = sha(file);
    const error = expectRefusal('database_corrupt', () => openDatabase(file));
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/not modified/);
    expect(sha(file)).toBe(before);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a database whose pages are damaged, without writing to it', () => {
    const { db } = openDatabase(file);
    const insert = db.prepare("INSERT INTO settings (key, value) VALUES (?, '\"x\"')");
    for (let i = 0; i < 2000; i += 1) insert.run(`key-${i}-${'x'.repeat(100)}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    // Keep the header, overwrite the schema page and the pages after it with garbage.
    const bytes = fs.readFileSync(file);
    crypto.randomBytes(bytes.length - 100).copy(bytes, 100);
    fs.writeFileSync(file, bytes);
    const before = sha(file);
    expectRefusal('database_corrupt', () => openDatabase(file));
    expect(sha(file)).toBe(before);
  });

  it('refuses a truncated database file', () => {
    openDatabase(file).db.close();
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, 10));
    expectRefusal('database_corrupt', () => openDatabase(file));
    expect(fs.statSync(file).size).toBe(10);
  });

  it('refuses a database written by a newer app, without touching it', () => {
    const { db } = openDatabase(file);
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const before = sha(file);
    const error = expectRefusal('database_too_new', () => openDatabase(file));
    expect(error.message).toMatch(/newer SignalCraft Field/);
    expect(sha(file)).toBe(before);
  });

  it("refuses another program's SQLite database", () => {
    const other = new BetterSqlite3(file);
    other.exec('CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)');
    other.close();
    const before = sha(file);
    expectRefusal('database_foreign', () => openDatabase(file));
    expect(sha(file)).toBe(before);
  });

  it('rolls a failing migration back, leaves the previous version intact and says which one failed', () => {
    const broken: Migration[] = [
      { version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, name: 'two', sql: 'CREATE TABLE b (y INTEGER); INSERT INTO nowhere VALUES (1);' },
    ];
    openDatabase(file, { migrations: broken.slice(0, 1) }).db.close();
    const error = expectRefusal('migration_failed', () => openDatabase(file, { migrations: broken }));
    expect(error.message).toMatch(/schema 2 \(two\)/);
    const db = new BetterSqlite3(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'b'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('backs the file up before migrating existing data', () => {
    openDatabase(file, { targetVersion: 1 }).db.close();
    const { db, backupFile } = openDatabase(file);
    db.close();
    expect(backupFile).toBe(`${file}.v1.bak`);
    const backup = new BetterSqlite3(backupFile as string, { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(1);
    backup.close();
  });
});
