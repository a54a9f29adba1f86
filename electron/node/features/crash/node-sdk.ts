import type * as SentryNodeModule from '@sentry/node';
import type { CrashSdk, CrashSdkOptions } from './sdk';

type SentryNode = typeof SentryNodeModule;

/**
 * @sentry/node for serve mode (and the tests). Loaded only once the technician has agreed, so
 * it costs nothing at start-up otherwise. No tracing, no HTTP or console instrumentation: only
 * errors, sent through an offline transport that keeps them on disk until the network is back.
 */
export function nodeCrashSdk(): CrashSdk {
  let sentry: SentryNode | null = null;
  return {
    async init(options: CrashSdkOptions) {
      if (sentry) return;
      const [node, core] = await Promise.all([import('@sentry/node'), import('@sentry/core')]);
      node.init({
        dsn: options.dsn,
        release: options.release,
        environment: options.environment,
        sendDefaultPii: false,
        includeServerName: false,
        skipOpenTelemetrySetup: true,
        defaultIntegrations: false,
        integrations: [
          node.eventFiltersIntegration(),
          node.functionToStringIntegration(),
          node.linkedErrorsIntegration(),
          node.dedupeIntegration(),
          node.nodeContextIntegration({ cloudResource: false }),
          node.onUncaughtExceptionIntegration(),
          node.onUnhandledRejectionIntegration({ mode: 'warn' }),
        ],
        transport: core.makeOfflineTransport(node.makeNodeTransport),
        // makeOfflineTransport reads these; NodeOptions types transportOptions for the base transport only.
        transportOptions: { createStore: () => options.store, flushAtStartup: true } as object,
        beforeSend: options.beforeSend,
        beforeBreadcrumb: options.beforeBreadcrumb,
      });
      sentry = node;
    },
    captureException: (error) => void sentry?.captureException(error),
    captureEvent: (event) => void sentry?.captureEvent(event),
    flush: async (timeoutMs) => (sentry ? sentry.flush(timeoutMs) : true),
  };
}
