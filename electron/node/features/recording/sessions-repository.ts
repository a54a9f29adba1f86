import { v7 as uuidv7 } from 'uuid';
import {
  AppError,
  LinkHealth,
  photoUrl,
  type SessionDevice,
  type SessionPhoto,
  type SessionStatus,
  type SessionSummary,
} from '../../../../shared/contract';
import type { Db } from '../../platform/storage/database';
import { recordDeviceSeen } from '../sensors';
import { parseTags } from './tags';
import type { PersonalDataQuery } from '../../platform/privacy/sensitive-terms';

/** This feature's personal data, for the scrubber (platform/privacy). */
export const RECORDING_PERSONAL_DATA: readonly PersonalDataQuery[] = ['SELECT technician FROM sessions'];

interface SessionRow {
  id: string;
  asset_id: string;
  asset_name: string;
  asset_tag: string | null;
  site_id: string;
  site_name: string;
  technician: string | null;
  technician_company: string | null;
  technician_licence: string | null;
  status: SessionStatus;
  started_at: string;
  ended_at: string | null;
  notes: string | null;
  tags: string;
  updated_at: string;
  recording_count: number;
  recorded_s: number;
  needs_attention: number;
}

// Seconds recorded: per capture (its streams run side by side), the longest stream; then summed.
const SELECT_SESSION = `
  SELECT se.*, p.asset_name, p.asset_tag, p.site_id, p.site_name,
    (SELECT count(*) FROM recordings r WHERE r.session_id = se.id) AS recording_count,
    (SELECT coalesce(sum(d), 0) FROM (SELECT max(r.duration_s) AS d FROM recordings r
       WHERE r.session_id = se.id AND r.stream != 'readings' GROUP BY coalesce(r.capture_id, r.id))) AS recorded_s,
    EXISTS (SELECT 1 FROM recordings r WHERE r.session_id = se.id
       AND (r.status IN ('recovered', 'failed') OR r.gaps != '[]')) AS needs_attention
  FROM sessions se JOIN asset_places p ON p.asset_id = se.asset_id`;

interface PhotoRow {
  id: string;
  session_id: string;
  path: string;
  caption: string | null;
  taken_at: string | null;
  created_at: string;
}

export const EMPTY_LINK_HEALTH: LinkHealth = {
  transport: null,
  address: null,
  firmwareVersion: null,
  audioChunks: 0,
  vibrationChunks: 0,
  readings: 0,
  gaps: 0,
  missingSamples: 0,
  duplicateChunks: 0,
  disconnects: 0,
  reboots: 0,
  lastState: 'connected',
  firstMessageAt: null,
  lastMessageAt: null,
};

/** Adds one capture's link figures to what the session already had for that device. */
export function mergeLinkHealth(before: LinkHealth, add: LinkHealth): LinkHealth {
  return {
    transport: add.transport ?? before.transport,
    address: add.address ?? before.address,
    firmwareVersion: add.firmwareVersion ?? before.firmwareVersion,
    audioChunks: before.audioChunks + add.audioChunks,
    vibrationChunks: before.vibrationChunks + add.vibrationChunks,
    readings: before.readings + add.readings,
    gaps: before.gaps + add.gaps,
    missingSamples: before.missingSamples + add.missingSamples,
    duplicateChunks: before.duplicateChunks + add.duplicateChunks,
    disconnects: before.disconnects + add.disconnects,
    reboots: before.reboots + add.reboots,
    lastState: add.lastState,
    firstMessageAt: before.firstMessageAt ?? add.firstMessageAt,
    lastMessageAt: add.lastMessageAt ?? before.lastMessageAt,
  };
}

function toSummary(row: SessionRow): SessionSummary {
  return {
    id: row.id,
    assetId: row.asset_id,
    assetName: row.asset_name,
    assetTag: row.asset_tag,
    siteId: row.site_id,
    siteName: row.site_name,
    technician: row.technician,
    technicianCompany: row.technician_company,
    technicianLicence: row.technician_licence,
    status: row.status,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    notes: row.notes,
    tags: parseTags(row.tags),
    recordingCount: row.recording_count,
    recordedS: row.recorded_s,
    needsAttention: row.needs_attention === 1,
    updatedAt: row.updated_at,
  };
}

