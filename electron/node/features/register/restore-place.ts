import type { Db } from '../../platform/storage/database';

/** Equipment with its site and customer: what a visit heads with, and what its sidecar keeps. */
export interface AssetPlace {
  customer: { id: string; name: string } | null;
  site: { id: string; name: string; address: string | null };
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
}

/**
 * Puts back the equipment, site and customer of a visit found on disk whose rows are gone (a
 * rebuilt database). Rows that still exist are kept as they are; a customer is matched by name
 * too, and a tag now taken by another machine is not forced. Runs in the caller's transaction,
 * so the visit and its place are restored together or not at all.
 */
export function restorePlace(db: Db, place: AssetPlace, at: string): void {
  let customerId: string | null = null;
  if (place.customer) {
    const byName = db.prepare('SELECT id FROM customers WHERE id = ? OR name = ?').get(place.customer.id, place.customer.name) as { id: string } | undefined;
    customerId = byName?.id ?? place.customer.id;
    if (!byName) db.prepare('INSERT INTO customers (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run(place.customer.id, place.customer.name, at, at);
  }
  db.prepare('INSERT OR IGNORE INTO sites (id, customer_id, name, address, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    place.site.id,
    customerId,
    place.site.name,
    place.site.address,
    at,
    at,
  );
  const a = place.asset;
  const tagTaken = a.assetTag !== null && db.prepare('SELECT 1 FROM assets WHERE asset_tag = ? AND id <> ?').get(a.assetTag, a.id) !== undefined;
  db.prepare(
    `INSERT OR IGNORE INTO assets (id, site_id, name, kind, maker, model, serial_number, refrigerant, asset_tag, location, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(a.id, place.site.id, a.name, a.kind, a.maker, a.model, a.serialNumber, a.refrigerant, tagTaken ? null : a.assetTag, a.location, at, at);
}
