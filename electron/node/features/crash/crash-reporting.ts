import path from 'node:path';
import type { Event } from '@sentry/core';
import type { CrashReportingStatus, CrashReportsConsent, EventMessage, Settings } from '../../../../shared/contract';
import type { EventHub } from '../../platform/api/event-hub';
import type { Logger } from '../../platform/logging/log';
import { Scrubber } from '../../platform/privacy/scrub';
import type { CrashConfig } from './config';
import { fileOfflineStore } from './offline-store';
import type { CrashSdk } from './sdk';
import { scrubBreadcrumb, scrubEvent } from './scrub-event';

/** Reports waiting for the network, in the data folder. */
export const CRASH_QUEUE_DIR = 'crash-reports';
/** How long the list of personal terms is reused before it is read from the register again. */
const TERMS_TTL_MS = 60_000;

export interface CrashReportingOptions {
  /** null where nothing is reported (the CLI). */
  sdk: CrashSdk | null;
  config: CrashConfig;
  dataDir: string;
  settings: () => Settings;
  /** This laptop's personal terms (privacy/sensitive-terms.ts). */
  terms: () => string[];
  events: EventHub;
  log: Logger;
}

/**
 * Crash and error reporting, off until the technician agrees. The SDK is started only on
 * consent; every event is checked against the current consent and scrubbed as it is sent (an
 * event captured before consent was withdrawn is dropped), and withdrawing consent deletes the
 * reports still waiting on disk.
 */
export class CrashReporting {
  private consent: CrashReportsConsent;
  private started: Promise<void> | null = null;
  private cachedScrubber: { scrubber: Scrubber; at: number } | null = null;
  /** Captures waiting for the SDK to finish loading; flush() waits for them. */
  private readonly inFlight = new Set<Promise<void>>();
  private readonly store;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: CrashReportingOptions) {
    this.consent = options.settings().crashReports;
    this.store = fileOfflineStore(path.join(options.dataDir, CRASH_QUEUE_DIR));
    this.unsubscribe = options.events.subscribe((message: EventMessage) => {
      if (message.event === 'settings.changed') this.apply((message.payload as Settings).crashReports);
    });
  }

  get configured(): boolean {
    return this.options.sdk !== null && this.options.config.dsn !== null;
  }

  get enabled(): boolean {
    return this.configured && this.consent === 'on';
  }

  status(): CrashReportingStatus {
    return { configured: this.configured, consent: this.consent, queued: this.store.count() };
  }

  /** Applies the stored consent (at start) and resolves once the SDK runs, if it is to run. */
  async start(): Promise<void> {
    this.apply(this.consent);
    await this.started;
  }

  captureException(error: unknown): void {
    if (!this.enabled || !this.started) return;
    // The SDK may still be loading (consent was just given): report once it runs.
    const capture = this.started.then(() => this.options.sdk?.captureException(error));
    this.inFlight.add(capture);
    void capture.finally(() => this.inFlight.delete(capture));
  }

  /**
   * A report from the UI: a Sentry envelope made by the renderer SDK, passed over the contract.
   * Only its error events are taken; they go out through the same consent check and scrubbing.
   */
  async acceptRendererEnvelope(text: string): Promise<boolean> {
    if (!this.enabled || !this.options.sdk || !this.started) return false;
    await this.started;
    const { parseEnvelope } = await import('@sentry/core');
    let items: unknown[];
    try {
      items = parseEnvelope(text)[1];
    } catch {
      return false;
    }
    let accepted = false;
    for (const item of items) {
      const [header, payload] = item as [{ type?: unknown }, unknown];
      if (header?.type !== 'event' || typeof payload !== 'object' || payload === null) continue;
      const event = payload as Event;
      this.options.sdk.captureEvent({ ...event, tags: { ...event.tags, process: 'renderer' } });
      accepted = true;
    }
    return accepted;
  }

  async flush(timeoutMs = 2000): Promise<void> {
    if (!this.started) return;
    await Promise.all(this.inFlight);
    await this.options.sdk?.flush(timeoutMs);
    // A report that could not be sent is being written to the queue: let it land before exit.
    await new Promise((r) => setTimeout(r, 0));
    await this.store.settled();
  }

  close(): void {
    this.unsubscribe();
  }

  private apply(consent: CrashReportsConsent): void {
    const was = this.consent;
    this.consent = consent;
    if (consent === 'off' && was !== 'off') {
      this.store.clear();
      this.options.log.info('crash reporting off; queued reports deleted');
    }
    const { sdk, config } = this.options;
    if (consent !== 'on' || !sdk || !config.dsn || this.started) return;
    this.started = sdk
      .init({
        dsn: config.dsn,
        release: config.release,
        environment: config.environment,
        store: this.store,
        beforeSend: (event) => (this.enabled ? scrubEvent(event, this.scrubber()) : null),
        beforeBreadcrumb: (breadcrumb) => (this.enabled ? scrubBreadcrumb(breadcrumb, this.scrubber()) : null),
      })
      .then(() => this.options.log.info('crash reporting on'))
      .catch((error: unknown) => this.options.log.error({ err: error }, 'crash reporting could not start'));
  }

  private scrubber(): Scrubber {
    const now = Date.now();
    if (!this.cachedScrubber || now - this.cachedScrubber.at > TERMS_TTL_MS) {
      let terms: string[] = [];
      try {
        terms = this.options.terms();
      } catch {
        // the database is closing (a crash at shutdown): the patterns still apply
      }
      this.cachedScrubber = { scrubber: new Scrubber(terms), at: now };
    }
    return this.cachedScrubber.scrubber;
  }
}