/** Sessions (visits), their photos and the devices used in them. Files are the feature's business. */
export class SessionsRepository {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  create(input: { assetId: string; technician: string | null; technicianCompany?: string | null; technicianLicence?: string | null; notes?: string | null | undefined; tags?: string[] | undefined }): SessionSummary {
    const asset = this.db.prepare('SELECT asset_archived_at AS archived_at FROM asset_places WHERE asset_id = ?').get(input.assetId) as { archived_at: string | null } | undefined;
    if (!asset) throw new AppError('not_found', `No asset with id ${input.assetId}.`, 'assetId');
    if (asset.archived_at) throw new AppError('conflict', 'This equipment is archived. Restore it before recording a visit.', 'assetId');
    const id = uuidv7();
    const at = this.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO sessions (id, asset_id, technician, technician_company, technician_licence, status, started_at, notes, tags, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)`,
      )
      .run(id, input.assetId, input.technician, input.technicianCompany ?? null, input.technicianLicence ?? null, at, input.notes ?? null, JSON.stringify(dedupe(input.tags ?? [])), at, at);
    return this.get(id);
  }

  get(id: string): SessionSummary {
    const row = this.db.prepare(`${SELECT_SESSION} WHERE se.id = ?`).get(id) as SessionRow | undefined;
    if (!row) throw new AppError('not_found', `No session with id ${id}.`, 'id');
    return toSummary(row);
  }

  list(options: { assetId?: string | undefined; siteId?: string | undefined; limit?: number | undefined }): SessionSummary[] {
    const rows = this.db
      .prepare(
        `${SELECT_SESSION}
         WHERE (@assetId IS NULL OR se.asset_id = @assetId) AND (@siteId IS NULL OR p.site_id = @siteId)
         ORDER BY se.started_at DESC LIMIT @limit`,
      )
      .all({ assetId: options.assetId ?? null, siteId: options.siteId ?? null, limit: options.limit ?? 100 }) as SessionRow[];
    return rows.map(toSummary);
  }

  update(id: string, patch: { notes?: string | null | undefined; tags?: string[] | undefined; status?: SessionStatus | undefined }): SessionSummary {
    const before = this.get(id);
    const at = this.now().toISOString();
    const status = patch.status ?? before.status;
    const endedAt = status === 'closed' ? (before.endedAt ?? at) : null;
    this.db
      .prepare('UPDATE sessions SET notes = ?, tags = ?, status = ?, ended_at = ?, updated_at = ? WHERE id = ?')
      .run(
        patch.notes === undefined ? before.notes : patch.notes,
        JSON.stringify(dedupe(patch.tags ?? before.tags)),
        status,
        endedAt,
        at,
        id,
      );
    return this.get(id);
  }

  /** Visits not yet finished, newest first (optionally of one equipment): a tag scan opens these instead of starting another. */
  open(assetId?: string): SessionSummary[] {
    const rows = this.db
      .prepare(`${SELECT_SESSION} WHERE se.status = 'open' AND (@assetId IS NULL OR se.asset_id = @assetId) ORDER BY se.started_at DESC LIMIT 200`)
      .all({ assetId: assetId ?? null }) as SessionRow[];
    return rows.map(toSummary);
  }

  touch(id: string): void {
    this.db.prepare('UPDATE sessions SET updated_at = ? WHERE id = ?').run(this.now().toISOString(), id);
  }

  /** Deletes the session's rows (recordings, readings, photos, devices cascade). Returns what its files were. */
  delete(id: string): { assetId: string; paths: string[] } {
    const session = this.get(id);
    const paths: string[] = [];
    this.db.transaction(() => {
      const recordings = this.db.prepare('SELECT path, original_path, analysis_path FROM recordings WHERE session_id = ?').all(id) as {
        path: string | null;
        original_path: string | null;
        analysis_path: string | null;
      }[];
      for (const r of recordings) for (const p of [r.path, r.original_path, r.analysis_path]) if (p) paths.push(p);
      for (const p of this.db.prepare('SELECT path FROM session_photos WHERE session_id = ?').all(id) as { path: string }[]) paths.push(p.path);
      this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
    })();
    return { assetId: session.assetId, paths };
  }

  addPhoto(photo: { id: string; sessionId: string; path: string; caption: string | null; takenAt: string | null }): SessionPhoto {
    const at = this.now().toISOString();
    this.db
      .prepare('INSERT INTO session_photos (id, session_id, path, caption, taken_at, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(photo.id, photo.sessionId, photo.path, photo.caption, photo.takenAt, at);
    this.touch(photo.sessionId);
    return this.photo(photo.id);
  }

  photoRow(id: string): PhotoRow {
    const row = this.db.prepare('SELECT * FROM session_photos WHERE id = ?').get(id) as PhotoRow | undefined;
    if (!row) throw new AppError('not_found', `No photo with id ${id}.`, 'id');
    return row;
  }

  photo(id: string): SessionPhoto {
    return toPhoto(this.photoRow(id));
  }

  photos(sessionId: string): SessionPhoto[] {
    return (this.db.prepare('SELECT * FROM session_photos WHERE session_id = ? ORDER BY created_at').all(sessionId) as PhotoRow[]).map(toPhoto);
  }

  deletePhoto(id: string): PhotoRow {
    const row = this.photoRow(id);
    this.db.prepare('DELETE FROM session_photos WHERE id = ?').run(id);
    this.touch(row.session_id);
    return row;
  }

  /** Records a sensor in the devices table (its id is the sensor's own), or refreshes what we know of it. */
  upsertDevice(device: { id: string; firmwareVersion: string | null; transport: string; address: string }): void {
    recordDeviceSeen(this.db, device, this.now().toISOString());
  }

  devices(sessionId: string): SessionDevice[] {
    const rows = this.db.prepare('SELECT device_id, link_health FROM session_devices WHERE session_id = ? ORDER BY device_id').all(sessionId) as {
      device_id: string;
      link_health: string;
    }[];
    return rows.map((r) => ({ deviceId: r.device_id, linkHealth: parseHealth(r.link_health) }));
  }

  addLinkHealth(sessionId: string, deviceId: string, health: LinkHealth): void {
    this.db.transaction(() => {
      const row = this.db.prepare('SELECT link_health FROM session_devices WHERE session_id = ? AND device_id = ?').get(sessionId, deviceId) as
        | { link_health: string }
        | undefined;
      const merged = row ? mergeLinkHealth(parseHealth(row.link_health), health) : health;
      this.db
        .prepare(
          `INSERT INTO session_devices (session_id, device_id, link_health) VALUES (?, ?, ?)
           ON CONFLICT(session_id, device_id) DO UPDATE SET link_health = excluded.link_health`,
        )
        .run(sessionId, deviceId, JSON.stringify(merged));
    })();
  }

  allPhotoPaths(): Set<string> {
    return new Set((this.db.prepare('SELECT path FROM session_photos').all() as { path: string }[]).map((r) => r.path));
  }
}

function parseHealth(json: string): LinkHealth {
  try {
    const parsed = LinkHealth.safeParse({ ...EMPTY_LINK_HEALTH, ...(JSON.parse(json) as object) });
    return parsed.success ? parsed.data : EMPTY_LINK_HEALTH;
  } catch {
    return EMPTY_LINK_HEALTH;
  }
}

function toPhoto(row: PhotoRow): SessionPhoto {
  return { id: row.id, sessionId: row.session_id, caption: row.caption, takenAt: row.taken_at, createdAt: row.created_at, url: photoUrl(row.id) };
}

function dedupe(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((t) => {
    const key = t.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
