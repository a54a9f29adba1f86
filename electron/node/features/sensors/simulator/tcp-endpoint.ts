import net from 'node:net';
import { Bonjour, type Service } from 'bonjour-service';
import { SENSOR_SERVICE_TYPE, sensorTxt } from '../lan/mdns';
import type { SimulatedSensor } from './simulated-sensor';

export interface TcpEndpointOptions {
  /** 0 picks a free port (kept across unplug and plug). */
  port: number;
  host?: string;
  /** Advertise `_signalcraft._tcp` on mDNS. */
  mdns: boolean;
  firmwareVersion: string;
  model: string;
}

/**
 * The sensor's Wi-Fi side: it listens for the app on TCP (one connection at a time; a new one
 * replaces the old, as after a half-open link) and advertises itself on mDNS. Unplugging drops
 * the connection and stops listening, as a sensor out of Wi-Fi range does.
 */
export class TcpEndpoint {
  private server: net.Server | null = null;
  private client: net.Socket | null = null;
  private bonjour: Bonjour | null = null;
  private service: Service | null = null;
  private boundPort: number;

  constructor(
    private readonly sensor: SimulatedSensor,
    private readonly options: TcpEndpointOptions,
  ) {
    this.boundPort = options.port;
  }

  get port(): number {
    return this.boundPort;
  }

  get connected(): boolean {
    return this.client !== null;
  }

  async plug(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort, this.options.host ?? '0.0.0.0', () => {
        server.removeListener('error', reject);
        resolve();
      });
    });
    this.boundPort = (server.address() as net.AddressInfo).port;
    this.server = server;
    if (this.options.mdns && !this.service) {
      this.bonjour ??= new Bonjour();
      this.service = this.bonjour.publish({
        name: `SignalCraft sensor ${this.sensor.deviceId}`,
        type: SENSOR_SERVICE_TYPE,
        protocol: 'tcp',
        port: this.boundPort,
        txt: sensorTxt(this.sensor.deviceId, this.options.firmwareVersion, this.options.model),
      });
    }
  }

  /** Out of range: the connection drops and nobody can connect until plug(). mDNS stays (its records time out on their own). */
  async unplug(): Promise<void> {
    this.dropClient();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The connection drops (a reboot restarts the network stack) but the sensor keeps listening. */
  dropClient(): void {
    const client = this.client;
    this.client = null;
    this.sensor.setOutput(null);
    client?.destroy();
  }

  async close(): Promise<void> {
    await this.unplug();
    const bonjour = this.bonjour;
    this.bonjour = null;
    this.service = null;
    if (bonjour) {
      await new Promise<void>((resolve) => bonjour.unpublishAll(() => resolve()));
      await new Promise<void>((resolve) => bonjour.destroy(() => resolve()));
    }
  }

  private accept(socket: net.Socket): void {
    this.dropClient();
    this.client = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.sensor.input(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.client === socket) {
        this.client = null;
        this.sensor.setOutput(null);
      }
    });
    this.sensor.setOutput({
      write: (bytes) => {
        if (!socket.destroyed) socket.write(bytes);
      },
      backlog: () => socket.writableLength,
    });
  }
}
