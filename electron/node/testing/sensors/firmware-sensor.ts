import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';

/** The firmware's portable core built for this machine (firmware/host): a sensor in C on a pty or TCP. */
export const FIRMWARE_HOST_DIR = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'firmware', 'host');
export const FIRMWARE_SENSOR_BIN = path.join(FIRMWARE_HOST_DIR, 'build', 'signalcraft-sensor');

/** Builds the host sensor (make is incremental: fast when nothing changed). */
export function buildFirmwareSensor(): string {
  execFileSync('make', ['-s', '-C', FIRMWARE_HOST_DIR, 'sensor'], { stdio: ['ignore', 'ignore', 'pipe'] });
  return FIRMWARE_SENSOR_BIN;
}

export interface FirmwareSensor {
  deviceId: string;
  process: ChildProcess;
  /** The pty link the app opens, with --pty-dir. */
  serialPath: string | null;
  tcpPort: number | null;
  /** Everything it printed (stdout and stderr). */
  output(): string;
  /** A control line: stats, drop (drops the TCP client, as Wi-Fi does), quit. */
  command(line: string): void;
  /** The counters it prints for `stats`. */
  stats(): Promise<FirmwareStats>;
  stop(): Promise<void>;
}

export interface FirmwareStats {
  uptimeUs: number;
  droppedSamples: number;
  ports: { kind: 'usb' | 'net'; connected: boolean; framesSent: number; framesDropped: number; framesUnsent: number; bytes: number; rxBad: number }[];
}

/** Starts the host sensor and waits for it to say where it listens. */
export async function startFirmwareSensor(options: { deviceId: string; ptyDir?: string; tcp?: boolean; state?: string; args?: string[] }): Promise<FirmwareSensor> {
  const args = ['--device-id', options.deviceId];
  if (options.ptyDir) args.push('--pty-dir', options.ptyDir);
  if (options.tcp) args.push('--tcp', '0');
  if (options.state) args.push('--state', options.state);
  args.push(...(options.args ?? []));
  const child = spawn(FIRMWARE_SENSOR_BIN, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the host sensor did not start:\n${out}`)), 10_000);
    const check = () => {
      if (/^device: /m.test(out)) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the host sensor exited with ${code}:\n${out}`));
    });
  });
  const tcp = /^tcp: \S+:(\d+)$/m.exec(out);
  const pty = /^pty: (\S+)$/m.exec(out);
  return {
    deviceId: options.deviceId,
    process: child,
    serialPath: pty?.[1] ?? null,
    tcpPort: tcp?.[1] ? Number(tcp[1]) : null,
    output: () => out,
    command: (line) => child.stdin.write(`${line}\n`),
    stats: async () => {
      const from = out.length;
      child.stdin.write('stats\n');
      const until = Date.now() + 5000;
      for (;;) {
        const match = /^\{"stats":(.*)\}$/m.exec(out.slice(from));
        if (match?.[1]) return JSON.parse(match[1]) as FirmwareStats;
        if (Date.now() > until) throw new Error('the host sensor printed no stats');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
