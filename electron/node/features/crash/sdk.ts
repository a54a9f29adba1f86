import type { Breadcrumb, ErrorEvent, Event, OfflineStore } from '@sentry/core';

/** What the crash reporting policy needs from a Sentry SDK: @sentry/node in serve mode, @sentry/electron in the desktop app. */
export interface CrashSdk {
  /** Starts the SDK once. Every event passes `beforeSend`, which scrubs it or drops it. */
  init(options: CrashSdkOptions): Promise<void>;
  captureException(error: unknown): void;
  captureEvent(event: Event): void;
  flush(timeoutMs: number): Promise<boolean>;
}

export interface CrashSdkOptions {
  dsn: string;
  release: string;
  environment: string;
  /** The offline queue on disk (offline-store.ts), the same for both SDKs. */
  store: OfflineStore;
  beforeSend: (event: ErrorEvent) => ErrorEvent | null;
  beforeBreadcrumb: (breadcrumb: Breadcrumb) => Breadcrumb | null;
}
