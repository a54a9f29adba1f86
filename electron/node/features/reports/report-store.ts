import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { AppError, type GeneratedReport, type Language, type Signature, type SignatureInput, VisitVerdict } from '../../../../shared/contract';
import { writeFileAtomic } from '../../platform/storage/atomic-file';
import type { Db } from '../../platform/storage/database';

/** The customer's signature of a session (table session_signatures, schema 4). */
export class SignatureRepository {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  get(sessionId: string): Signature | null {
    const row = this.db
      .prepare('SELECT session_id, signer_name, strokes, width, height, signed_at FROM session_signatures WHERE session_id = ?')
      .get(sessionId) as
      | { session_id: string; signer_name: string | null; strokes: string; width: number; height: number; signed_at: string }
      | undefined;
    if (!row) return null;
    return {
      sessionId: row.session_id,
      signerName: row.signer_name,
      width: row.width,
      height: row.height,
      strokes: JSON.parse(row.strokes) as [number, number][][],
      signedAt: row.signed_at,
    };
  }

  /** Signing again replaces the earlier signature. */
  save(input: { sessionId: string; signerName: string | null; width: number; height: number; strokes: [number, number][][] }): Signature {
    // Two decimals are far finer than a finger: keeps the stored JSON small.
    const strokes = input.strokes.map((s) => s.map(([x, y]) => [round2(x), round2(y)] as [number, number]));
    try {
      this.db
        .prepare(
          `INSERT INTO session_signatures (session_id, signer_name, strokes, width, height, signed_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(session_id) DO UPDATE SET signer_name = excluded.signer_name, strokes = excluded.strokes,
             width = excluded.width, height = excluded.height, signed_at = excluded.signed_at`,
        )
        .run(input.sessionId, input.signerName, JSON.stringify(strokes), input.width, input.height, this.now().toISOString());
    } catch (err) {
      // The visit is the recording feature's row: its foreign key says it is gone, without asking.
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw new AppError('not_found', 'This session does not exist (deleted?).', 'sessionId');
      }
      throw err;
    }
    return this.get(input.sessionId)!;
  }

  clear(sessionId: string): boolean {
    return this.db.prepare('DELETE FROM session_signatures WHERE session_id = ?').run(sessionId).changes > 0;
  }
}

const round2 = (v: number) => Math.round(v * 100) / 100;

export type SignatureToSave = Omit<SignatureInput, 'signerName'> & { signerName: string | null };

export const REPORTS_DIR = 'reports';

/** PDFs made for customers: files under <data>/reports/<session>/, rows in table reports. */
export class GeneratedReportRepository {
  constructor(
    private readonly db: Db,
    private readonly dataDir: string,
    private readonly now: () => Date,
  ) {}

  /** A deleted visit's PDFs (its rows went with it, by cascade). */
  removeFilesOf(sessionId: string): void {
    fs.rmSync(path.join(this.dataDir, REPORTS_DIR, sessionId), { recursive: true, force: true });
  }

  list(sessionId: string): GeneratedReport[] {
    const rows = this.db
      .prepare('SELECT id, session_id, language, path, bytes, sha256, created_at FROM reports WHERE session_id = ? ORDER BY created_at DESC, id DESC')
      .all(sessionId) as ReportRow[];
    return rows.map(toReport);
  }

  get(id: string): GeneratedReport & { absolutePath: string } {
    const row = this.db.prepare('SELECT id, session_id, language, path, bytes, sha256, created_at FROM reports WHERE id = ?').get(id) as ReportRow | undefined;
    if (!row) throw new AppError('not_found', 'This report does not exist.', 'reportId');
    return { ...toReport(row), absolutePath: path.resolve(this.dataDir, row.path) };
  }

  /** The newest PDF of a session: the one an upload sends, with the verdict it prints (null for PDFs made before schema 6). */
  latest(sessionId: string): (GeneratedReport & { absolutePath: string; relativePath: string; verdict: VisitVerdict | null }) | null {
    const row = this.db
      .prepare('SELECT id, session_id, language, path, bytes, sha256, created_at, verdict FROM reports WHERE session_id = ? ORDER BY created_at DESC, id DESC LIMIT 1')
      .get(sessionId) as (ReportRow & { verdict: string | null }) | undefined;
    if (!row) return null;
    let verdict: VisitVerdict | null;
    try {
      const parsed = VisitVerdict.safeParse(row.verdict ? JSON.parse(row.verdict) : null);
      verdict = parsed.success ? parsed.data : null;
    } catch {
      verdict = null;
    }
    return { ...toReport(row), absolutePath: path.resolve(this.dataDir, row.path), relativePath: row.path, verdict };
  }

  count(sessionId: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM reports WHERE session_id = ?').get(sessionId) as { n: number }).n;
  }

  /**
   * Writes the PDF durably (temporary file, flush, rename) before the row exists, so a row always
   * names a whole file. An earlier PDF of the session is kept: it may be what the customer has.
   */
  async add(sessionId: string, language: Language, pdf: Buffer, verdict: VisitVerdict | null = null): Promise<GeneratedReport> {
    const id = uuidv7();
    const relative = path.posix.join(REPORTS_DIR, sessionId, `${id}.pdf`);
    await writeFileAtomic(path.resolve(this.dataDir, relative), pdf);
    const sha256 = crypto.createHash('sha256').update(pdf).digest('hex');
    this.db
      .prepare('INSERT INTO reports (id, session_id, language, path, bytes, sha256, created_at, verdict) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, sessionId, language, relative, pdf.length, sha256, this.now().toISOString(), verdict ? JSON.stringify(verdict) : null);
    return this.get(id);
  }
}

interface ReportRow {
  id: string;
  session_id: string;
  language: string;
  path: string;
  bytes: number;
  sha256: string;
  created_at: string;
}

function toReport(row: ReportRow): GeneratedReport {
  return {
    id: row.id,
    sessionId: row.session_id,
    language: row.language === 'en' ? 'en' : 'ko',
    fileName: reportFileName(row),
    bytes: row.bytes,
    sha256: row.sha256,
    createdAt: row.created_at,
  };
}

/** A name a person recognises in their downloads folder: date, language and a short id. */
function reportFileName(row: ReportRow): string {
  return `signalcraft-report-${row.created_at.slice(0, 10)}-${row.language}-${row.id.slice(-8)}.pdf`;
}
