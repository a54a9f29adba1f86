import type { Logger } from '../../../platform/logging/log';
import type { HubTiming } from '../hub-timing';
import { attach, handshake, type Answered } from '../link/attach';
import type { ByteLink } from '../link/byte-link';
import { problemOf, SensorLinkError, type SensorProblem } from '../link/link-errors';
import type { LinkMeta, LinkRegistry } from '../link/link-registry';
import { wakeableSleep } from '../link/retry-policy';
import type { ManualTarget } from '../store';
import { DEFAULT_BAUD_RATE, LEGACY_BAUD_RATE, LEGACY_HANDSHAKE_MS } from './baud-rates';
import type { SerialPortInfo } from './port-info';
import type { SerialHost } from './serial-host';
import { listSimulatorPorts, realTarget } from './simulator-ports';
import { esp32Bridge } from './usb-ids';

export interface SerialCandidate {
  path: string;
  source: 'usb' | 'simulator' | 'manual';
  usb: SerialPortInfo | null;
  baudRates: number[];
  /** What the path points at: a changed target is a new device on the same path (a pty re-created). */
  fingerprint: string;
  deviceId: string | null;
  model: string | null;
  firmwareVersion: string | null;
  probing: boolean;
  problem: SensorProblem | null;
  lastProbeAtMs: number;
}

type Listed = Pick<SerialCandidate, 'path' | 'source' | 'usb' | 'baudRates' | 'fingerprint'>;

export interface SerialDiscoveryDeps {
  /** Null: no serial support (tests of the LAN side). */
  serial: SerialHost | null;
  simulatorPortDir: string | null;
  links: LinkRegistry;
  log: Logger;
  now: () => number;
  timing: Pick<HubTiming, 'scanMs' | 'fastScanMs' | 'handshakeMs' | 'maxRetryMs'>;
  /** Serial paths the technician added by hand. */
  manualTargets(): readonly ManualTarget[];
  /** A firmware update holds this port: leave it alone. */
  heldForFirmware(path: string): boolean;
  closed(): boolean;
  changed(): void;
}

/**
 * The serial side: lists USB bridges of ESP32 boards, the simulator's ports and paths added by
 * hand, asks each new port who is there, attaches the sensors the technician wants, and gets a
 * lost serial sensor back when its port reappears.
 */
export class SerialDiscovery {
  /** By path. */
  readonly candidates = new Map<string, SerialCandidate>();
  private lastScanAt = 0;
  private scanning = false;

  constructor(private readonly deps: SerialDiscoveryDeps) {}

  /** Lists the ports when due: more often while a wanted serial sensor is missing. */
  tick(now: number, missingSerial: boolean): void {
    const every = missingSerial ? this.deps.timing.fastScanMs : this.deps.timing.scanMs;
    if (now - this.lastScanAt >= every) void this.scan();
  }

  /** The candidate a snapshot key names: by the sensor's id once known, else by its path. */
  find(key: string): SerialCandidate | undefined {
    return [...this.candidates.values()].find((c) => c.deviceId === key || `serial:${c.path}` === key);
  }

  forgetManual(key: string): void {
    for (const c of this.candidates.values()) if (c.source === 'manual' && `serial:${c.path}` === key) this.candidates.delete(c.path);
  }

  /** Lists the ports now (a path was just added); if a scan is already under way, the next tick scans again. */
  async scanNow(): Promise<void> {
    this.lastScanAt = 0;
    await this.scan();
  }

  private async scan(): Promise<void> {
    if (this.scanning || this.deps.closed()) return;
    this.scanning = true;
    this.lastScanAt = this.deps.now();
    try {
      const listed = await this.list();
      if (listed === null) return; // keep the previous picture rather than dropping every sensor
      const present = new Set(listed.map((l) => l.path));
      for (const [p, c] of this.candidates) {
        if (!present.has(p) && !c.probing) {
          this.candidates.delete(p);
          this.deps.changed();
        }
      }
      for (const item of listed) {
        const known = this.candidates.get(item.path);
        if (known && known.fingerprint === item.fingerprint) continue;
        const candidate: SerialCandidate = { ...item, deviceId: null, model: null, firmwareVersion: null, probing: false, problem: null, lastProbeAtMs: 0 };
        this.candidates.set(item.path, candidate);
        this.deps.changed();
        if (!this.deps.links.serialPortInUse(item.path)) void this.probe(candidate, { attachAny: false });
      }
    } finally {
      this.scanning = false;
    }
  }

