import type { Db } from '../../platform/storage/database';

/** A sensor used in a visit: its row in the devices table (its id is the sensor's own), added or refreshed. */
export function recordDeviceSeen(db: Db, device: { id: string; firmwareVersion: string | null; transport: string; address: string }, at: string): void {
  db.prepare(
    `INSERT INTO devices (id, kind, firmware_version, last_transport, last_address, first_seen_at, last_seen_at)
     VALUES (@id, 'esp32_sensor', @firmwareVersion, @transport, @address, @at, @at)
     ON CONFLICT(id) DO UPDATE SET firmware_version = coalesce(excluded.firmware_version, firmware_version),
       last_transport = excluded.last_transport, last_address = excluded.last_address, last_seen_at = excluded.last_seen_at`,
  ).run({ ...device, at });
}

/** A sensor named by a recording found on disk (a rebuilt database): known from then on, nothing overwritten. */
export function ensureDeviceKnown(db: Db, id: string, seenAt: string): void {
  db.prepare(`INSERT OR IGNORE INTO devices (id, kind, first_seen_at, last_seen_at) VALUES (?, 'esp32_sensor', ?, ?)`).run(id, seenAt, seenAt);
}
