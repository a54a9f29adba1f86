import { AppError } from '../../../../shared/contract/errors';
import type {
  AddSensorParams,
  ProvisionSensorParams,
  SensorBoardInfo,
  SensorEntry,
  SensorIngestSettings,
  SensorIngestStatus,
  SensorLinkHealth,
  SensorsSnapshot,
} from '../../../../shared/contract/sensors';
import type { EventHub } from '../../platform/api/event-hub';
import type { Logger } from '../../platform/logging/log';
import type { DeviceInfo, DeviceStreamSource, StreamMessage } from './device-stream';
import { DEFAULT_HUB_TIMING, type HubTiming } from './hub-timing';
import { IngestEndpoint } from './lan/ingest-endpoint';
import { type LanSensor, SensorBrowser } from './lan/mdns';
import type { IngestLimits } from './lan/rate-limiter';
import { TcpConnector } from './lan/tcp-connector';
import { formatHostPort } from './lan/tcp-link';
import type { DeviceLink } from './link/device-link';
import { type LinkMeta, LinkRegistry } from './link/link-registry';
import type { LinkSession } from './link/session';
import { LiveScheduler } from './live/live-scheduler';
import { LiveSubscriptions } from './live/live-subscriptions';
import { provisionSensor, readBoardInfo } from './provisioning';
import { DEFAULT_BAUD_RATE } from './serial/baud-rates';
import { SerialDiscovery } from './serial/serial-discovery';
import type { SerialHost } from './serial/serial-host';
import { buildSnapshot } from './snapshot';
import { ManualTargets } from './manual-targets';
import type { ManualTarget, SensorStore } from './store';

export { DEFAULT_HUB_TIMING, type HubTiming } from './hub-timing';

export interface SensorHubOptions {
  log: Logger;
  events: EventHub;
  store: SensorStore;
  /** Null: no serial support (tests of the LAN side). */
  serial: SerialHost | null;
  /** Browse mDNS for `_signalcraft._tcp`. */
  mdns: boolean;
  /** Folder where `signalcraft-field simulate --serial` links its pseudo-terminals; null to ignore. */
  simulatorPortDir: string | null;
  /** Run the HTTP ingest endpoint (its settings come from the store). */
  ingest: boolean;
  /** The ingest's rate limits and pending-list size (tests). */
  ingestLimits?: Partial<IngestLimits>;
  pendingCap?: number;
  timing?: Partial<HubTiming>;
  now?: () => number;
}

/**
 * The sensor link: finds sensors (USB serial, mDNS, addresses added by hand, the simulator's
 * ports, HTTP senders), connects the ones the technician wants, keeps them connected, and serves
 * their streams to the rest of the back end (DeviceStreamSource) and decimated to the UI.
 *
 * Reconnecting follows one rule for every transport: a lost sensor is looked for again at once
 * and then every `maxRetryMs` at most, and a connection is attached to a sensor only when the
 * sensor's HELLO carries that sensor's id (link/attach.ts), so a different board on the same port
 * or address is never taken for it. The hub holds what the technician asked for and routes each
 * request to the part that does it: serial/serial-discovery.ts, lan/tcp-connector.ts,
 * lan/ingest-endpoint.ts, snapshot.ts and live/live-scheduler.ts.
 */
export class SensorHub implements DeviceStreamSource {
  private readonly timing: HubTiming;
  private readonly now: () => number;
  private readonly links: LinkRegistry;
  private readonly serialPorts: SerialDiscovery;
  private readonly tcp: TcpConnector;
  private readonly pushes: LiveScheduler;
  private readonly manual: ManualTargets;
  private readonly browser: SensorBrowser | null;
  /** The HTTP ingest: listener, consent of its senders, rate limits (lan/ingest-endpoint.ts). */
  readonly ingest: IngestEndpoint;
  /** Who sees which sensor live (per window or browser tab). */
  readonly live = new LiveSubscriptions();
  /** Sensors whose port a firmware update holds (serial/firmware-updater.ts), by device id: their path. */
  private readonly firmwareHolds = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private offSerialState: (() => void) | null = null;

