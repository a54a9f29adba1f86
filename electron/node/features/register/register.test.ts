import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../../shared/contract';
import { tempDir } from '../../testing/fixtures';
import { AssetsRepository } from './assets';
import { type Db, openDatabase } from '../../platform/storage/database';
import { SettingsRepository } from '../../platform/storage/settings';
import { SitesRepository } from './sites';

let db: Db;
let cleanup: () => void;
let clock: number;
let sites: SitesRepository;
let assets: AssetsRepository;
const now = () => new Date(clock);

beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  db = openDatabase(path.join(t.dir, 'r.db')).db;
  clock = Date.parse('2026-03-01T09:00:00Z');
  sites = new SitesRepository(db, now);
  assets = new AssetsRepository(db, now);
});
afterEach(() => {
  db.close();
  cleanup();
});

const appError = (run: () => unknown): AppError => {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
};

function addSession(assetId: string, startedAt: string) {
  db.prepare(
    `INSERT INTO sessions (id, asset_id, started_at, created_at, updated_at) VALUES (lower(hex(randomblob(16))), ?, ?, ?, ?)`,
  ).run(assetId, startedAt, startedAt, startedAt);
}

describe('sites', () => {
  it('creates a site with its customer, and reuses the customer by name regardless of case', () => {
    const a = sites.create({ name: 'Happy Mart Gangnam', customerName: 'Happy Mart', address: '1 Teheran-ro' });
    const b = sites.create({ name: 'Happy Mart Yeoksam', customerName: 'HAPPY MART' });
    expect(a.customerName).toBe('Happy Mart');
    expect(b.customerId).toBe(a.customerId);
    expect(sites.customerNames(undefined)).toEqual(['Happy Mart']);
  });

  it('searches by name, address, customer and the tag of equipment on the site, in Korean too', () => {
    const gangnam = sites.create({ name: '행복마트 강남점', customerName: '행복마트', address: '서울 강남구 테헤란로 1' });
    const busan = sites.create({ name: '부산 냉동창고', address: '부산 사하구' });
    assets.create(busan.id, { name: '냉동기 1', kind: 'compressor', assetTag: 'BSN-77' });

    expect(sites.list({ query: '강남' }).map((s) => s.id)).toEqual([gangnam.id]);
    expect(sites.list({ query: '테헤란' }).map((s) => s.id)).toEqual([gangnam.id]);
    expect(sites.list({ query: '행복' }).map((s) => s.id)).toEqual([gangnam.id]);
    expect(sites.list({ query: 'bsn-77' }).map((s) => s.id)).toEqual([busan.id]);
    expect(sites.list({ query: '없는곳' })).toEqual([]);
  });

  it('treats % and _ in a search as plain characters', () => {
    sites.create({ name: 'Store 100%' });
    sites.create({ name: 'Store 1000' });
    expect(sites.list({ query: '100%' }).map((s) => s.name)).toEqual(['Store 100%']);
    expect(sites.list({ query: '_' })).toEqual([]);
  });

  it('archives and restores; archived sites are hidden unless asked for', () => {
    const site = sites.create({ name: 'Closed shop' });
    clock += 1000;
    const archived = sites.setArchived(site.id, true);
    expect(archived.archivedAt).toBe('2026-03-01T09:00:01.000Z');
    expect(sites.list({})).toEqual([]);
    expect(sites.list({ includeArchived: true })).toHaveLength(1);
    expect(sites.setArchived(site.id, false).archivedAt).toBeNull();
  });

  it('shows the last service date over all its assets, and counts active equipment', () => {
    const site = sites.create({ name: 'Cold store' });
    const a = assets.create(site.id, { name: 'A', kind: 'compressor' });
    const b = assets.create(site.id, { name: 'B', kind: 'chiller' });
    assets.create(site.id, { name: 'old', kind: 'other' });
    assets.setArchived(assets.list({ siteId: site.id, query: 'old' })[0]!.id, true);
    expect(sites.get(site.id).lastServiceAt).toBeNull();
    addSession(a.id, '2026-01-10T10:00:00.000Z');
    addSession(b.id, '2026-02-20T10:00:00.000Z');
    addSession(a.id, '2025-12-01T10:00:00.000Z');
    const summary = sites.get(site.id);
    expect(summary.lastServiceAt).toBe('2026-02-20T10:00:00.000Z');
    expect(summary.assetCount).toBe(2);
    expect(assets.get(a.id).lastServiceAt).toBe('2026-01-10T10:00:00.000Z');
  });

  it('edits keep the id and change the customer link', () => {
    const site = sites.create({ name: 'X', customerName: 'Old Co' });
    const edited = sites.update(site.id, { name: 'X renamed', customerName: null });
    expect(edited.id).toBe(site.id);
    expect(edited.name).toBe('X renamed');
    expect(edited.customerId).toBeNull();
  });

  it('answers not_found for an unknown id', () => {
    expect(appError(() => sites.get('01900000-0000-7000-8000-00000000ffff')).code).toBe('not_found');
    expect(appError(() => sites.setArchived('01900000-0000-7000-8000-00000000ffff', true)).code).toBe('not_found');
  });
});

