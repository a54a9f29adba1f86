import path from 'node:path';
import type { AppInfo, HealthReport, MethodName, Runtime } from '../../../shared/contract';
import { ActivityTracker } from '../platform/activity';
import { appFeature } from '../platform/api/app-feature';
import { Dispatcher, type Handlers } from '../platform/api/dispatcher';
import { EventHub } from '../platform/api/event-hub';
import { REGISTER_PERSONAL_DATA, registerFeature } from '../features/register';
import { SENSORS_PERSONAL_DATA, type SensorsFeatureOptions, sensorsFeature } from '../features/sensors';
import { appVersion, BUNDLED_MODELS_DIR } from '../platform/app-meta';
import type { BackendContext, Feature } from '../platform/feature';
import { FeatureBus } from '../platform/feature-bus';
import { type FileResponse, FileRoutes } from '../platform/files/file-routes';
import { diagnosisFeature } from '../features/diagnosis';
import { INSIGHT_PERSONAL_DATA, insightFeature } from '../features/insight';
import { InsightReportSource } from '../features/insight';
import { reportRefresh } from '../features/verdict';
import { verdictFeature } from '../features/verdict';
import { buildHealthReport } from '../features/health';
import type { Logger } from '../platform/logging/log';
import { DATABASE_FILE } from '../platform/paths';
import { type ChildLauncher, nodeLauncher } from '../platform/process/launcher';
import { RECORDING_PERSONAL_DATA, recordingFeature, type RecordingOptions } from '../features/recording';
import { type Db, openDatabase } from '../platform/storage/database';
import { WalKeeper } from '../platform/storage/wal-keeper';
import { inspectDataFolder } from '../platform/storage/startup';
import { FileStore } from '../features/recording';
import { explainSqliteError } from '../platform/storage/errors';
import { SettingsRepository } from '../platform/storage/settings';
import { reportsFeature } from '../features/reports';
import { refrigerationFeature } from '../features/refrigeration';
import { reportSourceOf } from '../features/refrigeration';
import { verdictFindings } from '../features/refrigeration';
import type { SecretStore } from '../features/sync';
import { SESSION_REPORT } from '../features/sync';
import { type SyncFeatureOptions, syncFeature } from '../features/sync';
import { type ShippingOptions, shippingFeature } from '../features/shipping';
import type { UpdateController } from '../features/updates';
import type { CrashReporting } from '../features/crash';

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
  /** What the features tell each other (tests listen here too). */
  bus: FeatureBus;
  activity: ActivityTracker;
  updates: UpdateController;
  crash: CrashReporting;
  db: Db;
  databaseFile: string;
  info(): AppInfo;
  health(): Promise<HealthReport>;
  /** Answers a request for `files/...` (recordings to play, photos, exports): both shells route those URLs here. */
  serveFile(pathname: string, range: string | undefined): Promise<FileResponse>;
  /**
   * Start-up recovery (interrupted recordings, files without rows, a rebuilt index): runs once.
   * Serve awaits it before listening; calls that arrive meanwhile wait for it.
   */
  recover(): Promise<void>;
  /** Starts background work of every feature (discovery, recovery...). Serve and Electron call it; the CLI may not. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Calls that touch no stored recording and are answered even while start-up recovery runs. */
const UNGATED_METHODS = new Set<string>(['app.info', 'settings.get', 'health.get']);

