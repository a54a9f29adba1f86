import type { SensorSource } from '../../../../../shared/contract/sensors';
import type { Logger } from '../../../platform/logging/log';
import type { StreamMessage } from '../device-stream';
import { LiveTap } from '../live/live-tap';
import type { HelloMessage } from '../protocol/messages';
import { DEFAULT_BAUD_RATE } from '../serial/baud-rates';
import type { SensorStore } from '../store';
import { DeviceLink, type LinkTiming } from './device-link';
import type { SensorProblem } from './link-errors';

export interface LinkMeta {
  link: DeviceLink;
  tap: LiveTap;
  source: SensorSource;
  /** How to reach it again. */
  tcp: { host: string; port: number } | null;
  serialPath: string | null;
  baudRate: number;
  problem: SensorProblem | null;
  reconnecting: boolean;
}

export interface LinkRegistryDeps {
  store: SensorStore;
  log: Logger;
  now: () => number;
  timing: LinkTiming;
  changed(): void;
  /** A connected sensor's session ended while it is wanted. */
  lost(meta: LinkMeta): void;
}

type EarlySubscriber = { deviceId: string; listener: (m: StreamMessage) => void; off: null | (() => void) };

/**
 * Every sensor this app has connected, by device id, across reconnects and transports, and the
 * recordings subscribed to a sensor not seen yet (they get its messages from its first link on).
 */
export class LinkRegistry {
  private readonly links = new Map<string, LinkMeta>();
  private readonly early = new Set<EarlySubscriber>();
  /** Recordings per sensor: a count above zero means the sensor is being recorded. */
  private readonly streamUsers = new Map<string, number>();

  constructor(private readonly deps: LinkRegistryDeps) {}

  get(deviceId: string): LinkMeta | undefined {
    return this.links.get(deviceId);
  }

  has(deviceId: string): boolean {
    return this.links.has(deviceId);
  }

  values(): IterableIterator<LinkMeta> {
    return this.links.values();
  }

  delete(deviceId: string): void {
    this.links.delete(deviceId);
  }

  /** The link of a sensor, made on first sight; a known sensor keeps its link (sequence, health, subscribers). */
  create(deviceId: string, transport: 'serial' | 'tcp' | 'http-ingest', address: string, source: SensorSource): LinkMeta {
    const existing = this.links.get(deviceId);
    if (existing) return existing;
    const link = new DeviceLink(
      deviceId,
      transport,
      address,
      {
        changed: () => this.deps.changed(),
        lost: (l) => this.deps.lost(this.links.get(l.deviceId)!),
        identified: (l, hello) => this.identified(l, hello),
      },
      this.deps.log,
      this.deps.now,
      this.deps.timing,
    );
    const tap = new LiveTap(deviceId);
    link.subscribe((m) => tap.onMessage(m));
    const meta: LinkMeta = { link, tap, source, tcp: null, serialPath: null, baudRate: DEFAULT_BAUD_RATE, problem: null, reconnecting: false };
    this.links.set(deviceId, meta);
    for (const early of this.early) {
      if (early.deviceId === deviceId && early.off === null) early.off = link.subscribe(early.listener);
    }
    this.deps.changed();
    return meta;
  }

  /** Every message of one sensor from now on, counted as a recording of it; a sensor not seen yet is allowed. */
  subscribe(deviceId: string, listener: (message: StreamMessage) => void): () => void {
    this.streamUsers.set(deviceId, (this.streamUsers.get(deviceId) ?? 0) + 1);
    let counted = true;
    const uncount = () => {
      if (counted) this.streamUsers.set(deviceId, (this.streamUsers.get(deviceId) ?? 1) - 1);
      counted = false;
    };
    const meta = this.links.get(deviceId);
    if (meta) {
      const off = meta.link.subscribe(listener);
      return () => {
        uncount();
        off();
      };
    }
    const early: EarlySubscriber = { deviceId, listener, off: null };
    this.early.add(early);
    return () => {
      uncount();
      this.early.delete(early);
      early.off?.();
    };
  }

  recorded(deviceId: string): boolean {
    return (this.streamUsers.get(deviceId) ?? 0) > 0;
  }

  /** A live session holds this serial port: probing it would take it from the sensor streaming there. */
  serialPortInUse(path: string): boolean {
    for (const meta of this.links.values()) {
      const session = meta.link.session;
      if (session && !session.closed && session.link.transport === 'serial' && session.link.address === path) return true;
    }
    return false;
  }

  private identified(link: DeviceLink, hello: HelloMessage | null): void {
    try {
      this.deps.store.rememberDevice({
        id: link.deviceId,
        model: hello?.model || null,
        firmwareVersion: hello?.firmwareVersion || null,
        capabilities: hello
          ? {
              bits: hello.capabilities,
              audioSampleRate: hello.audioSampleRate,
              vibrationSampleRate: hello.vibrationSampleRate,
              readingRateHz: hello.readingRateHz,
            }
          : { legacy: true },
        transport: link.info.transport,
        address: link.info.address,
      });
    } catch (error) {
      // The register is a record, not a condition for streaming: log and carry on.
      this.deps.log.warn({ err: (error as Error).message }, 'could not record the sensor in the devices table');
    }
    this.deps.changed();
  }
}
