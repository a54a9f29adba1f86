import { v7 as uuidv7 } from 'uuid';
import { AppError, type Site, type SiteSummary } from '../../../../shared/contract';
import type { Db } from '../../platform/storage/database';
import { likePattern } from '../../platform/storage/like';

/** A validated site as the handlers pass it (optional text already trimmed, empty -> null). */
export interface SiteFields {
  name: string;
  customerName?: string | null | undefined;
  address?: string | null | undefined;
  contactName?: string | null | undefined;
  contactPhone?: string | null | undefined;
  notes?: string | null | undefined;
}

interface SiteRow {
  id: string;
  customer_id: string | null;
  customer_name: string | null;
  name: string;
  address: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  asset_count: number;
  last_service_at: string | null;
}

const SELECT_SUMMARY = `
  SELECT s.*, c.name AS customer_name,
    (SELECT count(*) FROM assets a WHERE a.site_id = s.id AND a.archived_at IS NULL) AS asset_count,
    (SELECT max(v.started_at) FROM assets a JOIN visit_index v ON v.asset_id = a.id WHERE a.site_id = s.id)
      AS last_service_at
  FROM sites s LEFT JOIN customers c ON c.id = s.customer_id`;

export class SitesRepository {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(options: { query?: string | undefined; includeArchived?: boolean | undefined; limit?: number | undefined }): SiteSummary[] {
    const pattern = options.query ? likePattern(options.query) : null;
    const rows = this.db
      .prepare(
        `${SELECT_SUMMARY}
         WHERE (@archived = 1 OR s.archived_at IS NULL)
           AND (@pattern IS NULL
             OR s.name LIKE @pattern ESCAPE '\\'
             OR s.address LIKE @pattern ESCAPE '\\'
             OR c.name LIKE @pattern ESCAPE '\\'
             OR EXISTS (SELECT 1 FROM assets a WHERE a.site_id = s.id AND a.asset_tag LIKE @pattern ESCAPE '\\'))
         ORDER BY s.archived_at IS NOT NULL, s.name COLLATE NOCASE
         LIMIT @limit`,
      )
      .all({ archived: options.includeArchived ? 1 : 0, pattern, limit: options.limit ?? 200 }) as SiteRow[];
    return rows.map(toSummary);
  }

  get(id: string): SiteSummary {
    const row = this.db.prepare(`${SELECT_SUMMARY} WHERE s.id = ?`).get(id) as SiteRow | undefined;
    if (!row) throw new AppError('not_found', `No site with id ${id}.`, 'id');
    return toSummary(row);
  }

  create(fields: SiteFields): Site {
    const id = uuidv7();
    const at = this.now().toISOString();
    this.db.transaction(() => {
      const customerId = this.customerIdFor(fields.customerName, at);
      this.db
        .prepare(
          `INSERT INTO sites (id, customer_id, name, address, contact_name, contact_phone, notes, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, customerId, fields.name, fields.address ?? null, fields.contactName ?? null, fields.contactPhone ?? null, fields.notes ?? null, at, at);
    })();
    return this.get(id);
  }

  update(id: string, fields: SiteFields): Site {
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.get(id);
      const customerId = this.customerIdFor(fields.customerName, at);
      this.db
        .prepare(
          `UPDATE sites SET customer_id = ?, name = ?, address = ?, contact_name = ?, contact_phone = ?, notes = ?, updated_at = ?
           WHERE id = ?`,
        )
        .run(customerId, fields.name, fields.address ?? null, fields.contactName ?? null, fields.contactPhone ?? null, fields.notes ?? null, at, id);
    })();
    return this.get(id);
  }

  setArchived(id: string, archived: boolean): Site {
    const at = this.now().toISOString();
    const result = this.db
      .prepare('UPDATE sites SET archived_at = ?, updated_at = ? WHERE id = ?')
      .run(archived ? at : null, at, id);
    if (result.changes === 0) throw new AppError('not_found', `No site with id ${id}.`, 'id');
    return this.get(id);
  }

  customerNames(query: string | undefined): string[] {
    const pattern = query ? likePattern(query) : null;
    const rows = this.db
      .prepare(
        `SELECT name FROM customers WHERE (@pattern IS NULL OR name LIKE @pattern ESCAPE '\\')
         ORDER BY name COLLATE NOCASE LIMIT 50`,
      )
      .all({ pattern }) as { name: string }[];
    return rows.map((r) => r.name);
  }

  /** Finds the customer by name (case-insensitively) or creates it; null clears the link. */
  private customerIdFor(name: string | null | undefined, at: string): string | null {
    if (!name) return null;
    const existing = this.db.prepare('SELECT id FROM customers WHERE name = ?').get(name) as { id: string } | undefined;
    if (existing) return existing.id;
    const id = uuidv7();
    this.db.prepare('INSERT INTO customers (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run(id, name, at, at);
    return id;
  }
}

function toSummary(row: SiteRow): SiteSummary {
  return {
    id: row.id,
    name: row.name,
    customerId: row.customer_id,
    customerName: row.customer_name,
    address: row.address,
    contactName: row.contact_name,
    contactPhone: row.contact_phone,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
    assetCount: row.asset_count,
    lastServiceAt: row.last_service_at,
  };
}
