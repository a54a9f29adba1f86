import type { AppInfo, HealthReport, shippingMethods } from '../../../../shared/contract';
import { AppError } from '../../../../shared/contract';
import { appVersion } from '../../platform/app-meta';
import { crashConfig } from '../crash';
import { CrashReporting } from '../crash';
import type { CrashSdk } from '../crash';
import { exportDiagnosticsBundle } from '../support-bundle';
import type { BackendContext, Feature } from '../../platform/feature';
import type { LogFiles } from '../../platform/logging/log-files';
import { Scrubber } from '../../platform/privacy/scrub';
import { type PersonalDataQuery, sensitiveTerms } from '../../platform/privacy/sensitive-terms';
import type { UpdaterEngine, UpdatesUnsupported } from '../updates';
import { UpdateController } from '../updates';

export interface ShippingOptions {
  /** electron-updater's autoUpdater in a packaged desktop app; null elsewhere. */
  updater?: { engine: UpdaterEngine | null; unsupportedReason?: UpdatesUnsupported };
  /** The Sentry SDK of this shell; null where nothing is reported (the CLI). */
  crashSdk?: CrashSdk | null;
  /** The rotating log files, when this process writes them. */
  logFiles?: LogFiles | null;
  /** Serve mode offers bundles for download under this path. */
  diagnosticsDownloadPath?: string | null;
}

export type ShippingFeature = Feature<keyof typeof shippingMethods> & { updates: UpdateController; crash: CrashReporting };

/** Updates, crash reports and the diagnostics bundle: the app as shipped. */
export function shippingFeature(
  ctx: BackendContext,
  info: () => AppInfo,
  health: () => Promise<HealthReport>,
  /** Where the features keep personal data: scrubbed from crash reports and the bundle. */
  personalData: readonly PersonalDataQuery[],
  options: ShippingOptions = {},
): ShippingFeature {
  const terms = () => sensitiveTerms(ctx.db, personalData);
  const updates = new UpdateController({
    engine: options.updater?.engine ?? null,
    unsupportedReason: options.updater?.unsupportedReason ?? (ctx.runtime === 'electron' ? 'not_packaged' : 'serve_mode'),
    activity: ctx.activity,
    events: ctx.events,
    settings: () => ctx.settings.get(),
    log: ctx.log,
    now: ctx.now,
    currentVersion: appVersion(),
  });
  const crash = new CrashReporting({
    sdk: options.crashSdk ?? null,
    config: crashConfig(),
    dataDir: ctx.dataDir,
    settings: () => ctx.settings.get(),
    terms,
    events: ctx.events,
    log: ctx.log,
  });
  let exporting: Promise<unknown> | null = null;

  return {
    updates,
    crash,
    handlers: {
      'updates.status': () => updates.status(),
      'updates.check': () => updates.check(),
      'updates.download': () => updates.download(),
      'updates.install': () => updates.install(),
      'updates.cancelInstall': () => updates.cancelInstall(),
      'crash.status': () => crash.status(),
      'crash.report': async ({ envelope }) => ({ accepted: await crash.acceptRendererEnvelope(envelope) }),
      'diagnostics.export': async () => {
        if (exporting) throw new AppError('unavailable', 'A diagnostics bundle is already being made. Try again in a moment.');
        const work = ctx.activity.during('export', 'Diagnostics bundle', () =>
          exportDiagnosticsBundle({
            dataDir: ctx.dataDir,
            db: ctx.db,
            info,
            health,
            settings: () => ctx.settings.get(),
            updates: () => updates.status(),
            activities: () => ctx.activity.list(),
            flushLogs: () => options.logFiles?.flush() ?? Promise.resolve(),
            scrubber: () => new Scrubber(terms()),
            now: ctx.now,
          }),
        );
        exporting = work;
        try {
          const bundle = await work;
          const base = options.diagnosticsDownloadPath;
          return { ...bundle, downloadPath: base ? `${base}/${encodeURIComponent(bundle.fileName)}` : null };
        } finally {
          exporting = null;
        }
      },
    },
    start: async () => {
      updates.start();
      // Not awaited: loading the SDK must not hold up the first window.
      void crash.start();
    },
    close: async () => {
      updates.close();
      await crash.flush();
      crash.close();
    },
  };
}
