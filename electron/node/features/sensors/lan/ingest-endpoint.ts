import type { IngestConsentState, SensorIngestSettings, SensorIngestStatus } from '../../../../../shared/contract/sensors';
import type { EventHub } from '../../../platform/api/event-hub';
import type { Logger } from '../../../platform/logging/log';
import type { DeviceLink } from '../link/device-link';
import type { SensorStore } from '../store';
import { IngestConsent } from './ingest-consent';
import { type IngestAdmission, type IngestSink, ingestUrls, type RunningIngest, startIngestServer } from './ingest-server';
import { type IngestLimits, IngestRateLimiter } from './rate-limiter';

/** What the endpoint needs of the hub: the link of an accepted device, made on first use. */
export interface IngestLinks {
  linkFor(deviceId: string, address: string): DeviceLink;
  existing(deviceId: string): DeviceLink | undefined;
}

export interface IngestEndpointOptions {
  store: SensorStore;
  events: EventHub;
  log: Logger;
  links: IngestLinks;
  now: () => number;
  limits?: Partial<IngestLimits>;
  pendingCap?: number;
}

/**
 * The HTTP ingest as the hub sees it: the listener and its settings, who may post (consent), and
 * how fast (rate limits). Data of accepted devices goes to their links; everything else is
 * answered without being kept (issue 14, case 6).
 */
export class IngestEndpoint {
  readonly consent: IngestConsent;
  private readonly limiter: IngestRateLimiter;
  private server: RunningIngest | null = null;
  private error: SensorIngestStatus['error'] = null;
  private closed = false;
  settings: SensorIngestSettings;

  constructor(private readonly options: IngestEndpointOptions) {
    this.settings = options.store.ingestSettings();
    this.limiter = new IngestRateLimiter(options.limits, options.now);
    this.consent = new IngestConsent({
      store: options.store,
      now: options.now,
      ...(options.pendingCap ? { cap: options.pendingCap } : {}),
      onChange: (state) => {
        if (options.events.size > 0) options.events.emit('sensors.pending.changed', state);
      },
    });
  }

  async apply(settings: SensorIngestSettings): Promise<void> {
    this.settings = settings;
    const running = this.server;
    this.server = null;
    await running?.close();
    this.error = null;
    if (!settings.enabled || this.closed) return;
    try {
      this.server = await startIngestServer(this.sink(), { port: settings.port, lan: settings.lan });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      this.error =
        code === 'EADDRINUSE'
          ? { code: 'port_in_use', port: settings.port, detail: null }
          : { code: 'not_started', port: settings.port, detail: (error as Error).message };
      this.options.log.warn({ err: error as Error, port: settings.port }, 'sensor ingest endpoint not started');
    }
  }

  async update(patch: Partial<SensorIngestSettings>): Promise<SensorIngestStatus> {
    const next = { ...this.settings, ...patch };
    this.options.store.saveIngestSettings(next);
    await this.apply(next);
    return this.status();
  }

  status(): SensorIngestStatus {
    const server = this.server;
    return {
      ...this.settings,
      port: server?.port ?? this.settings.port,
      listening: server !== null,
      urls: server ? ingestUrls(server.port, this.settings.lan) : [],
      error: this.error,
    };
  }

  /** Registers a pending device now (it shows as connecting until its next request). */
  accept(deviceId: string): IngestConsentState {
    const entry = this.consent.accept(deviceId);
    this.options.links.linkFor(deviceId, entry.address);
    return this.consent.state();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.consent.close();
    const running = this.server;
    this.server = null;
    await running?.close();
  }

  private admit(deviceId: string, address: string, stream: 'readings' | 'audio'): IngestAdmission {
    const decision = this.consent.decision(deviceId);
    if (decision === 'accepted') return { kind: 'accepted' };
    if (decision === 'ignored') return { kind: 'ignored' };
    const wait = this.limiter.unknown(address);
    if (wait > 0) {
      this.consent.noteLimited();
      return { kind: 'limited', retryAfterS: wait };
    }
    this.consent.notePending(deviceId, address, stream);
    return { kind: 'pending' };
  }

  private sink(): IngestSink {
    const { links } = this.options;
    return {
      admitRequest: (address) => {
        const wait = this.limiter.request(address);
        if (wait > 0) this.consent.noteLimited();
        return wait;
      },
      admitDevice: (deviceId, address, stream) => this.admit(deviceId, address, stream),
      reading: (reading, remote, bytes) => links.linkFor(reading.deviceId, remote).ingestReading(reading, remote, bytes),
      rejected: (deviceId, remote, bytes) => {
        if (deviceId !== null) links.existing(deviceId)?.ingestRejected(remote, bytes);
      },
      audio: (deviceId, samples, rate, remote, bytes) => links.linkFor(deviceId, remote).ingestAudio(samples, rate, remote, bytes),
    };
  }
}
