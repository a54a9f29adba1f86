import path from 'node:path';
import type { AppInfo, HealthReport, MethodName, Runtime } from '../../shared/contract';
import { ActivityTracker } from './activity';
import { appFeature } from './api/app-feature';
import { Dispatcher, type Handlers } from './api/dispatcher';
import { EventHub } from './api/event-hub';
import { registerFeature } from './api/register-feature';
import { type SensorsFeatureOptions, sensorsFeature } from './sensors/sensors-feature';
import { appVersion, BUNDLED_MODELS_DIR } from './app-meta';
import type { BackendContext, Feature } from './feature';
import { type FileResponse, FileRoutes } from './files/file-routes';
import { diagnosisFeature } from './diagnosis/feature';
import { insightFeature } from './insight/insight-feature';
import { buildHealthReport } from './health/report';
import type { Logger } from './log';
import { DATABASE_FILE } from './paths';
import { type ChildLauncher, nodeLauncher } from './process/launcher';
import { recordingFeature, type RecordingOptions } from './recording/recording-feature';
import { type Db, openDatabase } from './storage/database';
import { explainSqliteError } from './storage/errors';
import { SettingsRepository } from './storage/settings';
import { reportsFeature } from './reports/reports-feature';
import { refrigerationFeature } from './refrigeration/refrigeration-feature';
import { reportSourceOf } from './refrigeration/refrigeration-service';
import type { SecretStore } from './sync/secret-store';
import { SESSION_REPORT } from './sync/outbox';
import { type SyncFeatureOptions, syncFeature } from './sync/sync-feature';
import { type ShippingOptions, shippingFeature } from './shipping/feature';
import type { UpdateController } from './updates/update-controller';
import type { CrashReporting } from './crash/crash-reporting';

export interface BackendOptions {
  dataDir: string;
  runtime: Runtime;
  log: Logger;
  electronVersion?: string | null;
  /** Extra model folders searched before the bundled one (user-installed models). */
  modelDirs?: string[];
  validateResults?: boolean;
  now?: () => Date;
  /** How child processes are started: Node's fork by default; Electron passes a utilityProcess launcher. */
  launcher?: ChildLauncher;
  /** The sensor link's serial process entry, simulator port folder, mDNS and ingest switches (tests). */
  sensors?: SensorsFeatureOptions;
  /** Recording's disk guard and clock; its sensor source is the sensor link unless a test replaces it. */
  recording?: Partial<RecordingOptions>;
  /** Where the server sign-in is kept: Electron passes its safeStorage store (default: a user-only file). */
  secretStore?: SecretStore;
  /** Tuning of uploads (tests and benchmarks shorten the backoff). */
  sync?: Omit<SyncFeatureOptions, 'secretStore'>;
  /** The diagnosis worker script (tests pass a freshly bundled one; default dist/node/diagnosis-worker.js). */
  diagnosisWorker?: string;
  /** Updater, crash-report SDK and log files of the shell that runs this back end. */
  shipping?: ShippingOptions;
}

/**
 * The whole back end, independent of how the UI reaches it: Electron's main process, serve mode
 * and the CLI each create one and wire a transport to `dispatcher` and `events`.
 */
export interface Backend {
  dispatcher: Dispatcher;
  events: EventHub;
  activity: ActivityTracker;
  updates: UpdateController;
  crash: CrashReporting;
  db: Db;
  databaseFile: string;
  info(): AppInfo;
  health(): Promise<HealthReport>;
  /** Answers a request for `files/...` (recordings to play, photos, exports): both shells route those URLs here. */
  serveFile(pathname: string, range: string | undefined): Promise<FileResponse>;
  /** Starts background work of every feature (discovery, recovery...). Serve and Electron call it; the CLI may not. */
  start(): Promise<void>;
  close(): Promise<void>;
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
  const ctx: BackendContext = {
    dataDir: options.dataDir,
    runtime: options.runtime,
    db,
    databaseFile,
    log: options.log,
    events,
    activity: new ActivityTracker(events, now),
    settings: new SettingsRepository(db),
    now,
    launcher: options.launcher ?? nodeLauncher,
  };
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

