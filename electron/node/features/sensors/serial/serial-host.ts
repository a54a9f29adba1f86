import fs from 'node:fs';
import type { Logger } from '../../../platform/logging/log';
import type { ChildHandle, ChildLauncher } from '../../../platform/process/launcher';
import { BaseByteLink } from '../link/byte-link';
import { SensorLinkError } from '../link/link-errors';
import type { FromSerialChild, ToSerialChild } from './child-protocol';
import type { SerialPortInfo } from './port-info';

export type SerialHostState = 'starting' | 'running' | 'restarting' | 'stopped';

/** A port opened in the serial process, seen from the back end. */
class SerialByteLink extends BaseByteLink {
  readonly transport = 'serial' as const;
  readonly startsAtBoundary = false;
  constructor(
    readonly address: string,
    readonly portId: number,
    private readonly host: SerialHost,
  ) {
    super();
  }

  write(bytes: Uint8Array): void {
    if (!this.closed) this.host.post({ op: 'write', port: this.portId, data: bytes });
  }

  protected release(): void {
    this.host.post({ op: 'close', port: this.portId });
    this.host.forget(this.portId);
  }

  /** Sets DTR and RTS (firmware updates only: everything else leaves the lines as the kernel raised them). */
  setSignals(dtr: boolean, rts: boolean): Promise<void> {
    return this.host.request(this.portId, (req) => ({ op: 'signals', port: this.portId, req, dtr, rts }));
  }

  setBaudRate(baudRate: number): Promise<void> {
    return this.host.request(this.portId, (req) => ({ op: 'baud', port: this.portId, req, baudRate }));
  }

  /** For the host: bytes from the serial process. */
  deliver(bytes: Uint8Array): void {
    this.received(bytes);
  }

  /** For the host: the port closed (unplugged, failed, or the serial process ended). */
  end(reason: string): void {
    this.ended(reason);
  }
}

interface PendingOpen {
  resolve: (link: SerialByteLink) => void;
  reject: (error: Error) => void;
  link: SerialByteLink;
  timer: NodeJS.Timeout;
}

/**
 * Supervises the serial process: starts it, restarts it when it dies (with a growing delay if it
 * keeps dying), and hands out ByteLinks for the ports it opens. When it dies, every open port's
 * link closes with the reason, so each sensor shows the gap and reconnects once it is back.
 */
export class SerialHost {
  state: SerialHostState = 'stopped';
  restarts = 0;
  lastExit: string | null = null;
  private child: ChildHandle | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 1;
  private readonly links = new Map<number, SerialByteLink>();
  private readonly opening = new Map<number, PendingOpen>();
  private readonly listing = new Map<number, { resolve: (ports: SerialPortInfo[]) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private readonly requests = new Map<number, { port: number; resolve: () => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private restartTimer: NodeJS.Timeout | null = null;
  private recentCrashes: number[] = [];
  private readonly stateListeners = new Set<() => void>();

  constructor(
    private readonly launcher: ChildLauncher,
    /** The bundled serial-child.js. */
    private readonly entry: string,
    private readonly log: Logger,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  onStateChange(listener: () => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  start(): Promise<void> {
    if (this.state === 'running' || this.state === 'starting') return this.ready ?? Promise.resolve();
    if (!fs.existsSync(this.entry)) {
      // An incomplete build: say so once instead of restarting a process that cannot start.
      this.lastExit = `not installed (${this.entry} is missing; run "npm run build")`;
      this.log.error({ entry: this.entry }, 'the serial process is missing from this build');
      this.setState('stopped');
      return Promise.reject(serialProcessError(`the serial process is ${this.lastExit}`));
    }
    this.setState(this.restarts > 0 ? 'restarting' : 'starting');
    const child = this.launcher(this.entry, []);
    this.child = child;
    this.ready = new Promise<void>((resolve) => {
      child.onMessage((raw) => {
        const message = raw as FromSerialChild;
        if (message.ev === 'ready') {
          this.setState('running');
          resolve();
        } else {
          this.onChildMessage(message);
        }
      });
    });
    child.onExit((code, signal) => this.onChildExit(child, code, signal));
    return this.ready;
  }

  async stop(): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    const child = this.child;
    this.child = null;
    this.setState('stopped');
    this.failEverything('the app is closing');
    if (child) {
      const exited = new Promise<void>((resolve) => child.onExit(() => resolve()));
      child.kill();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    }
  }

  async list(timeoutMs = 3000): Promise<SerialPortInfo[]> {
    await this.whenRunning();
    const id = this.nextId++;
    return new Promise<SerialPortInfo[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listing.delete(id);
        reject(serialProcessError('the serial process did not list the ports in time'));
      }, timeoutMs);
      this.listing.set(id, { resolve, reject, timer });
      this.post({ op: 'list', id });
    });
  }

