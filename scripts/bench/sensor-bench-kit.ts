/** Shared parts of the sensor benchmarks: a fleet of simulated sensors in a child process, a hub, CPU of a process. */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { EventHub } from '../../electron/node/platform/api/event-hub';
import { silentLogger } from '../../electron/node/platform/logging/log';
import { SensorHub } from '../../electron/node/features/sensors/sensor-hub';
import type { SerialHost } from '../../electron/node/features/sensors/serial/serial-host';
import type { SensorStats } from '../../electron/node/features/sensors/simulator/simulated-sensor';
import { SensorStore } from '../../electron/node/features/sensors/store';
import { bundleForNode } from '../../electron/node/testing/bundle';
import { openDatabase } from '../../electron/node/platform/storage/database';

const root = process.cwd();
const cacheDir = path.join(root, 'node_modules', '.cache', 'scf-bench');

export interface Fleet {
  sensors: { deviceId: string; tcpPort: number | null; serialPath: string | null }[];
  process: ChildProcess;
  stats(): Promise<Record<string, SensorStats>>;
  stop(): Promise<void>;
}

export async function startFleet(args: string[]): Promise<Fleet> {
  fs.mkdirSync(cacheDir, { recursive: true });
  const entry = path.join(cacheDir, 'sensor-fleet.mjs');
  bundleForNode(path.join('scripts', 'bench', 'sensor-fleet.ts'), entry);
  const child = spawn(process.execPath, [entry, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  let buffer = '';
  const waiters: ((line: string) => void)[] = [];
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      for (const w of waiters.splice(0)) w(line);
    }
  });
  const nextLine = (prefix: string) =>
    new Promise<string>((resolve) => {
      const wait = (line: string) => (line.startsWith(prefix) ? resolve(line.slice(prefix.length)) : waiters.push(wait));
      waiters.push(wait);
    });
  const ready = JSON.parse(await nextLine('READY ')) as { sensors: Fleet['sensors'] };
  return {
    sensors: ready.sensors,
    process: child,
    stats: async () => {
      const answer = nextLine('STATS ');
      child.stdin!.write('stats\n');
      return JSON.parse(await answer) as Record<string, SensorStats>;
    },
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function benchHub(options: { serial?: SerialHost | null; simulatorPortDir?: string | null }) {
  const dir = fs.mkdtempSync(path.join(cacheDir, 'hub-'));
  const { db } = openDatabase(path.join(dir, 'bench.db'));
  const events = new EventHub();
  const hub = new SensorHub({
    log: silentLogger(),
    events,
    store: new SensorStore(db),
    serial: options.serial ?? null,
    mdns: false,
    simulatorPortDir: options.simulatorPortDir ?? null,
    ingest: false,
  });
  return {
    hub,
    events,
    close: async () => {
      await hub.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
export function processCpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export const benchSeconds = (fallback: number) => Number(process.env.SCF_BENCH_SECONDS ?? fallback);
