import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Each feature owns its tables (docs/architecture.md, "Layers and fences"): another feature reads
 * them through the owner's read models, so a table can change without hunting for SQL in five
 * folders. The import fence cannot see SQL, so this test reads it: every table a production file
 * of electron/node names after FROM, JOIN, INTO, UPDATE or TABLE must belong to the file's own
 * feature (or be the platform's). A test, not a lint rule: it needs the whole tree's owner list.
 */
const root = path.resolve(import.meta.dirname, '..');

const TABLE_OWNERS: Record<string, string> = {
  customers: 'register',
  sites: 'register',
  assets: 'register',
  asset_facts: 'register',
  invoices: 'register',
  devices: 'sensors',
  sessions: 'recording',
  session_devices: 'recording',
  session_photos: 'recording',
  recordings: 'recording',
  reading_series: 'recording',
  readings: 'recording',
  diagnoses: 'insight',
  labels: 'insight',
  baseline_recordings: 'insight',
  visit_verdicts: 'verdict',
  visit_verdict_audit: 'verdict',
  reports: 'reports',
  session_signatures: 'reports',
  cycle_readings: 'refrigeration',
  refrigerant_records: 'refrigeration',
  outbox: 'sync',
  sync_state: 'sync',
  settings: 'platform',
  blobs: 'platform',
};

/** Where a production file sits: a feature's name, 'platform', or null for hosts and test support. */
function ownerOf(file: string): string | null {
  const m = /^electron\/node\/(platform|features\/([^/]+))\//.exec(file);
  if (!m) return null;
  return m[2] ?? 'platform';
}

/** Files whose job is the whole database, not one feature's tables. */
const WHOLE_DATABASE = new Set(['electron/node/platform/storage/migrations.ts', 'electron/node/platform/storage/repair.ts']);

function crossings(file: string, text: string): string[] {
  const owner = ownerOf(file);
  if (!owner || WHOLE_DATABASE.has(file)) return [];
  const found = new Set<string>();
  for (const m of text.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([a-z_]+)\b/g)) {
    const table = m[1]!;
    const tableOwner = TABLE_OWNERS[table];
    if (tableOwner && tableOwner !== owner && tableOwner !== 'platform') found.add(`${file}: ${table} (${tableOwner})`);
  }
  return [...found];
}

/**
 * Crossings that remain, each a join that lists or heads a visit with its equipment, site or
 * sensor names in one query. Each is to become a read model of the owner; until then they are
 * listed here, so a new crossing fails and a removed one must be struck from the list.
 */
const KNOWN_CROSSINGS = [
  // A diagnosis row carries no asset id: its session says which equipment it belongs to.
  'electron/node/features/insight/insight-repository.ts: recordings (recording)',
  'electron/node/features/insight/insight-repository.ts: sessions (recording)',
  // Visit lists, headers and recovery name the equipment, site, customer and sensor.
  'electron/node/features/recording/reattach.ts: assets (register)',
  'electron/node/features/recording/reattach.ts: customers (register)',
  'electron/node/features/recording/reattach.ts: devices (sensors)',
  'electron/node/features/recording/reattach.ts: sites (register)',
  'electron/node/features/recording/recovery.ts: assets (register)',
  'electron/node/features/recording/session-reader.ts: assets (register)',
  'electron/node/features/recording/session-reader.ts: customers (register)',
  'electron/node/features/recording/session-reader.ts: sites (register)',
  'electron/node/features/recording/sessions-repository.ts: assets (register)',
  'electron/node/features/recording/sessions-repository.ts: devices (sensors)',
  'electron/node/features/recording/sessions-repository.ts: sites (register)',
  'electron/node/features/recording/visit-context.ts: assets (register)',
  'electron/node/features/recording/visit-context.ts: customers (register)',
  'electron/node/features/recording/visit-context.ts: sites (register)',
  // The cycle's visit facts (equipment, refrigerant) and an asset's earlier visits.
  'electron/node/features/refrigeration/refrigeration-repository.ts: assets (register)',
  'electron/node/features/refrigeration/refrigeration-repository.ts: sessions (recording)',
  // "Last service" in the equipment and site lists.
  'electron/node/features/register/assets.ts: sessions (recording)',
  'electron/node/features/register/sites.ts: sessions (recording)',
];

describe('table ownership', () => {
  it("finds no feature's SQL on another feature's tables beyond the known list, and the list is true", () => {
    const files = execFileSync('git', ['ls-files', 'electron/node'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((f) => /\.ts$/.test(f) && !/\.test\.ts$/.test(f) && fs.existsSync(path.join(root, f)));
    const found = files.flatMap((f) => crossings(f, fs.readFileSync(path.join(root, f), 'utf8')));
    expect(found.filter((c) => !KNOWN_CROSSINGS.includes(c)), 'new crossings: read through the owner instead').toEqual([]);
    expect(KNOWN_CROSSINGS.filter((c) => !found.includes(c)), 'gone: strike them from KNOWN_CROSSINGS').toEqual([]);
  });

  it('sees a crossing, and lets a feature use its own tables', () => {
    expect(crossings('electron/node/features/reports/x.ts', 'SELECT * FROM recordings r JOIN reports p ON 1')).toEqual([
      'electron/node/features/reports/x.ts: recordings (recording)',
    ]);
    expect(crossings('electron/node/features/recording/x.ts', 'SELECT * FROM recordings JOIN settings')).toEqual([]);
  });
});
