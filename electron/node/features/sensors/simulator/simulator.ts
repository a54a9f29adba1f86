import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { PtyEndpoint } from './pty-endpoint';
import type { SampleSource } from './sample-source';
import { type MachineCondition, SynthSource, seedFor } from './synth-source';
import { type SensorFaults, SimulatedSensor, type SimulatedSensorOptions } from './simulated-sensor';
import { TcpEndpoint } from './tcp-endpoint';

export interface FaultSchedule {
  /** Every so many seconds, the sensor's loop stalls for `stallForMs`. */
  stallEveryS?: number;
  stallForMs?: number;
  /** Every so many seconds, the cable is pulled (pty) or Wi-Fi drops (TCP) for `disconnectForMs`. */
  disconnectEveryS?: number;
  disconnectForMs?: number;
  rebootEveryS?: number;
}

export interface SimulatorOptions {
  deviceId?: string;
  condition?: MachineCondition;
  /** Replaces the synthesized compressor (the cheap built-in source for fleets, a recording played back...). */
  source?: SampleSource;
  /** A pseudo-terminal linked into this folder (the app's simulator port folder). */
  serialDir?: string | null;
  /** The port's name in that folder (default: the device id). */
  serialName?: string;
  /** Listen on TCP (port 0: any free port). */
  tcp?: { port: number; host?: string; mdns: boolean } | null;
  faults?: Partial<SensorFaults>;
  schedule?: FaultSchedule;
  sensor?: Partial<Omit<SimulatedSensorOptions, 'deviceId' | 'source' | 'faults'>>;
}

export interface RunningSimulator {
  deviceId: string;
  sensor: SimulatedSensor;
  source: SampleSource;
  /** The serial port path the app opens, when simulating over a pty. */
  serialPath: string | null;
  tcpPort: number | null;
  /** Pulls the cable (or drops Wi-Fi); plugs it back after `forMs` when given. */
  disconnect(forMs?: number): Promise<void>;
  reconnect(): Promise<void>;
  reboot(): void;
  stall(ms: number): void;
  setCondition(condition: MachineCondition): void;
  close(): Promise<void>;
  /** Synchronous cleanup for process exit handlers. */
  killNow(): void;
}

export function defaultDeviceId(): string {
  return `sim-${randomBytes(3).toString('hex')}`;
}

/**
 * A simulated SignalCraft sensor on a pseudo-terminal, on TCP with mDNS, or both: a product
 * feature (demo and training without hardware) and the fixture of the sensor link's tests.
 */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const deviceId = options.deviceId ?? defaultDeviceId();
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(deviceId)) {
    throw new Error(`The device id "${deviceId}" must be 1 to 64 letters, digits, dots, dashes or underscores.`);
  }
  const source = options.source ?? new SynthSource({ condition: options.condition ?? 'healthy', seed: seedFor(deviceId) });
  const sensor = new SimulatedSensor({ deviceId, source, ...(options.faults ? { faults: options.faults } : {}), ...options.sensor });
  const firmwareVersion = options.sensor?.firmwareVersion ?? '1.4.0-sim';
  const model = options.sensor?.model ?? 'SignalCraft ESP32 sensor (simulated)';

  let pty: PtyEndpoint | null = null;
  let tcp: TcpEndpoint | null = null;
  if (options.serialDir) {
    fs.mkdirSync(options.serialDir, { recursive: true });
    pty = new PtyEndpoint(sensor, options.serialDir, options.serialName ?? deviceId);
  }
  if (options.tcp) {
    tcp = new TcpEndpoint(sensor, { ...options.tcp, firmwareVersion, model });
  }
  if (!pty && !tcp) throw new Error('Choose at least one way to reach the simulated sensor: a serial pty or TCP.');

  sensor.start();
  try {
    await pty?.plug();
    await tcp?.plug();
  } catch (error) {
    sensor.stop();
    await pty?.close();
    await tcp?.close();
    throw error;
  }

  const timers: NodeJS.Timeout[] = [];
  let reconnectTimer: NodeJS.Timeout | null = null;
  let closed = false;

  const reconnect = async () => {
    if (reconnectTimer) clearTimeout(reconnectTimer);
    reconnectTimer = null;
    if (closed) return;
    await pty?.plug();
    await tcp?.plug();
  };
  const disconnect = async (forMs?: number) => {
    await pty?.unplug();
    await tcp?.unplug();
    if (forMs !== undefined && !closed) reconnectTimer = setTimeout(() => void reconnect(), forMs);
  };
  const reboot = () => {
    // The network stack restarts with the chip: TCP clients are dropped and must reconnect.
    tcp?.dropClient();
    sensor.reboot();
  };

  const s = options.schedule ?? {};
  if (s.stallEveryS) timers.push(setInterval(() => sensor.stall(s.stallForMs ?? 2000), s.stallEveryS * 1000));
  if (s.disconnectEveryS) timers.push(setInterval(() => void disconnect(s.disconnectForMs ?? 3000), s.disconnectEveryS * 1000));
  if (s.rebootEveryS) timers.push(setInterval(reboot, s.rebootEveryS * 1000));

  return {
    deviceId,
    sensor,
    source,
    serialPath: pty?.hostPath ?? null,
    get tcpPort() {
      return tcp?.port ?? null;
    },
    disconnect,
    reconnect,
    reboot,
    stall: (ms) => sensor.stall(ms),
    setCondition: (condition) => source.setCondition?.(condition),
    close: async () => {
      closed = true;
      for (const t of timers) clearInterval(t);
      if (reconnectTimer) clearTimeout(reconnectTimer);
      sensor.stop();
      await pty?.close();
      await tcp?.close();
    },
    killNow: () => {
      sensor.stop();
      pty?.killNow();
    },
  };
}