export function createBackend(options: BackendOptions): Backend {
  const databaseFile = path.join(options.dataDir, DATABASE_FILE);
  // --- Data safety at start-up (issue 14): see docs/recording.md "What start-up guarantees". ---
  // A missing or empty database beside recordings is rebuilt from the files, never a fresh start;
  // every open runs quick_check, one after an unclean shutdown the full integrity_check.
  const inspection = inspectDataFolder(options.dataDir, databaseFile, () => new FileStore(options.dataDir).hasStoredFiles(), new Date());
  const checkStarted = performance.now();
  const opened = openDatabase(databaseFile, { integrity: inspection.unclean ? 'full' : 'quick' });
  options.log.info(
    { integrity: inspection.unclean ? 'full' : 'quick', ms: Math.round(performance.now() - checkStarted), database: inspection.database, setAside: inspection.setAside },
    'database opened and checked',
  );
  // --- end of issue 14 block ---
  if (opened.applied.length > 0) {
    options.log.info({ applied: opened.applied, backup: opened.backupFile }, 'database schema updated');
  }
  const db = opened.db;
  // The log's syncs and the checkpoints, off the event loop (storage/wal-keeper.ts, issue 14 case 3).
  const walKeeper = new WalKeeper(db, databaseFile, options.log);
  walKeeper.start();
  const now = options.now ?? (() => new Date());
  const events = new EventHub();
  const ctx: BackendContext = {
    dataDir: options.dataDir,
    runtime: options.runtime,
    db,
    databaseFile,
    log: options.log,
    events,
    bus: new FeatureBus(options.log),
    activity: new ActivityTracker(events, now),
    settings: new SettingsRepository(db),
    now,
    launcher: options.launcher ?? nodeLauncher,
  };
  // No checkpoint (and so no sync of the log's header by the next commit) while a capture records.
  walKeeper.deferWhile(() => ctx.activity.list().some((a) => a.kind === 'recording'));
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

  // Each feature handles its slice of the contract. Features tell each other what happened through
  // ctx.bus (feature-bus.ts, declared once), so none is handed another that does not exist yet.
  const app = appFeature(ctx, info, health);
  const register = registerFeature(ctx);
  const sensors = sensorsFeature(ctx, options.sensors);
  // The refrigeration side is read by the verdict, reports and uploads through its one service.
  const refrigeration = refrigerationFeature(ctx, {
    // "Take from sensor" also offers what a connected sensor is sending now, recorded or not.
    liveReadings: () => sensors.source.connected().flatMap((d) => {
      const reading = sensors.source.recent(d.deviceId).readings.at(-1);
      return reading ? [{ deviceId: d.deviceId, reading }] : [];
    }),
  });
  // Recording consumes the sensor link's streams (DeviceStreamSource) and nothing else of it.
  const recording = recordingFeature(ctx, {
    source: sensors.source,
    databaseState: inspection.database,
    ...options.recording,
  });
  const diagnosis = diagnosisFeature(ctx, { modelDirs, ...(options.diagnosisWorker ? { workerEntry: options.diagnosisWorker } : {}) });
  const insight = insightFeature(ctx, {
    engine: diagnosis.engine,
    recordings: recording.recordings,
    sessions: recording.sessions,
    modelInstallDir: modelDirs[0]!,
    // The lists rank equipment by the visit verdict, which is built from insight's results: bound late.
    latestVerdict: (assetId) => verdict.latestForAsset(assetId),
  });
  const verdict = verdictFeature(ctx, {
    insight,
    recordings: recording.recordings,
    sessions: recording.sessions,
    // The refrigerant side's findings take part in the visit verdict (compressor sound and system side together).
    systemFindings: (visitId) => verdictFindings(refrigeration.service.systemDiagnosisForVisit(visitId)),
  });
  // One verdict source for the PDF, the exports and the upload: the server gets what the customer reads.
  const reports = reportsFeature(ctx, {
    // Read only when a list is asked for, long after sync exists: the one reference ahead of creation.
    syncState: (id) => sync.outbox.latestFor(SESSION_REPORT, id)?.state ?? null,
    verdicts: new InsightReportSource(insight.repo, (id) => verdict.forVisit(id)),
    refrigeration: reportSourceOf(refrigeration.service),
  });
  const sync = syncFeature(ctx, reports.sources, { ...options.sync, secretStore: options.secretStore });
  // What follows a change of verdict is decided there, and only there.
  const refresh = reportRefresh({
    events,
    log: options.log,
    hasReport: (id) => reports.sources.reports.latest(id) !== null,
    rerender: (id) => reports.rerender(id),
    resend: (id) => ctx.bus.emit('visit.changed', { visitId: id }),
  });
  // Each feature names its own personal data; the scrubber needs all of it.
  const personalData = [...REGISTER_PERSONAL_DATA, ...SENSORS_PERSONAL_DATA, ...RECORDING_PERSONAL_DATA, ...INSIGHT_PERSONAL_DATA];
  const shipping = shippingFeature(ctx, info, health, personalData, options.shipping);
  const features: Pick<Feature<MethodName>, 'start' | 'close'>[] = [app, register, sensors, sync, recording, reports, diagnosis, insight, verdict, refresh, shipping, refrigeration];
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
    ...verdict.handlers,
    ...refrigeration.handlers,
  };
  const files = new FileRoutes();
  for (const [prefix, resolver] of Object.entries(recording.fileRoutes)) files.add(prefix, resolver);
  // Nothing that touches stored data is answered while start-up recovery runs (issue 14).
  let recovery: Promise<void> | null = null;
  const recover = () => (recovery ??= recording.recover());
  const dispatcher = new Dispatcher(handlers, options.log, {
    gate: (method) => (recovery !== null && !UNGATED_METHODS.has(method) ? recovery.catch(() => undefined) : null),
    validateResults: options.validateResults ?? false,
    explainError: (error) => explainSqliteError(error, databaseFile),
    onInternalError: (error) => shipping.crash.captureException(error),
  });

  let closed = false;
  return {
    dispatcher,
    events,
    bus: ctx.bus,
    activity: ctx.activity,
    updates: shipping.updates,
    crash: shipping.crash,
    db,
    databaseFile,
    info,
    health,
    serveFile: (pathname, range) => files.respond(pathname, range),
    recover,
    start: async () => {
      await recover();
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
      await walKeeper.close();
      if (db.open) db.close();
    },
  };
}