  private async list(): Promise<Listed[] | null> {
    const listed: Listed[] = [];
    const serial = this.deps.serial;
    if (serial?.state === 'running') {
      const ports = await serial.list().catch((error: Error) => {
        this.deps.log.warn({ err: error.message }, 'listing serial ports failed');
        return null;
      });
      if (ports === null) return null;
      for (const usb of ports) {
        if (esp32Bridge(usb.vendorId ?? undefined, usb.productId ?? undefined) === null) continue;
        listed.push({ path: usb.path, source: 'usb', usb, baudRates: [DEFAULT_BAUD_RATE, LEGACY_BAUD_RATE], fingerprint: `${usb.serialNumber}` });
      }
    }
    for (const port of listSimulatorPorts(this.deps.simulatorPortDir)) {
      listed.push({ path: port.path, source: 'simulator', usb: null, baudRates: [DEFAULT_BAUD_RATE], fingerprint: port.target });
    }
    for (const target of this.deps.manualTargets()) {
      if (target.kind !== 'serial' || listed.some((l) => l.path === target.path)) continue;
      const real = realTarget(target.path);
      if (real !== null) listed.push({ path: target.path, source: 'manual', usb: null, baudRates: [target.baudRate], fingerprint: real });
    }
    return listed;
  }

  /**
   * Opens a port and asks who is there. A sensor the technician wants is attached on the spot;
   * any other is recorded as found and the port closed again. `attachAny`: the technician picked
   * this port, attach whatever answers.
   */
  async probe(candidate: SerialCandidate, options: { attachAny: boolean }): Promise<void> {
    const serial = this.deps.serial;
    if (!serial || candidate.probing || this.deps.links.serialPortInUse(candidate.path)) return;
    if (this.deps.heldForFirmware(candidate.path)) return;
    candidate.probing = true;
    candidate.lastProbeAtMs = this.deps.now();
    this.deps.changed();
    try {
      let lastError: unknown = null;
      for (const baudRate of candidate.baudRates) {
        let byteLink: ByteLink;
        try {
          byteLink = await serial.open(candidate.path, baudRate);
        } catch (error) {
          // The serial process being down is its own problem; anything else is this port refusing.
          const problem = error instanceof SensorLinkError ? error.problem : 'open_failed';
          lastError = new SensorLinkError(problem, `Could not open ${candidate.path}: ${(error as Error).message}`);
          break;
        }
        let answered: Answered;
        try {
          answered = await handshake(byteLink, { now: this.deps.now, timeoutMs: baudRate === LEGACY_BAUD_RATE ? LEGACY_HANDSHAKE_MS : this.deps.timing.handshakeMs });
        } catch (error) {
          lastError = error;
          continue;
        }
        this.found(candidate, answered, baudRate, options);
        return;
      }
      candidate.problem = problemOf(lastError);
    } catch (error) {
      candidate.problem = problemOf(error);
    } finally {
      candidate.probing = false;
      this.deps.changed();
    }
  }

  private found(candidate: SerialCandidate, answered: Answered, baudRate: number, options: { attachAny: boolean }): void {
    const { identity, deviceId } = answered;
    candidate.deviceId = deviceId;
    candidate.model = identity.kind === 'binary' ? identity.hello.model || null : null;
    candidate.firmwareVersion = identity.kind === 'binary' ? identity.hello.firmwareVersion || null : null;
    candidate.problem = null;
    const meta = this.deps.links.get(deviceId);
    const wanted = meta ? meta.link.wanted && meta.link.session === null : options.attachAny;
    if (!wanted) {
      answered.session.close('probe only');
      return;
    }
    attach(this.deps.links, answered, { expectedId: null, source: candidate.source, baudRate });
  }

  /** A lost serial sensor comes back on a port the scanner finds; this keeps the scan fast and retries its last path. */
  async reconnect(meta: LinkMeta): Promise<void> {
    let first = true;
    while (!this.deps.closed() && meta.link.wanted && meta.link.session === null) {
      const path = meta.serialPath;
      const candidate = path ? this.candidates.get(path) : undefined;
      if (candidate && !candidate.probing && (first || this.deps.now() - candidate.lastProbeAtMs >= this.deps.timing.maxRetryMs)) {
        await this.probe(candidate, { attachAny: false });
      }
      first = false;
      if (meta.link.session === null) await wakeableSleep(this.deps.timing.fastScanMs).done;
    }
  }
}
