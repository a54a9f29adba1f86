import { Bonjour, type Browser, type Service } from 'bonjour-service';
import type { Logger } from '../../../platform/logging/log';

/** The mDNS service type sensors advertise: `_signalcraft._tcp`. */
export const SENSOR_SERVICE_TYPE = 'signalcraft';

export interface LanSensor {
  /** From the TXT record `id`; services without one are not our sensors. */
  deviceId: string;
  name: string;
  host: string;
  port: number;
  firmwareVersion: string | null;
  model: string | null;
}

/** The TXT record a sensor (or the simulator) publishes. */
export function sensorTxt(deviceId: string, firmwareVersion: string, model: string): Record<string, string> {
  return { id: deviceId, fw: firmwareVersion, model, proto: '1' };
}

/**
 * Watches mDNS for sensors. bonjour-service is pure JavaScript over multicast-dns (no native
 * module, no install script) and maintained. A query is repeated every few seconds so a sensor
 * that joined without being heard is found, and services that stopped answering expire.
 */
export type MdnsProblem = 'port_in_use' | 'no_permission' | 'no_network' | 'failed';

/** The socket error behind a failed discovery, as the page can word it. */
export function mdnsProblem(error: Error): MdnsProblem {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return 'port_in_use';
    case 'EACCES':
    case 'EPERM':
      return 'no_permission';
    case 'ENETUNREACH':
    case 'ENETDOWN':
    case 'EADDRNOTAVAIL':
    case 'ENODEV':
    case 'EHOSTUNREACH':
      return 'no_network';
    default:
      return 'failed';
  }
}

export class SensorBrowser {
  private bonjour: Bonjour | null = null;
  private browser: Browser | null = null;
  private timer: NodeJS.Timeout | null = null;
  readonly sensors = new Map<string, LanSensor>();
  error: MdnsProblem | null = null;

  constructor(
    private readonly onChange: () => void,
    private readonly log: Logger,
    private readonly requeryMs = 5000,
  ) {}

  get browsing(): boolean {
    return this.browser !== null;
  }

  start(): void {
    if (this.bonjour) return;
    try {
      this.bonjour = new Bonjour({}, (error: Error) => {
        this.error = mdnsProblem(error);
        this.log.warn({ err: error.message, code: (error as NodeJS.ErrnoException).code }, 'mDNS error');
        this.onChange();
      });
      this.browser = this.bonjour.find({ type: SENSOR_SERVICE_TYPE, protocol: 'tcp' });
      this.browser.on('up', (service) => this.up(service));
      this.browser.on('down', (service) => this.down(service));
      this.browser.on('srv-update', (service) => this.up(service));
      this.browser.on('txt-update', (service) => this.up(service));
      this.timer = setInterval(() => {
        this.browser?.expire();
        this.browser?.update();
      }, this.requeryMs);
      this.timer.unref();
    } catch (error) {
      this.error = mdnsProblem(error as Error);
      this.log.warn({ err: (error as Error).message, code: (error as NodeJS.ErrnoException).code }, 'mDNS discovery unavailable');
    }
  }

  stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.browser?.stop();
    this.browser = null;
    const bonjour = this.bonjour;
    this.bonjour = null;
    this.sensors.clear();
    return new Promise((resolve) => {
      if (!bonjour) return resolve();
      bonjour.destroy(() => resolve());
      setTimeout(resolve, 1000).unref();
    });
  }

  private up(service: Service): void {
    const sensor = toSensor(service);
    if (!sensor) return;
    const known = this.sensors.get(sensor.deviceId);
    if (known && known.host === sensor.host && known.port === sensor.port && known.name === sensor.name) return;
    this.sensors.set(sensor.deviceId, sensor);
    this.onChange();
  }

  private down(service: Service): void {
    const sensor = toSensor(service);
    if (sensor && this.sensors.get(sensor.deviceId)?.name === sensor.name) {
      this.sensors.delete(sensor.deviceId);
      this.onChange();
    }
  }
}

function toSensor(service: Service): LanSensor | null {
  const txt = (service.txt ?? {}) as Record<string, unknown>;
  const id = typeof txt.id === 'string' ? txt.id : Buffer.isBuffer(txt.id) ? txt.id.toString('utf8') : null;
  if (!id || !service.port) return null;
  // Prefer the IPv4 address the answer came from; then any IPv4; then the host name.
  const addresses = service.addresses ?? [];
  const ipv4 = addresses.filter((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a));
  const referer = service.referer?.family === 'IPv4' ? service.referer.address : null;
  const host = (referer && ipv4.includes(referer) ? referer : ipv4[0]) ?? service.host;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  return { deviceId: id, name: service.name, host, port: service.port, firmwareVersion: text(txt.fw), model: text(txt.model) };
}
