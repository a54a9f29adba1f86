import type { Db } from '../../platform/storage/database';
import type { AssetPlace } from '../register';
import { parseTags } from './tags';

/**
 * One visit with the equipment, site and customer it belongs to: what a report prints, an upload
 * sends and a visit's sidecar keeps beside its recordings. One query, so the three never drift;
 * the equipment side comes from the register's published view, `asset_places`.
 */
export interface SessionContext extends AssetPlace {
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
}

/** The visit's context, or null when no visit has that id. */
export function readVisitContext(db: Db, sessionId: string): SessionContext | null {
  const row = db
    .prepare(
      `SELECT s.id, s.status, s.technician, s.technician_company, s.technician_licence, s.started_at, s.ended_at, s.notes, s.tags,
              p.asset_id, p.asset_name, p.asset_kind AS kind, p.maker, p.model, p.serial_number, p.refrigerant,
              p.asset_tag, p.location, p.site_id, p.site_name, p.site_address AS address, p.customer_id, p.customer_name
       FROM sessions s
       JOIN asset_places p ON p.asset_id = s.asset_id
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
