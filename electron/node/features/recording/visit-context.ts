import type { Db } from '../../platform/storage/database';
import { parseTags } from './tags';

/**
 * One visit with the equipment, site and customer it belongs to: what a report prints, an upload
 * sends and a visit's sidecar keeps beside its recordings. One query, so the three never drift.
 */
export interface SessionContext {
  session: {
    id: string;
    status: string;
    technician: string | null;
    technicianCompany: string | null;
    technicianLicence: string | null;
    startedAt: string;
    endedAt: string | null;
    notes: string | null;
    tags: string[];
  };
  asset: {
    id: string;
    name: string;
    kind: string;
    maker: string | null;
    model: string | null;
    serialNumber: string | null;
    refrigerant: string | null;
    assetTag: string | null;
    location: string | null;
  };
  site: { id: string; name: string; address: string | null };
  customer: { id: string; name: string } | null;
}

/** The visit's context, or null when no visit has that id. */
export function readVisitContext(db: Db, sessionId: string): SessionContext | null {
  const row = db
    .prepare(
      `SELECT s.id, s.status, s.technician, s.technician_company, s.technician_licence, s.started_at, s.ended_at, s.notes, s.tags,
              a.id AS asset_id, a.name AS asset_name, a.kind, a.maker, a.model, a.serial_number, a.refrigerant,
              a.asset_tag, a.location,
              si.id AS site_id, si.name AS site_name, si.address,
              c.id AS customer_id, c.name AS customer_name
       FROM sessions s
       JOIN assets a ON a.id = s.asset_id
       JOIN sites si ON si.id = a.site_id
       LEFT JOIN customers c ON c.id = si.customer_id
       WHERE s.id = ?`,
    )
    .get(sessionId) as Record<string, string | null> | undefined;
  if (!row) return null;
  return {
    session: {
      id: row.id!,
      status: row.status!,
      technician: row.technician ?? null,
      technicianCompany: row.technician_company ?? null,
      technicianLicence: row.technician_licence ?? null,
      startedAt: row.started_at!,
      endedAt: row.ended_at ?? null,
      notes: row.notes ?? null,
      tags: parseTags(row.tags ?? '[]'),
    },
    asset: {
      id: row.asset_id!,
      name: row.asset_name!,
      kind: row.kind!,
      maker: row.maker ?? null,
      model: row.model ?? null,
      serialNumber: row.serial_number ?? null,
      refrigerant: row.refrigerant ?? null,
      assetTag: row.asset_tag ?? null,
      location: row.location ?? null,
    },
    site: { id: row.site_id!, name: row.site_name!, address: row.address ?? null },
    customer: row.customer_id ? { id: row.customer_id, name: row.customer_name! } : null,
  };
}
