import { v7 as uuidv7 } from 'uuid';
import { ComputedVerdict, type VerdictOverride } from '../../../../shared/contract';
import type { Db } from '../../platform/storage/database';

/**
 * The stored verdict of each visit (table visit_verdicts, schema 6) and its audit trail. The
 * computed verdict is replaced when it changes; the override and the acceptance sit beside it and
 * are never overwritten by a recomputation. Every change raises the revision and leaves a line in
 * visit_verdict_audit.
 */
export interface StoredVerdict {
  visitId: string;
  computed: ComputedVerdict;
  override: VerdictOverride | null;
  accepted: { fingerprint: string; technician: string | null; at: string } | null;
  revision: number;
  updatedAt: string;
}

interface Row {
  visit_id: string;
  computed: string;
  fingerprint: string;
  override: string | null;
  accepted_fingerprint: string | null;
  accepted_by: string | null;
  accepted_at: string | null;
  revision: number;
  updated_at: string;
}

export type AuditAction = 'computed' | 'accepted' | 'overridden' | 'override_cleared';

export class VerdictRepository {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  get(visitId: string): StoredVerdict | null {
    const row = this.db.prepare('SELECT * FROM visit_verdicts WHERE visit_id = ?').get(visitId) as Row | undefined;
    if (!row) return null;
    const parsed = ComputedVerdict.safeParse(safeJson(row.computed));
    // A row written by another version that no longer parses is recomputed, not guessed at.
    if (!parsed.success) return null;
    return {
      visitId: row.visit_id,
      computed: parsed.data,
      override: row.override ? (safeJson(row.override) as VerdictOverride) : null,
      accepted: row.accepted_fingerprint ? { fingerprint: row.accepted_fingerprint, technician: row.accepted_by, at: row.accepted_at ?? row.updated_at } : null,
      revision: row.revision,
      updatedAt: row.updated_at,
    };
  }

  /** Stores the computed verdict; returns whether it changed (a new revision). */
  saveComputed(visitId: string, computed: ComputedVerdict): { changed: boolean; stored: StoredVerdict } {
    return this.db.transaction(() => {
      const before = this.get(visitId);
      if (before && before.computed.fingerprint === computed.fingerprint) return { changed: false, stored: before };
      const at = this.now().toISOString();
      const revision = before ? before.revision + 1 : 1;
      this.db
        .prepare(
          `INSERT INTO visit_verdicts (visit_id, computed, fingerprint, computed_at, revision, updated_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT(visit_id) DO UPDATE SET computed = excluded.computed, fingerprint = excluded.fingerprint,
             computed_at = excluded.computed_at, revision = excluded.revision, updated_at = excluded.updated_at`,
        )
        .run(visitId, JSON.stringify(computed), computed.fingerprint, computed.computedAt, revision, at);
      this.audit(visitId, 'computed', null, { status: computed.status, conditionKey: computed.conditionKey, severity: computed.severity, complete: computed.complete }, revision, at);
      return { changed: true, stored: this.get(visitId)! };
    })();
  }

  setOverride(visitId: string, override: VerdictOverride | null, technician: string | null): StoredVerdict {
    return this.db.transaction(() => {
      const before = this.get(visitId);
      if (!before) throw new Error(`No verdict stored for visit ${visitId}`);
      const at = this.now().toISOString();
      const revision = before.revision + 1;
      this.db.prepare('UPDATE visit_verdicts SET override = ?, revision = ?, updated_at = ? WHERE visit_id = ?').run(override ? JSON.stringify(override) : null, revision, at, visitId);
      this.audit(visitId, override ? 'overridden' : 'override_cleared', technician, override ?? { previous: before.override }, revision, at);
      return this.get(visitId)!;
    })();
  }

  accept(visitId: string, fingerprint: string, technician: string | null): StoredVerdict {
    return this.db.transaction(() => {
      const before = this.get(visitId);
      if (!before) throw new Error(`No verdict stored for visit ${visitId}`);
      const at = this.now().toISOString();
      const revision = before.revision + 1;
      this.db
        .prepare('UPDATE visit_verdicts SET accepted_fingerprint = ?, accepted_by = ?, accepted_at = ?, revision = ?, updated_at = ? WHERE visit_id = ?')
        .run(fingerprint, technician, at, revision, at, visitId);
      this.audit(visitId, 'accepted', technician, { fingerprint }, revision, at);
      return this.get(visitId)!;
    })();
  }

  auditTrail(visitId: string): { action: AuditAction; technician: string | null; detail: unknown; revision: number; at: string }[] {
    return (this.db.prepare('SELECT action, technician, detail, revision, at FROM visit_verdict_audit WHERE visit_id = ? ORDER BY at, id').all(visitId) as { action: AuditAction; technician: string | null; detail: string; revision: number; at: string }[]).map(
      (r) => ({ ...r, detail: safeJson(r.detail) }),
    );
  }

  private audit(visitId: string, action: AuditAction, technician: string | null, detail: unknown, revision: number, at: string): void {
    this.db
      .prepare('INSERT INTO visit_verdict_audit (id, visit_id, action, technician, detail, revision, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(uuidv7(), visitId, action, technician, JSON.stringify(detail), revision, at);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
