import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Each feature owns its tables (docs/architecture.md, "Layers and fences"): another feature reads
 * them through the owner's read models, so a table can change without hunting for SQL in five
 * folders. The import fence cannot see SQL, so this test reads it: every table a production file
 * of electron/node names after FROM, JOIN, INTO, UPDATE or TABLE must belong to the file's own
 * feature (or be the platform's), or be a view its owner publishes for others to read. A test,
 * not a lint rule: it needs the whole tree's owner list.
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

/** Views an owner publishes for others to read (migration 10): any feature may join these. */
const PUBLISHED_VIEWS: Record<string, string> = {
  asset_places: 'register',
  visit_index: 'recording',
  recording_index: 'recording',
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
    if (PUBLISHED_VIEWS[table]) continue;
    const tableOwner = TABLE_OWNERS[table];
    if (tableOwner && tableOwner !== owner && tableOwner !== 'platform') found.add(`${file}: ${table} (${tableOwner})`);
  }
  return [...found];
}

describe('table ownership', () => {
  it("finds no feature's SQL on another feature's tables", () => {
    const files = execFileSync('git', ['ls-files', 'electron/node'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((f) => /\.ts$/.test(f) && !/\.test\.ts$/.test(f) && fs.existsSync(path.join(root, f)));
    const found = files.flatMap((f) => crossings(f, fs.readFileSync(path.join(root, f), 'utf8')));
    expect(found, "read through the owner's repository or published view instead").toEqual([]);
  });

  it('sees a crossing, and lets a feature use its own tables', () => {
    expect(crossings('electron/node/features/reports/x.ts', 'SELECT * FROM recordings r JOIN reports p ON 1')).toEqual([
      'electron/node/features/reports/x.ts: recordings (recording)',
    ]);
    expect(crossings('electron/node/features/recording/x.ts', 'SELECT * FROM recordings JOIN settings')).toEqual([]);
    expect(crossings('electron/node/features/insight/x.ts', 'SELECT * FROM diagnoses d JOIN visit_index v ON v.visit_id = d.session_id')).toEqual([]);
  });
});
