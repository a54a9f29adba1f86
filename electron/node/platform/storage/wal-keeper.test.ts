import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../logging/log';
import { tempDir } from '../../testing/fixtures';
import { type Db, openDatabase } from './database';
import { WalKeeper } from './wal-keeper';

/**
 * Issue 14, case 3: the database's syncs are off the event loop. Commits do not wait for the disk
 * (synchronous=NORMAL); the keeper syncs the log in the thread pool and checkpoints in a worker.
 */
let dir: string;
let cleanup: () => void;
let file: string;
let db: Db;
let keeper: WalKeeper | null = null;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  file = path.join(dir, 'signalcraft.db');
  db = openDatabase(file).db;
  db.exec('CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB)');
});
afterEach(async () => {
  await keeper?.close();
  keeper = null;
  if (db.open) db.close();
  cleanup();
});

const insert = (bytes: number) => db.prepare('INSERT INTO blobs (data) VALUES (?)').run(Buffer.alloc(bytes, 7));

describe('WalKeeper', () => {
  it('commits without syncing; the keeper syncs the log only when it changed', async () => {
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    keeper = new WalKeeper(db, file, silentLogger(), { syncMs: 60_000, checkpointEveryMs: 60_000 });
    keeper.start();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    insert(1000);
    await keeper.tick();
    expect(keeper.stats.walSyncs).toBe(1);
    await keeper.tick();
    expect(keeper.stats.walSyncs).toBe(1);
    insert(1000);
    await keeper.tick();
    expect(keeper.stats.walSyncs).toBe(2);
    expect(keeper.stats.checkpoints).toBe(0);
  });

  it('checkpoints in its own thread when due, and not while a capture records (until overdue)', async () => {
    keeper = new WalKeeper(db, file, silentLogger(), { syncMs: 60_000, checkpointEveryMs: 0, deferMaxMs: 60_000 });
    keeper.start();
    let recording = true;
    keeper.deferWhile(() => recording);
    insert(2 * 1024 * 1024);
    const before = fs.statSync(file).size;
    await keeper.tick();
    expect(keeper.stats.checkpoints).toBe(0);
    expect(fs.statSync(file).size).toBe(before);
    recording = false;
    await keeper.tick();
    expect(keeper.stats.checkpoints).toBe(1);
    // The rows moved from the log into the database file, by the worker's connection.
    expect(fs.statSync(file).size).toBeGreaterThan(before + 2 * 1024 * 1024);
    // The app's connection goes on writing after the checkpoint (the log restarts from its start).
    insert(1000);
    expect((db.prepare('SELECT count(*) AS n FROM blobs').get() as { n: number }).n).toBe(2);
    await keeper.close();
    db.close();
    const reopened = openDatabase(file, { integrity: 'full' }).db;
    expect(reopened.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 2 });
    reopened.close();
  });

  it('checkpoints during a long capture once it is overdue', async () => {
    keeper = new WalKeeper(db, file, silentLogger(), { syncMs: 60_000, checkpointEveryMs: 0, deferMaxMs: 0 });
    keeper.start();
    keeper.deferWhile(() => true);
    insert(1000);
    await keeper.tick();
    expect(keeper.stats.checkpoints).toBe(1);
  });
});
