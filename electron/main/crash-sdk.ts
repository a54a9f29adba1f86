import type * as SentryElectronModule from '@sentry/electron/main';
import type { CrashSdk, CrashSdkOptions } from '../node/features/crash/sdk';

type SentryElectron = typeof SentryElectronModule;

/**
 * @sentry/electron in the main process, loaded only once the technician has agreed. The
 * integrations are chosen, not defaulted:
 * - no preload injection and only the classic IPC mode: the renderer's reports come through the
 *   contract (crash.report), so no Sentry bridge is added to the sandboxed window;
 * - no minidumps: a native crash dump holds raw memory that cannot be scrubbed. Renderer and
 *   child-process crashes are still reported, as events (childProcessIntegration);
 * - no screenshots, console, network breadcrumbs, sessions or tracing.
 * The offline queue is the data folder's (offline-store.ts), as in serve mode.
 */
export function electronCrashSdk(): CrashSdk {
  let sentry: SentryElectron | null = null;
  return {
    async init(options: CrashSdkOptions) {
      if (sentry) return;
      const s = await import('@sentry/electron/main');
      s.init({
        dsn: options.dsn,
        release: options.release,
        environment: options.environment,
        sendDefaultPii: false,
        skipOpenTelemetrySetup: true,
        ipcMode: s.IPCMode.Classic,
        defaultIntegrations: false,
        integrations: [
          s.electronContextIntegration(),
          s.additionalContextIntegration(),
          s.childProcessIntegration(),
          s.electronBreadcrumbsIntegration(),
          s.onUncaughtExceptionIntegration(),
          s.onUnhandledRejectionIntegration({ mode: 'warn' }),
          s.eventFiltersIntegration(),
          s.functionToStringIntegration(),
          s.linkedErrorsIntegration(),
          s.dedupeIntegration(),
          s.contextLinesIntegration(),
          s.nodeContextIntegration({ cloudResource: false }),
          s.normalizePathsIntegration(),
        ],
        transportOptions: { createStore: () => options.store },
        beforeSend: options.beforeSend,
        beforeBreadcrumb: options.beforeBreadcrumb,
      });
      sentry = s;
    },
    captureException: (error) => void sentry?.captureException(error),
    captureEvent: (event) => void sentry?.captureEvent(event),
    flush: async (timeoutMs) => (sentry ? sentry.flush(timeoutMs) : true),
  };
}
