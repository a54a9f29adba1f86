import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { ReportMetadata } from './metadata';

/**
 * The reference server's storage: a real SQLite file for users, sessions, readings and reports, and
 * real files for the uploaded recordings, photos and PDFs. It is what the server team's production
 * storage must behave like (docs/server-api.md), not how it must be built.
 */
export type Db = BetterSqlite3.Database;

export type FileCollection = 'recordings' | 'photos';

export interface User {
  id: number;
  username: string;
  name: string;
}

export interface FileState {
  id: string;
  bytes: number;
  sha256: string;
  received: number;
  complete: boolean;
}

export interface ReportRow {
  id: string;
  revision: number;
  metadata: string;
  idempotencyKey: string;
  bodySha256: string;
  createdAt: string;
  updatedAt: string;
  userId: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS users (
    id             INTEGER PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    password_salt  TEXT NOT NULL,
    password_hash  TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS auth_sessions (
    token       TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    expires_at  INTEGER NOT NULL
  );
  -- The existing IoT endpoint stores every POST: it has no key to recognise a repeat.
  CREATE TABLE IF NOT EXISTS sensor_data (
    id           INTEGER PRIMARY KEY,
    device_id    TEXT NOT NULL,
    timestamp    REAL NOT NULL,
    payload      TEXT NOT NULL,
    received_at  TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS reports (
    id               TEXT PRIMARY KEY,
    revision         INTEGER NOT NULL,
    metadata         TEXT NOT NULL,
    idempotency_key  TEXT NOT NULL,
    body_sha256      TEXT NOT NULL,
    user_id          INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
  );
  -- Every key ever used for a report write, with the body it carried: a repeat is answered, a
  -- reuse with another body refused.
  CREATE TABLE IF NOT EXISTS report_writes (
    idempotency_key  TEXT PRIMARY KEY,
    report_id        TEXT NOT NULL REFERENCES reports(id),
    body_sha256      TEXT NOT NULL,
    revision         INTEGER NOT NULL
  );
  -- Every revision's metadata as it arrived: a new revision never erases what an earlier one said
  -- (an upload whose verdict later changed is still on record as first sent).
  CREATE TABLE IF NOT EXISTS report_revisions (
    report_id        TEXT NOT NULL REFERENCES reports(id),
    revision         INTEGER NOT NULL,
    metadata         TEXT NOT NULL,
    document_sha256  TEXT,
    created_at       TEXT NOT NULL,
    PRIMARY KEY (report_id, revision)
  );
  CREATE TABLE IF NOT EXISTS files (
    report_id   TEXT NOT NULL REFERENCES reports(id),
    collection  TEXT NOT NULL,
    id          TEXT NOT NULL,
    bytes       INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    received    INTEGER NOT NULL DEFAULT 0,
    complete    INTEGER NOT NULL DEFAULT 0,
    chunks      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (report_id, collection, id)
  );
  CREATE TABLE IF NOT EXISTS reading_batches (
    report_id    TEXT NOT NULL REFERENCES reports(id),
    id           TEXT NOT NULL,
    count        INTEGER NOT NULL,
    body_sha256  TEXT,
    PRIMARY KEY (report_id, id)
  );
  CREATE TABLE IF NOT EXISTS readings (
    report_id  TEXT NOT NULL,
    batch_id   TEXT NOT NULL,
    idx        INTEGER NOT NULL,
    device_id  TEXT NOT NULL,
    timestamp  REAL NOT NULL,
    payload    TEXT NOT NULL,
    PRIMARY KEY (report_id, batch_id, idx)
  );
  CREATE TABLE IF NOT EXISTS documents (
    report_id       TEXT PRIMARY KEY REFERENCES reports(id),
    declared_sha256 TEXT,
    declared_bytes  INTEGER,
    stored_sha256   TEXT,
    stored_bytes    INTEGER,
    stored_at       TEXT
  );
`;

const hashPassword = (password: string, salt: string) => crypto.scryptSync(password, salt, 32).toString('hex');
export const sha256 = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('hex');

export class ReferenceStore {
  readonly db: Db;
  private readonly filesDir: string;

  constructor(
    readonly dataDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.filesDir = path.join(dataDir, 'files');
    fs.mkdirSync(this.filesDir, { recursive: true });
    this.db = new BetterSqlite3(path.join(dataDir, 'reference-server.db'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ---- users and sessions ----

  addUser(username: string, password: string, name: string): User {
    const salt = crypto.randomBytes(16).toString('hex');
    const row = this.db
      .prepare(
        `INSERT INTO users (username, name, password_salt, password_hash) VALUES (?, ?, ?, ?)
         ON CONFLICT(username) DO UPDATE SET name = excluded.name, password_salt = excluded.password_salt,
           password_hash = excluded.password_hash
         RETURNING id, username, name`,
      )
      .get(username, name, salt, hashPassword(password, salt)) as User;
    return row;
  }

  checkPassword(username: string, password: string): User | null {
    const row = this.db.prepare('SELECT id, username, name, password_salt, password_hash FROM users WHERE username = ?').get(username) as
      | (User & { password_salt: string; password_hash: string })
      | undefined;
    if (!row) return null;
    const expected = Buffer.from(row.password_hash, 'hex');
    const given = Buffer.from(hashPassword(password, row.password_salt), 'hex');
    if (!crypto.timingSafeEqual(expected, given)) return null;
    return { id: row.id, username: row.username, name: row.name };
  }

  createSession(userId: number, ttlMs: number): string {
    const token = crypto.randomBytes(32).toString('base64url');
    this.db.prepare('INSERT INTO auth_sessions (token, user_id, expires_at) VALUES (?, ?, ?)').run(token, userId, this.now().getTime() + ttlMs);
    return token;
  }

  sessionUser(token: string | undefined): User | null {
    if (!token) return null;
    const row = this.db
      .prepare(
        `SELECT u.id, u.username, u.name, s.expires_at FROM auth_sessions s JOIN users u ON u.id = s.user_id WHERE s.token = ?`,
      )
      .get(token) as (User & { expires_at: number }) | undefined;
    if (!row || row.expires_at <= this.now().getTime()) return null;
    return { id: row.id, username: row.username, name: row.name };
  }

  expireSession(token: string): void {
    this.db.prepare('UPDATE auth_sessions SET expires_at = 0 WHERE token = ?').run(token);
  }

  expireAllSessions(): number {
    return this.db.prepare('UPDATE auth_sessions SET expires_at = 0 WHERE expires_at > 0').run().changes;
  }

  // ---- the existing IoT endpoint ----

  addSensorData(reading: { device_id: string; timestamp: number }, payload: string): number {
    const result = this.db
      .prepare('INSERT INTO sensor_data (device_id, timestamp, payload, received_at) VALUES (?, ?, ?, ?)')
      .run(reading.device_id, reading.timestamp, payload, this.now().toISOString());
    return Number(result.lastInsertRowid);
  }

  // ---- reports ----

  report(id: string): ReportRow | null {
    const row = this.db
      .prepare(
        `SELECT id, revision, metadata, idempotency_key AS idempotencyKey, body_sha256 AS bodySha256,
                created_at AS createdAt, updated_at AS updatedAt, user_id AS userId
         FROM reports WHERE id = ?`,
      )
      .get(id) as ReportRow | undefined;
    return row ?? null;
  }

  reportWrite(key: string): { reportId: string; bodySha256: string; revision: number } | null {
    const row = this.db
      .prepare('SELECT report_id AS reportId, body_sha256 AS bodySha256, revision FROM report_writes WHERE idempotency_key = ?')
      .get(key) as { reportId: string; bodySha256: string; revision: number } | undefined;
    return row ?? null;
  }

  /** Files declared with another size or hash than the ones already stored under the same id. */
  fileConflict(reportId: string, metadata: ReportMetadata): string | null {
    const get = this.db.prepare('SELECT bytes, sha256 FROM files WHERE report_id = ? AND collection = ? AND id = ?');
    for (const collection of ['recordings', 'photos'] as const) {
      for (const [i, file] of metadata[collection].entries()) {
        const row = get.get(reportId, collection, file.id) as { bytes: number; sha256: string } | undefined;
        if (row && (row.bytes !== file.bytes || row.sha256 !== file.sha256)) return `${collection}.${i}.sha256`;
      }
    }
    return null;
  }

  /** Creates a report or adds a revision; declared files, batches and the document are (re)registered. */
  writeReport(args: { reportId: string; key: string; body: string; bodySha256: string; metadata: ReportMetadata; userId: number }): number {
    const now = this.now().toISOString();
    return this.db.transaction(() => {
      const existing = this.report(args.reportId);
      const revision = existing ? existing.revision + 1 : 1;
      if (existing) {
        this.db
          .prepare('UPDATE reports SET revision = ?, metadata = ?, idempotency_key = ?, body_sha256 = ?, updated_at = ? WHERE id = ?')
          .run(revision, args.body, args.key, args.bodySha256, now, args.reportId);
      } else {
        this.db
          .prepare(
            `INSERT INTO reports (id, revision, metadata, idempotency_key, body_sha256, user_id, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(args.reportId, revision, args.body, args.key, args.bodySha256, args.userId, now, now);
      }
      this.db
        .prepare('INSERT INTO report_writes (idempotency_key, report_id, body_sha256, revision) VALUES (?, ?, ?, ?)')
        .run(args.key, args.reportId, args.bodySha256, revision);
      this.db
        .prepare('INSERT INTO report_revisions (report_id, revision, metadata, document_sha256, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(args.reportId, revision, args.body, args.metadata.document?.sha256 ?? null, now);
      const addFile = this.db.prepare(
        'INSERT INTO files (report_id, collection, id, bytes, sha256, complete) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
      );
      const emptySha = sha256('');
      for (const collection of ['recordings', 'photos'] as const) {
        for (const file of args.metadata[collection]) {
          // An empty file has nothing to send: it is complete once declared (if its hash says empty).
          const complete = file.bytes === 0 && file.sha256 === emptySha ? 1 : 0;
          addFile.run(args.reportId, collection, file.id, file.bytes, file.sha256, complete);
        }
      }
      const addBatch = this.db.prepare('INSERT INTO reading_batches (report_id, id, count) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
      for (const batch of args.metadata.readings.batches) addBatch.run(args.reportId, batch.id, batch.count);
      const doc = args.metadata.document;
      this.db
        .prepare(
          `INSERT INTO documents (report_id, declared_sha256, declared_bytes) VALUES (?, ?, ?)
           ON CONFLICT(report_id) DO UPDATE SET declared_sha256 = excluded.declared_sha256, declared_bytes = excluded.declared_bytes`,
        )
        .run(args.reportId, doc?.sha256 ?? null, doc?.bytes ?? null);
      return revision;
    })();
  }

  /** Every revision of a report, oldest first, with whether the PDF it declared is kept here. */
  revisions(reportId: string): { revision: number; createdAt: string; metadata: string; documentSha256: string | null; documentStored: boolean }[] {
    const rows = this.db
      .prepare('SELECT revision, created_at AS createdAt, metadata, document_sha256 AS documentSha256 FROM report_revisions WHERE report_id = ? ORDER BY revision')
      .all(reportId) as { revision: number; createdAt: string; metadata: string; documentSha256: string | null }[];
    return rows.map((r) => ({ ...r, documentStored: r.documentSha256 !== null && fs.existsSync(this.documentVersionPath(reportId, r.documentSha256)) }));
  }

  /** Each PDF ever stored, by its hash: a later revision's PDF does not replace an earlier one on disk. */
  documentVersionPath(reportId: string, hash: string): string {
    return path.join(this.filesDir, safeName(reportId), `document-${safeName(hash)}.pdf`);
  }

  reportIds(): string[] {
    return (this.db.prepare('SELECT id FROM reports ORDER BY id').all() as { id: string }[]).map((r) => r.id);
  }

  // ---- files ----

  filePath(reportId: string, collection: FileCollection, fileId: string): string {
    return path.join(this.filesDir, safeName(reportId), `${collection}-${safeName(fileId)}.bin`);
  }

  fileState(reportId: string, collection: FileCollection, fileId: string): FileState | null {
    const row = this.db
      .prepare('SELECT id, bytes, sha256, received, complete FROM files WHERE report_id = ? AND collection = ? AND id = ?')
      .get(reportId, collection, fileId) as (Omit<FileState, 'complete'> & { complete: number }) | undefined;
    return row ? { ...row, complete: row.complete === 1 } : null;
  }

  files(reportId: string, collection: FileCollection): FileState[] {
    const rows = this.db
      .prepare('SELECT id, bytes, sha256, received, complete FROM files WHERE report_id = ? AND collection = ? ORDER BY id')
      .all(reportId, collection) as (Omit<FileState, 'complete'> & { complete: number })[];
    return rows.map((r) => ({ ...r, complete: r.complete === 1 }));
  }

  /**
   * Appends a verified chunk at `offset` (the caller checked offset === received). Written and
   * flushed before the database moves `received`, so a crash in between only means the chunk is
   * sent again and overwritten. Synchronous on purpose: two requests for the same file (a retry
   * racing a slow original) are then serialised by the event loop.
   */
  appendChunk(reportId: string, collection: FileCollection, fileId: string, offset: number, chunk: Buffer): FileState {
    const file = this.filePath(reportId, collection, fileId);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(file, fs.existsSync(file) ? 'r+' : 'w+');
    try {
      fs.writeSync(fd, chunk, 0, chunk.length, offset);
      fs.ftruncateSync(fd, offset + chunk.length);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    this.db
      .prepare('UPDATE files SET received = ?, chunks = chunks + 1 WHERE report_id = ? AND collection = ? AND id = ?')
      .run(offset + chunk.length, reportId, collection, fileId);
    return this.fileState(reportId, collection, fileId)!;
  }

  markFile(reportId: string, collection: FileCollection, fileId: string, complete: boolean): void {
    if (complete) {
      this.db.prepare('UPDATE files SET complete = 1 WHERE report_id = ? AND collection = ? AND id = ?').run(reportId, collection, fileId);
    } else {
      fs.rmSync(this.filePath(reportId, collection, fileId), { force: true });
      this.db.prepare('UPDATE files SET received = 0, complete = 0 WHERE report_id = ? AND collection = ? AND id = ?').run(reportId, collection, fileId);
    }
  }

  // ---- readings ----

  batch(reportId: string, batchId: string): { count: number; bodySha256: string | null } | null {
    const row = this.db
      .prepare('SELECT count, body_sha256 AS bodySha256 FROM reading_batches WHERE report_id = ? AND id = ?')
      .get(reportId, batchId) as { count: number; bodySha256: string | null } | undefined;
    return row ?? null;
  }

  storeBatch(reportId: string, batchId: string, bodySha256: string, readings: { device_id: string; timestamp: number }[]): void {
    this.db.transaction(() => {
      const insert = this.db.prepare('INSERT INTO readings (report_id, batch_id, idx, device_id, timestamp, payload) VALUES (?, ?, ?, ?, ?, ?)');
      readings.forEach((r, idx) => insert.run(reportId, batchId, idx, r.device_id, r.timestamp, JSON.stringify(r)));
      this.db.prepare('UPDATE reading_batches SET body_sha256 = ? WHERE report_id = ? AND id = ?').run(bodySha256, reportId, batchId);
    })();
  }

  batches(reportId: string): { id: string; count: number; received: boolean }[] {
    const rows = this.db
      .prepare('SELECT id, count, body_sha256 FROM reading_batches WHERE report_id = ? ORDER BY id')
      .all(reportId) as { id: string; count: number; body_sha256: string | null }[];
    return rows.map((r) => ({ id: r.id, count: r.count, received: r.body_sha256 !== null }));
  }

  readingCount(reportId: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM readings WHERE report_id = ?').get(reportId) as { n: number }).n;
  }

  // ---- the PDF ----

  documentPath(reportId: string): string {
    return path.join(this.filesDir, safeName(reportId), 'document.pdf');
  }

  document(reportId: string): { declaredSha256: string | null; declaredBytes: number | null; storedSha256: string | null; storedBytes: number | null } | null {
    const row = this.db
      .prepare(
        `SELECT declared_sha256 AS declaredSha256, declared_bytes AS declaredBytes, stored_sha256 AS storedSha256,
                stored_bytes AS storedBytes FROM documents WHERE report_id = ?`,
      )
      .get(reportId) as
      | { declaredSha256: string | null; declaredBytes: number | null; storedSha256: string | null; storedBytes: number | null }
      | undefined;
    return row ?? null;
  }

  storeDocument(reportId: string, body: Buffer, hash: string): void {
    const file = this.documentPath(reportId);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, body);
    const fd = fs.openSync(tmp, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.copyFileSync(tmp, this.documentVersionPath(reportId, hash));
    fs.renameSync(tmp, file);
    this.db
      .prepare('UPDATE documents SET stored_sha256 = ?, stored_bytes = ?, stored_at = ? WHERE report_id = ?')
      .run(hash, body.length, this.now().toISOString(), reportId);
  }
}

/** Ids come from clients: never let one name a path outside the files folder. */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_');
}
