import fs from 'node:fs';
import path from 'node:path';
import { processAlive } from '../../../platform/process/process-alive';
import type { SimulatorPortRecord } from '../simulator/pty-endpoint';

/** What a path points at now, or null when nothing is there. */
export function realTarget(p: string): string | null {
  try {
    return fs.realpathSync(p);
  } catch {
    return null;
  }
}

/**
 * Ports of `signalcraft-field simulate --serial` in `dir`: each has a record (<id>.port.json)
 * naming its pty and socat's pid. A link is trusted only while it still points at that pty and
 * socat lives: a stale link may point at a pty someone else has opened since.
 */
export function listSimulatorPorts(dir: string | null): { path: string; target: string }[] {
  if (dir === null) return [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const ports: { path: string; target: string }[] = [];
  for (const name of names.sort()) {
    if (!name.endsWith('.port.json')) continue;
    let record: SimulatorPortRecord;
    try {
      record = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as SimulatorPortRecord;
    } catch {
      continue;
    }
    if (typeof record.path !== 'string' || typeof record.pty !== 'string' || !Number.isInteger(record.pid)) continue;
    if (path.resolve(path.dirname(record.path)) !== path.resolve(dir) || realTarget(record.path) !== record.pty || !processAlive(record.pid)) continue;
    ports.push({ path: record.path, target: `${record.pty}#${record.pid}` });
  }
  return ports;
}