  async open(path: string, baudRate: number, timeoutMs = 3000): Promise<SerialByteLink> {
    await this.whenRunning();
    const id = this.nextId++;
    const link = new SerialByteLink(path, id, this);
    return new Promise<SerialByteLink>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.opening.delete(id);
        this.post({ op: 'close', port: id });
        reject(new Error(`opening ${path} took longer than ${timeoutMs} ms`));
      }, timeoutMs);
      this.opening.set(id, { resolve, reject, link, timer });
      this.post({ op: 'open', port: id, path, baudRate });
    });
  }

  /** For links: send to the serial process (dropped while it is down: the link is closing anyway). */
  post(message: ToSerialChild): void {
    this.child?.send(message);
  }

  /** For links: an operation on an open port that the serial process answers with `done`. */
  request(port: number, make: (req: number) => ToSerialChild, timeoutMs = 3000): Promise<void> {
    if (!this.links.has(port)) return Promise.reject(new Error('the port is closed'));
    const req = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.requests.delete(req);
        reject(serialProcessError('the serial process did not answer in time'));
      }, timeoutMs);
      this.requests.set(req, { port, resolve, reject, timer });
      this.post(make(req));
    });
  }

  forget(portId: number): void {
    this.links.delete(portId);
  }

  private async whenRunning(timeoutMs = 5000): Promise<void> {
    if (this.state === 'running') return;
    if (this.state === 'stopped') throw serialProcessError('the serial process is not running');
    // Starting or restarting: wait for it rather than failing the caller.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(serialProcessError('the serial process did not start in time'));
      }, timeoutMs);
      const off = this.onStateChange(() => {
        if (this.state === 'running' || this.state === 'stopped') {
          clearTimeout(timer);
          off();
          if (this.state === 'running') resolve();
          else reject(serialProcessError('the serial process is not running'));
        }
      });
    });
  }

  private onChildMessage(message: FromSerialChild): void {
    switch (message.ev) {
      case 'list': {
        const pending = this.listing.get(message.id);
        if (!pending) return;
        this.listing.delete(message.id);
        clearTimeout(pending.timer);
        if (message.error !== null) pending.reject(new Error(message.error));
        else pending.resolve(message.ports);
        return;
      }
      case 'opened': {
        const pending = this.opening.get(message.port);
        if (!pending) {
          this.post({ op: 'close', port: message.port }); // opened after we gave up on it
          return;
        }
        this.opening.delete(message.port);
        clearTimeout(pending.timer);
        this.links.set(message.port, pending.link);
        pending.resolve(pending.link);
        return;
      }
      case 'open-failed': {
        const pending = this.opening.get(message.port);
        if (!pending) return;
        this.opening.delete(message.port);
        clearTimeout(pending.timer);
        pending.reject(new Error(message.message));
        return;
      }
      case 'data':
        this.links.get(message.port)?.deliver(message.data);
        return;
      case 'done': {
        const pending = this.requests.get(message.req);
        if (!pending) return;
        this.requests.delete(message.req);
        clearTimeout(pending.timer);
        if (message.error === null) pending.resolve();
        else pending.reject(Object.assign(new Error(message.error), { code: message.code ?? undefined }));
        return;
      }
      case 'closed': {
        const link = this.links.get(message.port);
        this.links.delete(message.port);
        link?.end(message.reason);
        return;
      }
      default:
        return;
    }
  }

  private onChildExit(child: ChildHandle, code: number | null, signal: string | null): void {
    if (this.child !== child) return; // an old process we already replaced or stopped
    this.child = null;
    this.ready = null;
    this.lastExit = signal ? `signal ${signal}` : `exit code ${code}`;
    this.log.warn({ code, signal }, 'serial process ended; restarting it');
    this.failEverything(`the serial process ended (${this.lastExit})`);
    if (this.state === 'stopped') return;
    // Restart at once the first time; back off if it keeps dying (a driver crashing on open).
    const now = Date.now();
    this.recentCrashes = this.recentCrashes.filter((t) => now - t < 30_000);
    this.recentCrashes.push(now);
    const delay = Math.min(5000, 100 * 2 ** (this.recentCrashes.length - 1));
    this.restarts += 1;
    this.setState('restarting');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.state = 'stopped';
      void this.start();
    }, delay);
  }

  private failEverything(reason: string): void {
    for (const [, pending] of this.opening) {
      clearTimeout(pending.timer);
      pending.reject(serialProcessError(reason));
    }
    this.opening.clear();
    for (const [, pending] of this.listing) {
      clearTimeout(pending.timer);
      pending.reject(serialProcessError(reason));
    }
    this.listing.clear();
    for (const [, pending] of this.requests) {
      clearTimeout(pending.timer);
      pending.reject(serialProcessError(reason));
    }
    this.requests.clear();
    const links = [...this.links.values()];
    this.links.clear();
    for (const link of links) link.end(reason);
  }

  private setState(state: SerialHostState): void {
    if (this.state === state) return;
    this.state = state;
    for (const l of this.stateListeners) l();
  }
}

/** The serial process itself failed (down, restarting, not answering), not the port or the sensor on it. */
function serialProcessError(message: string): SensorLinkError {
  return new SensorLinkError('serial_process', message);
}

export type { SerialByteLink };