describe('assets', () => {
  it('finds an asset by its tag whatever the case, as a scanner types it', () => {
    const site = sites.create({ name: 'S' });
    const asset = assets.create(site.id, { name: 'Walk-in', kind: 'walk_in_cooler', assetTag: 'QR-ABC-1' });
    expect(assets.findByTag('qr-abc-1').id).toBe(asset.id);
    expect(assets.findByTag('  QR-ABC-1  ').id).toBe(asset.id);
    expect(appError(() => assets.findByTag('QR-NOPE')).code).toBe('not_found');
  });

  it('refuses a tag already on another asset, naming it, and allows re-saving its own', () => {
    const site = sites.create({ name: 'Shop' });
    const first = assets.create(site.id, { name: 'First', kind: 'compressor', assetTag: 'T-1' });
    const error = appError(() => assets.create(site.id, { name: 'Second', kind: 'compressor', assetTag: 't-1' }));
    expect(error.code).toBe('conflict');
    expect(error.field).toBe('assetTag');
    expect(error.message).toContain('First');
    expect(assets.update(first.id, { name: 'First again', kind: 'compressor', assetTag: 'T-1' }).name).toBe('First again');
    expect(assets.list({ siteId: site.id })).toHaveLength(1);
  });

  it('refuses equipment on an archived site', () => {
    const site = sites.create({ name: 'Gone' });
    sites.setArchived(site.id, true);
    expect(appError(() => assets.create(site.id, { name: 'X', kind: 'other' })).code).toBe('conflict');
  });

  it('searches by maker, model, serial, location and site name', () => {
    const site = sites.create({ name: '이마트 성수점' });
    const a = assets.create(site.id, {
      name: 'Showcase 3',
      kind: 'display_case',
      maker: 'Copeland',
      model: 'ZB45KCE',
      serialNumber: 'SN-998877',
      location: '정육 코너',
    });
    for (const q of ['copeland', 'ZB45', '998877', '정육', '성수']) {
      expect(assets.list({ query: q }).map((x) => x.id), q).toEqual([a.id]);
    }
  });
});

describe('settings', () => {
  it('starts from defaults, stores a patch, and survives an invalid stored value', () => {
    const settings = new SettingsRepository(db);
    expect(settings.get().language).toBe('system');
    const updated = settings.update({ language: 'ko', serverUrl: 'https://signalcraft.example' });
    expect(updated).toMatchObject({ language: 'ko', serverUrl: 'https://signalcraft.example', temperatureUnit: 'celsius' });
    db.prepare("UPDATE settings SET value = '\"klingon\"' WHERE key = 'language'").run();
    db.prepare("INSERT INTO settings (key, value) VALUES ('vibrationUnit', 'not json')").run();
    const recovered = settings.get();
    expect(recovered.language).toBe('system');
    expect(recovered.vibrationUnit).toBe('mm_s');
    expect(recovered.serverUrl).toBe('https://signalcraft.example');
  });
});