  // Each feature handles its slice of the contract; add new features here, in both places.
  const app = appFeature(ctx, info, health);
  const register = registerFeature(ctx);
  const sensors = sensorsFeature(ctx, options.sensors);
  // The refrigeration side is read by reports and uploads through its one service.
  const refrigeration = refrigerationFeature(ctx, { onSessionChanged: (id) => sync.sessionChanged(id) });
  const refrigerationSource = reportSourceOf(refrigeration.service);
  const sync = syncFeature(ctx, { ...options.sync, secretStore: options.secretStore, refrigeration: refrigerationSource });
  // Recording consumes the sensor link's streams (DeviceStreamSource) and nothing else of it.
  const recording = recordingFeature(ctx, {
    source: sensors.source,
    // A closed visit is queued for upload; later changes to a queued one are sent too.
    onRecordingsFinished: (sessionId, recordingIds) => {
      sync.sessionChanged(sessionId);
      insight.recordingsFinished(sessionId, recordingIds);
    },
    sessionHooks: {
      closed: (id) => sync.enqueueSession(id),
      changed: (id) => sync.sessionChanged(id),
      deleting: (id) => sync.guardDelete(id),
      deleted: (id) => {
        sync.sessionDeleted(id);
        reports.sessionDeleted(id);
      },
    },
    ...options.recording,
  });
  const reports = reportsFeature(ctx, {
    onSessionChanged: (id) => sync.sessionChanged(id),
    syncState: (id) => sync.outbox.latestFor(SESSION_REPORT, id)?.state ?? null,
    diagnoses: { forSession: (id) => insight.reportSource.forSession(id) },
    refrigeration: refrigerationSource,
  });
  const diagnosis = diagnosisFeature(ctx, { modelDirs, ...(options.diagnosisWorker ? { workerEntry: options.diagnosisWorker } : {}) });
  const insight = insightFeature(ctx, { engine: diagnosis.engine, recordings: recording.recordings, sessions: recording.sessions, modelInstallDir: modelDirs[0]! });
  const shipping = shippingFeature(ctx, info, health, options.shipping);
  const features: Pick<Feature<MethodName>, 'start' | 'close'>[] = [app, register, sensors, sync, recording, reports, diagnosis, insight, shipping, refrigeration];
  const handlers: Handlers = {
    ...app.handlers,
    ...register.handlers,
    ...sensors.handlers,
    ...recording.handlers,
    ...sync.handlers,
    ...reports.handlers,
    ...diagnosis.handlers,
    ...shipping.handlers,
    ...insight.handlers,
    ...refrigeration.handlers,
  };
  const files = new FileRoutes();
  for (const [prefix, resolver] of Object.entries(recording.fileRoutes)) files.add(prefix, resolver);
  const dispatcher = new Dispatcher(handlers, options.log, {
    validateResults: options.validateResults ?? false,
    explainError: (error) => explainSqliteError(error, databaseFile),
    onInternalError: (error) => shipping.crash.captureException(error),
  });

  let closed = false;
  return {
    dispatcher,
    events,
    activity: ctx.activity,
    updates: shipping.updates,
    crash: shipping.crash,
    db,
    databaseFile,
    info,
    health,
    serveFile: (pathname, range) => files.respond(pathname, range),
    start: async () => {
      for (const feature of features) await feature.start?.();
    },
    close: async () => {
      if (closed) return;
      closed = true;
      for (const feature of [...features].reverse()) {
        try {
          await feature.close?.();
        } catch (error) {
          options.log.error({ err: error }, 'a feature failed to stop cleanly');
        }
      }
      if (db.open) db.close();
    },
  };
}
