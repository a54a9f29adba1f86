import type { ApiClient } from '../../../shared/contract';

let started = false;

/**
 * The renderer half of crash reporting, started only once the technician has agreed. It is
 * @sentry/electron's renderer SDK (plain browser code: it imports @sentry/browser, never
 * electron) with none of its IPC: the default integrations would reach the main process through
 * a preload bridge or a custom protocol, which this app's sandbox and CSP do not allow. Errors go
 * as envelopes through the contract instead (crash.report), in both shells, and the back end
 * checks consent and scrubs them before anything leaves the laptop.
 */
export async function startRendererCrashReporting(client: ApiClient): Promise<void> {
  if (started) return;
  started = true;
  const Sentry = await import('./sentry-renderer');
  Sentry.init({
    defaultIntegrations: false,
    integrations: [Sentry.globalHandlersIntegration(), Sentry.linkedErrorsIntegration(), Sentry.dedupeIntegration()],
    sendDefaultPii: false,
    transport: (options) =>
      Sentry.createTransport(options, async (request) => {
        const envelope = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
        try {
          await client.call('crash.report', { envelope });
        } catch {
          // the back end is unreachable: the report is lost, the UI carries on
        }
        return { statusCode: 200 };
      }),
  });
}
