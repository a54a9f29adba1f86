import path from 'node:path';
import type { AppInfo, Runtime } from '../../shared/contract';
import { Dispatcher } from './api/dispatcher';
import { EventHub } from './api/event-hub';
import { createHandlers } from './api/handlers';
import { appVersion, BUNDLED_MODELS_DIR } from './app-meta';
import { buildHealthReport } from './health/report';
import type { Logger } from './log';
import { AssetsRepository } from './storage/assets';
import { type Db, openDatabase } from './storage/database';
import { explainSqliteError } from './storage/errors';
import { DATABASE_FILE } from './paths';
import { SettingsRepository } from './storage/settings';
import { SitesRepository } from './storage/sites';

export interface BackendOptions {
  dataDir: string;
  runtime: Runtime;
  log: Logger;
  electronVersion?: string | null;
  /** Extra model folders searched before the bundled one (user-installed models). */
  modelDirs?: string[];
  validateResults?: boolean;
  now?: () => Date;
}

/**
 * The whole back end, independent of how the UI reaches it: Electron's main process, serve mode
 * and the CLI each create one and wire a transport to `dispatcher` and `events`.
 */
export interface Backend {
  dispatcher: Dispatcher;
  events: EventHub;
  db: Db;
  databaseFile: string;
  info(): AppInfo;
  health(): ReturnType<typeof buildHealthReport>;
  close(): void;
}

export function createBackend(options: BackendOptions): Backend {
  const databaseFile = path.join(options.dataDir, DATABASE_FILE);
  const opened = openDatabase(databaseFile);
  if (opened.applied.length > 0) {
    options.log.info({ applied: opened.applied, backup: opened.backupFile }, 'database schema updated');
  }
  const db = opened.db;
  const now = options.now ?? (() => new Date());
  const events = new EventHub();
  const modelDirs = [...(options.modelDirs ?? [path.join(options.dataDir, 'models')]), BUNDLED_MODELS_DIR];

  const info = (): AppInfo => ({
    appVersion: appVersion(),
    schemaVersion: opened.schemaVersion,
    runtime: options.runtime,
    platform: `${process.platform}-${process.arch}`,
    nodeVersion: process.versions.node,
    electronVersion: options.electronVersion ?? null,
    dataDir: options.dataDir,
  });
  const health = () => buildHealthReport({ app: info(), db, databaseFile, modelDirs });

  const handlers = createHandlers({
    sites: new SitesRepository(db, now),
    assets: new AssetsRepository(db, now),
    settings: new SettingsRepository(db),
    events,
    info,
    health,
  });
  const dispatcher = new Dispatcher(handlers, options.log, {
    validateResults: options.validateResults ?? false,
    explainError: (error) => explainSqliteError(error, databaseFile),
  });

  return {
    dispatcher,
    events,
    db,
    databaseFile,
    info,
    health,
    close: () => {
      if (db.open) db.close();
    },
  };
}
