import { v7 as uuidv7 } from 'uuid';
import { AppError, type Asset, type AssetKind, type EquipmentFactsInput } from '../../../../shared/contract';
import { FACT_COLUMNS, type FactRow, factsFromRow, writeFacts } from './asset-facts';
import type { Db } from '../../platform/storage/database';
import { likePattern } from '../../platform/storage/like';

export interface AssetFields {
  name: string;
  kind: AssetKind;
  maker?: string | null | undefined;
  model?: string | null | undefined;
  serialNumber?: string | null | undefined;
  refrigerant?: string | null | undefined;
  assetTag?: string | null | undefined;
  location?: string | null | undefined;
  notes?: string | null | undefined;
  /** Absent: the stored facts stay as they are. */
  facts?: EquipmentFactsInput | undefined;
}

interface AssetRow extends FactRow {
  id: string;
  site_id: string;
  site_name: string;
  name: string;
  kind: AssetKind;
  maker: string | null;
  model: string | null;
  serial_number: string | null;
  refrigerant: string | null;
  asset_tag: string | null;
  location: string | null;
  notes: string | null;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
  last_service_at: string | null;
}

const SELECT_ASSET = `
  SELECT a.*, s.name AS site_name, ${FACT_COLUMNS},
    (SELECT max(v.started_at) FROM visit_index v WHERE v.asset_id = a.id) AS last_service_at
  FROM assets a JOIN sites s ON s.id = a.site_id LEFT JOIN asset_facts f ON f.asset_id = a.id`;

export class AssetsRepository {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(options: {
    siteId?: string | undefined;
    query?: string | undefined;
    includeArchived?: boolean | undefined;
    limit?: number | undefined;
  }): Asset[] {
    const pattern = options.query ? likePattern(options.query) : null;
    const rows = this.db
      .prepare(
        `${SELECT_ASSET}
         WHERE (@siteId IS NULL OR a.site_id = @siteId)
           AND (@archived = 1 OR a.archived_at IS NULL)
           AND (@pattern IS NULL
             OR a.name LIKE @pattern ESCAPE '\\'
             OR a.asset_tag LIKE @pattern ESCAPE '\\'
             OR a.maker LIKE @pattern ESCAPE '\\'
             OR a.model LIKE @pattern ESCAPE '\\'
             OR a.serial_number LIKE @pattern ESCAPE '\\'
             OR a.location LIKE @pattern ESCAPE '\\'
             OR s.name LIKE @pattern ESCAPE '\\'
             OR s.address LIKE @pattern ESCAPE '\\')
         ORDER BY a.archived_at IS NOT NULL, s.name COLLATE NOCASE, a.name COLLATE NOCASE
         LIMIT @limit`,
      )
      .all({
        siteId: options.siteId ?? null,
        archived: options.includeArchived ? 1 : 0,
        pattern,
        limit: options.limit ?? 200,
      }) as AssetRow[];
    return rows.map(toAsset);
  }

  /** Every piece of equipment in use (of one site, or all): ids and names only, for rankings. */
  activeNames(siteId?: string): { id: string; name: string }[] {
    return this.db
      .prepare('SELECT id, name FROM assets WHERE (@siteId IS NULL OR site_id = @siteId) AND archived_at IS NULL')
      .all({ siteId: siteId ?? null }) as { id: string; name: string }[];
  }

  get(id: string): Asset {
    const row = this.db.prepare(`${SELECT_ASSET} WHERE a.id = ?`).get(id) as AssetRow | undefined;
    if (!row) throw new AppError('not_found', `No asset with id ${id}.`, 'id');
    return toAsset(row);
  }

  /** Exact tag, case-insensitive: what a QR or barcode scan hands us. Archived assets still open. */
  findByTag(tag: string): Asset {
    const row = this.db.prepare(`${SELECT_ASSET} WHERE a.asset_tag = ?`).get(tag.trim()) as AssetRow | undefined;
    if (!row) throw new AppError('not_found', `No asset carries the tag "${tag}".`, 'tag');
    return toAsset(row);
  }

  create(siteId: string, fields: AssetFields): Asset {
    const site = this.db.prepare('SELECT archived_at FROM sites WHERE id = ?').get(siteId) as
      | { archived_at: string | null }
      | undefined;
    if (!site) throw new AppError('not_found', `No site with id ${siteId}.`, 'siteId');
    if (site.archived_at) {
      throw new AppError('conflict', 'This site is archived. Restore it before adding equipment to it.', 'siteId');
    }
    const id = uuidv7();
    const at = this.now().toISOString();
    this.guardTag(fields.assetTag, null);
    // The asset and its facts are written together or not at all.
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO assets (id, site_id, name, kind, maker, model, serial_number, refrigerant, asset_tag, location, notes, created_at, updated_at)
           VALUES (@id, @siteId, @name, @kind, @maker, @model, @serialNumber, @refrigerant, @assetTag, @location, @notes, @at, @at)`,
        )
        .run({ id, siteId, at, ...columns(fields) });
      if (fields.facts) writeFacts(this.db, id, fields.facts, at);
    })();
    return this.get(id);
  }

  update(id: string, fields: AssetFields): Asset {
    this.get(id);
    this.guardTag(fields.assetTag, id);
    const at = this.now().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare(
          `UPDATE assets SET name = @name, kind = @kind, maker = @maker, model = @model, serial_number = @serialNumber,
             refrigerant = @refrigerant, asset_tag = @assetTag, location = @location, notes = @notes, updated_at = @at
           WHERE id = @id`,
        )
        .run({ id, at, ...columns(fields) });
      if (fields.facts) writeFacts(this.db, id, fields.facts, at);
    })();
    return this.get(id);
  }

  setArchived(id: string, archived: boolean): Asset {
    const at = this.now().toISOString();
    const result = this.db
      .prepare('UPDATE assets SET archived_at = ?, updated_at = ? WHERE id = ?')
      .run(archived ? at : null, at, id);
    if (result.changes === 0) throw new AppError('not_found', `No asset with id ${id}.`, 'id');
    return this.get(id);
  }

  /** A friendly conflict instead of a UNIQUE constraint failure, naming the asset that has the tag. */
  private guardTag(tag: string | null | undefined, ownId: string | null): void {
    if (!tag) return;
    const holder = this.db
      .prepare('SELECT a.id, a.name, s.name AS site_name FROM assets a JOIN sites s ON s.id = a.site_id WHERE a.asset_tag = ?')
      .get(tag) as { id: string; name: string; site_name: string } | undefined;
    if (holder && holder.id !== ownId) {
      throw new AppError(
        'conflict',
        `The tag "${tag}" is already on "${holder.name}" at ${holder.site_name}. Each tag can mark one asset.`,
        'assetTag',
      );
    }
  }
}

function columns(fields: AssetFields) {
  return {
    name: fields.name,
    kind: fields.kind,
    maker: fields.maker ?? null,
    model: fields.model ?? null,
    serialNumber: fields.serialNumber ?? null,
    refrigerant: fields.refrigerant ?? null,
    assetTag: fields.assetTag ?? null,
    location: fields.location ?? null,
    notes: fields.notes ?? null,
  };
}

function toAsset(row: AssetRow): Asset {
  return {
    id: row.id,
    siteId: row.site_id,
    siteName: row.site_name,
    name: row.name,
    kind: row.kind,
    maker: row.maker,
    model: row.model,
    serialNumber: row.serial_number,
    refrigerant: row.refrigerant,
    assetTag: row.asset_tag,
    location: row.location,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
    lastServiceAt: row.last_service_at,
    facts: factsFromRow(row),
  };
}
