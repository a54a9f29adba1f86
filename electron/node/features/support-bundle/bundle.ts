import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Activity, AppInfo, DiagnosticsBundle, HealthReport, Settings, UpdateStatus } from '../../../../shared/contract';
import { listLogFiles } from '../../platform/logging/log-files';
import type { Scrubber } from '../../platform/privacy/scrub';
import type { Db } from '../../platform/storage/database';

export const BUNDLE_DIR = 'diagnostics';
export const BUNDLE_NAME_PATTERN = /^signalcraft-diagnostics-\d{8}T\d{6}Z\.zip$/;
/** Older bundles are deleted beyond this many. */
const KEEP_BUNDLES = 5;
/** The newest log lines win when the logs are larger than this. */
const MAX_LOG_BYTES = 16 * 1024 * 1024;

export interface BundleSources {
  dataDir: string;
  db: Db;
  info: () => AppInfo;
  health: () => Promise<HealthReport>;
  settings: () => Settings;
  updates: () => UpdateStatus;
  activities: () => Activity[];
  /** Flushes buffered log lines to the files first. */
  flushLogs: () => Promise<void>;
  /** Built with this laptop's personal terms (sensitive-terms.ts). */
  scrubber: () => Scrubber;
  now: () => Date;
}

/**
 * "Export diagnostics bundle": what support needs to understand a problem (versions, health,
 * settings that change behaviour, update state, table sizes, the logs) and nothing about the
 * technician's customers. Everything goes through the scrubber; the register itself (names,
 * addresses, recordings) is never included, only row counts.
 */
export async function exportDiagnosticsBundle(sources: BundleSources): Promise<Omit<DiagnosticsBundle, 'downloadPath'>> {
  const scrub = sources.scrubber();
  const created = sources.now();
  const stamp = created.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const dir = path.join(sources.dataDir, BUNDLE_DIR);
  fs.mkdirSync(dir, { recursive: true });
  const fileName = `signalcraft-diagnostics-${stamp}.zip`;
  const file = path.join(dir, fileName);
  const json = (value: unknown) => Buffer.from(`${JSON.stringify(scrub.value(value), null, 2)}\n`);

  await sources.flushLogs();
  const { default: yazl } = await import('yazl');
  const zip = new yazl.ZipFile();
  const mtime = created;
  zip.addBuffer(Buffer.from(README), 'README.txt', { mtime });
  zip.addBuffer(json(manifest(sources.info(), created)), 'manifest.json', { mtime });
  zip.addBuffer(json(await sources.health()), 'health.json', { mtime });
  zip.addBuffer(json(behaviourSettings(sources.settings())), 'settings.json', { mtime });
  zip.addBuffer(json(sources.updates()), 'updates.json', { mtime });
  zip.addBuffer(json(sources.activities().map((a) => ({ kind: a.kind, startedAt: a.startedAt }))), 'activity.json', { mtime });
  zip.addBuffer(json(tableSizes(sources.db)), 'database.json', { mtime });
  for (const [name, content] of readLogs(sources.dataDir, scrub)) zip.addBuffer(content, `logs/${name}`, { mtime });
  zip.end();

  // Written aside and renamed: a half-written bundle never carries the final name.
  const partial = `${file}.partial`;
  try {
    await pipeline(zip.outputStream, fs.createWriteStream(partial));
    fs.renameSync(partial, file);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  pruneOldBundles(dir);
  return { fileName, path: file, bytes: fs.statSync(file).size, createdAt: created.toISOString() };
}

const README = `SignalCraft Field diagnostics bundle

Made by "Export diagnostics bundle" (About page) for SignalCraft support.

  manifest.json   app, runtime and operating-system versions
  health.json     the health checks shown on the About page
  settings.json   settings that change how the app behaves (language, units, update channel)
  updates.json    the updater's state
  activity.json   the kinds of work running when the bundle was made
  database.json   schema version and the number of rows per table
  logs/           the app's logs

Customer and personal data is not included: names, addresses, contacts, serial numbers,
device ids, e-mail addresses, tokens, GPS positions and user names in file paths are replaced
by [redacted] or a placeholder. Recordings and the register itself are never included.
`;

function manifest(info: AppInfo, created: Date) {
  return {
    format: 1,
    createdAt: created.toISOString(),
    app: info,
    versions: {
      node: process.versions.node,
      v8: process.versions.v8,
      electron: process.versions.electron ?? null,
      chrome: process.versions.chrome ?? null,
      sqlite: process.versions.sqlite ?? null,
    },
    system: {
      platform: process.platform,
      arch: process.arch,
      release: os.release(),
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      memoryBytes: os.totalmem(),
      freeMemoryBytes: os.freemem(),
      uptimeSeconds: Math.round(os.uptime()),
      locale: Intl.DateTimeFormat().resolvedOptions().locale,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    },
  };
}

/** Only settings that change behaviour; never the technician's name. The server's address is reduced to its origin. */
function behaviourSettings(settings: Settings) {
  let server: string | null = null;
  if (settings.serverUrl) {
    try {
      server = new URL(settings.serverUrl).origin;
    } catch {
      server = 'unparseable';
    }
  }
  return {
    language: settings.language,
    temperatureUnit: settings.temperatureUnit,
    vibrationUnit: settings.vibrationUnit,
    crashReports: settings.crashReports,
    updateChannel: settings.updateChannel,
    updateAutoDownload: settings.updateAutoDownload,
    serverOrigin: server,
  };
}

function tableSizes(db: Db) {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  const rows: Record<string, number> = {};
  for (const { name } of tables) {
    rows[name] = (db.prepare(`SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}"`).get() as { n: number }).n;
  }
  return {
    schemaVersion: db.pragma('user_version', { simple: true }),
    pageSize: db.pragma('page_size', { simple: true }),
    pageCount: db.pragma('page_count', { simple: true }),
    journalMode: db.pragma('journal_mode', { simple: true }),
    rows,
  };
}

/** Newest logs first up to the size cap; each JSON line is scrubbed field by field, anything else as text. */
function readLogs(dataDir: string, scrub: Scrubber): [string, Buffer][] {
  const files = listLogFiles(dataDir).reverse();
  const out: [string, Buffer][] = [];
  let budget = MAX_LOG_BYTES;
  for (const file of files) {
    if (budget <= 0) break;
    let text = fs.readFileSync(file, 'utf8');
    if (text.length > budget) text = text.slice(text.length - budget);
    budget -= text.length;
    const lines = text.split('\n').map((line) => {
      if (line.trim() === '') return line;
      try {
        return JSON.stringify(scrub.value(JSON.parse(line)));
      } catch {
        return scrub.text(line);
      }
    });
    out.push([path.basename(file), Buffer.from(lines.join('\n'))]);
  }
  return out.reverse();
}

function pruneOldBundles(dir: string): void {
  const bundles = fs
    .readdirSync(dir)
    .filter((n) => BUNDLE_NAME_PATTERN.test(n))
    .sort();
  for (const name of bundles.slice(0, Math.max(0, bundles.length - KEEP_BUNDLES))) fs.rmSync(path.join(dir, name), { force: true });
}