  constructor(private readonly options: SensorHubOptions) {
    this.timing = { ...DEFAULT_HUB_TIMING, ...options.timing };
    const now = (this.now = options.now ?? Date.now);
    const changed = () => this.markDirty();
    const closed = () => this.closed;
    this.manual = new ManualTargets(options.store);
    this.links = new LinkRegistry({ store: options.store, log: options.log, now, timing: this.timing, changed, lost: (meta) => this.reconnect(meta) });
    this.browser = options.mdns ? new SensorBrowser(() => this.onLanChange(), options.log) : null;
    this.serialPorts = new SerialDiscovery({
      serial: options.serial,
      simulatorPortDir: options.simulatorPortDir,
      links: this.links,
      log: options.log,
      now,
      timing: this.timing,
      manualTargets: () => this.manual.list(),
      heldForFirmware: (path) => [...this.firmwareHolds.values()].includes(path),
      closed,
      changed,
    });
    this.tcp = new TcpConnector({ links: this.links, browser: this.browser, now, timing: this.timing, closed, changed });
    this.ingest = new IngestEndpoint({
      store: options.store,
      events: options.events,
      log: options.log,
      now,
      links: { linkFor: (deviceId, address) => this.ingestLink(deviceId, address), existing: (deviceId) => this.links.get(deviceId)?.link },
      ...(options.ingestLimits ? { limits: options.ingestLimits } : {}),
      ...(options.pendingCap ? { pendingCap: options.pendingCap } : {}),
    });
    this.pushes = new LiveScheduler({ links: this.links, live: this.live, events: options.events, snapshot: () => this.snapshot(), timing: this.timing });
  }

  // ---- DeviceStreamSource -------------------------------------------------------------------

  /** Sensors connected now, and those whose link is being restored (a recording keeps them); not those being updated. */
  connected(): DeviceInfo[] {
    return [...this.links.values()]
      .filter((m) => (m.link.state === 'connected' || m.link.state === 'reconnecting') && !this.firmwareHolds.has(m.link.deviceId))
      .map((m) => ({ ...m.link.info }));
  }

  /** Every message of one sensor from now on. Subscribing to a sensor not seen yet is allowed: messages start when it is. */
  subscribe(deviceId: string, listener: (message: StreamMessage) => void): () => void {
    // Only recordings subscribe here (the registry counts them for holdForFirmware).
    return this.links.subscribe(deviceId, listener);
  }

  /** Link health of one sensor, counted since this app first connected it; null for a sensor never connected. */
  health(deviceId: string): SensorLinkHealth | null {
    return this.links.get(deviceId)?.link.health() ?? null;
  }

  // ---- firmware updates -----------------------------------------------------------------------

  /** The serial port and USB bridge of a sensor connected by USB (for a firmware update). */
  firmwarePort(deviceId: string): { path: string; usb: { vendorId: string | null; productId: string | null } | null } {
    const meta = this.links.get(deviceId);
    if (!meta || meta.serialPath === null) throw new AppError('not_found', `Sensor "${deviceId}" is not connected by USB.`, 'deviceId');
    const usb = this.serialPorts.candidates.get(meta.serialPath)?.usb ?? null;
    return { path: meta.serialPath, usb: usb ? { vendorId: usb.vendorId, productId: usb.productId } : null };
  }

  /**
   * Takes a sensor's port off its live link for a firmware update: refused while a recording
   * uses it; until released, the hub neither opens the port nor offers the sensor to be recorded.
   */
  holdForFirmware(deviceId: string): () => void {
    if (this.links.recorded(deviceId)) {
      throw new AppError('conflict', `Sensor ${deviceId} is being recorded. Stop the recording, then update its firmware.`, 'deviceId');
    }
    if (this.firmwareHolds.has(deviceId)) throw new AppError('conflict', `Sensor ${deviceId} is already being updated.`, 'deviceId');
    const { path } = this.firmwarePort(deviceId);
    this.firmwareHolds.set(deviceId, path);
    this.links.get(deviceId)?.link.session?.close('firmware update');
    this.markDirty();
    return () => {
      this.firmwareHolds.delete(deviceId);
      this.markDirty();
    };
  }

  /** Set while a firmware update holds the sensor's port. */
  updating(deviceId: string): boolean {
    return this.firmwareHolds.has(deviceId);
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  async start(): Promise<void> {
    if (this.options.serial) {
      this.offSerialState = this.options.serial.onStateChange(() => this.markDirty());
      await this.options.serial.start().catch((error: Error) => this.options.log.warn({ err: error.message }, 'serial process did not start'));
    }
    this.browser?.start();
    if (this.options.ingest) await this.ingest.apply(this.ingest.settings);
    for (const target of this.manual.list()) if (target.kind === 'tcp') this.tcp.connectAddress(target.host, target.port);
    this.timer = setInterval(() => this.tick(), Math.min(this.timing.liveMs, 100));
    this.tick();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.offSerialState?.();
    for (const meta of this.links.values()) {
      meta.link.wanted = false;
      meta.link.session?.close('the app is closing');
    }
    this.tcp.stop();
    await Promise.all([this.browser?.stop(), this.ingest.close(), this.options.serial?.stop()]);
  }

  // ---- what the UI asks -----------------------------------------------------------------------

  snapshot(): SensorsSnapshot {
    return buildSnapshot({
      links: this.links.values(),
      candidates: this.serialPorts.candidates.values(),
      browser: this.browser,
      pending: this.tcp.pending.values(),
      ingest: this.ingest.status(),
      serial: this.options.serial,
    });
  }

  entry(key: string): SensorEntry {
    const found = this.snapshot().entries.find((e) => e.key === key);
    if (!found) throw new AppError('not_found', `No sensor "${key}" is known. It may have been unplugged or switched off.`, 'key');
    return found;
  }

  connect(key: string): SensorEntry {
    const existing = this.links.get(key);
    if (existing) {
      existing.link.want();
      existing.problem = null;
      if (!existing.link.session) this.reconnect(existing);
      this.markDirty();
      return this.entry(key);
    }
    const candidate = this.serialPorts.find(key);
    if (candidate) {
      if (candidate.deviceId !== null) {
        const meta = this.links.create(candidate.deviceId, 'serial', candidate.path, candidate.source);
        meta.serialPath = candidate.path;
        meta.baudRate = candidate.baudRates[0] ?? DEFAULT_BAUD_RATE;
        this.reconnect(meta);
      } else {
        void this.serialPorts.probe(candidate, { attachAny: true });
      }
      this.markDirty();
      return this.entry(candidate.deviceId ?? key);
    }
    const lan = this.browser?.sensors.get(key);
    if (lan) {
      const meta = this.links.create(lan.deviceId, 'tcp', formatHostPort(lan.host, lan.port), 'mdns');
      meta.tcp = { host: lan.host, port: lan.port };
      this.reconnect(meta);
      this.markDirty();
      return this.entry(key);
    }
    const pending = this.tcp.pending.get(key);
    if (pending) {
      this.tcp.connectAddress(pending.host, pending.port); // tries again now
      return this.entry(key);
    }
    throw new AppError('not_found', `No sensor "${key}" is known. It may have been unplugged or switched off.`, 'key');
  }

  disconnect(key: string): SensorEntry {
    const meta = this.links.get(key);
    if (!meta) throw new AppError('not_found', `Sensor "${key}" is not connected.`, 'key');
    meta.link.disconnect();
    this.markDirty();
    return this.entry(key);
  }

  async add(params: AddSensorParams): Promise<SensorEntry> {
    const target: ManualTarget =
      params.kind === 'tcp'
        ? { kind: 'tcp', host: params.host, port: params.port }
        : { kind: 'serial', path: params.path, baudRate: params.baudRate ?? DEFAULT_BAUD_RATE };
    const key = this.manual.add(target);
    if (target.kind === 'tcp') {
      // Already connected at that address? Then that is the entry.
      const linked = [...this.links.values()].find((m) => m.tcp && formatHostPort(m.tcp.host, m.tcp.port) === formatHostPort(target.host, target.port));
      if (linked) return this.connect(linked.link.deviceId);
      this.tcp.connectAddress(target.host, target.port);
      return this.entry(key);
    }
    await this.serialPorts.scanNow();
    const candidate = this.serialPorts.candidates.get(target.path);
    if (!candidate) {
      throw new AppError('not_found', `There is no serial port at ${target.path}. Check the cable and the path, then try again.`, 'path');
    }
    if (candidate.deviceId && this.links.has(candidate.deviceId)) return this.connect(candidate.deviceId);
    void this.serialPorts.probe(candidate, { attachAny: true });
    return this.entry(candidate.deviceId ?? `serial:${candidate.path}`);
  }

  forget(key: string): boolean {
    const meta = this.links.get(key);
    let forgotten = this.manual.forget(key, meta);
    this.tcp.forget(key);
    // Forgetting a sensor that posts over HTTP withdraws its acceptance: its next request is pending again.
    if (meta?.source === 'ingest') forgotten = this.ingest.consent.forgetAccepted(key) || forgotten;
    if (meta && (meta.source === 'manual' || meta.source === 'ingest')) {
      meta.link.disconnect();
      this.links.delete(key);
    }
    this.serialPorts.forgetManual(key);
    this.markDirty();
    return forgotten;
  }

  async identify(deviceId: string, seconds: number): Promise<boolean> {
    const meta = this.links.get(deviceId);
    if (!meta) throw new AppError('not_found', `Sensor "${deviceId}" is not connected.`, 'deviceId');
    return meta.link.identify(seconds);
  }

  /** Board facts of a connected sensor (INFO). */
  async boardInfo(deviceId: string): Promise<SensorBoardInfo> {
    return readBoardInfo(this.liveSession(deviceId), deviceId);
  }

  /** Name and Wi-Fi, over USB only (provisioning.ts). */
  async provision(params: ProvisionSensorParams): Promise<SensorBoardInfo> {
    return provisionSensor(this.liveSession(params.deviceId), params);
  }

  private liveSession(deviceId: string): LinkSession {
    const session = this.links.get(deviceId)?.link.session;
    if (!session || session.closed) throw new AppError('not_found', `Sensor "${deviceId}" is not connected. Connect it and try again.`, 'deviceId');
    return session;
  }

  recent(deviceId: string) {
    const meta = this.links.get(deviceId);
    if (!meta) throw new AppError('not_found', `Sensor "${deviceId}" has not been connected.`, 'deviceId');
    return meta.tap.recent();
  }

  healthOrThrow(deviceId: string): SensorLinkHealth {
    const health = this.health(deviceId);
    if (!health) throw new AppError('not_found', `Sensor "${deviceId}" has not been connected.`, 'deviceId');
    return health;
  }

  async updateIngest(patch: Partial<SensorIngestSettings>): Promise<SensorIngestStatus> {
    const status = await this.ingest.update(patch);
    this.markDirty();
    return status;
  }

  // ---- links -------------------------------------------------------------------------------------

  /** The link of a sensor the technician accepted on the ingest, registered on first use. */
  private ingestLink(deviceId: string, address: string): DeviceLink {
    let meta = this.links.get(deviceId);
    if (!meta) {
      meta = this.links.create(deviceId, 'http-ingest', address, 'ingest');
      this.options.store.rememberDevice({ id: deviceId, model: null, firmwareVersion: null, capabilities: { legacy: true }, transport: 'http-ingest', address });
    }
    return meta.link;
  }

  /** Gets a wanted sensor's connection back, by whichever transport it was reached. One loop per sensor. */
  private reconnect(meta: LinkMeta): void {
    if (meta.reconnecting || this.closed) return;
    if (meta.link.info.transport === 'http-ingest') return; // they come to us
    meta.reconnecting = true;
    const run = meta.link.info.transport === 'tcp' || meta.tcp ? this.tcp.reconnect(meta) : this.serialPorts.reconnect(meta);
    void run.finally(() => {
      meta.reconnecting = false;
      this.markDirty();
    });
  }

  private onLanChange(): void {
    this.markDirty();
    // A wanted sensor that reappeared (perhaps at a new address) is retried at once.
    for (const meta of this.links.values()) {
      if (meta.source === 'mdns' && meta.link.wanted && meta.link.session === null) this.reconnect(meta);
    }
  }

  // ---- the clock --------------------------------------------------------------------------------

  private tick(): void {
    if (this.closed) return;
    const now = this.now();
    for (const meta of this.links.values()) meta.link.tick();
    const missingSerial = [...this.links.values()].some((m) => m.link.wanted && m.link.session === null && m.link.info.transport === 'serial');
    this.serialPorts.tick(now, missingSerial);
    this.pushes.tick(now);
  }

  private markDirty(): void {
    this.pushes.markDirty();
  }
}

export type { LanSensor };
