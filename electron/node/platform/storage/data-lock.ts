import fs from 'node:fs';
import path from 'node:path';
import { processAlive } from '../process/process-alive';

/**
 * recorder.lock in the data folder: which process records into it. Written when start-up
 * recovery begins, removed by a clean close; one found at start whose owner is gone means the
 * last run ended uncleanly (kill, crash, power cut): recovery runs and the database gets a full
 * integrity check.
 *
 * A PID alone cannot tell: after a reboot or a long time the same PID names another program
 * (issue 14). So the lock also records the kernel's boot id and the owner's start time, and an
 * owner counts as alive only when the PID runs, the boot is the same and that process started
 * when the lock says (within a second). A lock from an older version (a bare PID) counts as alive
 * only if that process started before the lock was written.
 */
export const LOCK_FILE = 'recorder.lock';

export interface LockOwner {
  pid: number;
  bootId: string | null;
  /** The owner's start time, ms since the epoch (from /proc where present). */
  startedMs: number | null;
}

export type LockState = { state: 'none' } | { state: 'stale'; owner: LockOwner } | { state: 'live'; owner: LockOwner };

const BOOT_ID_FILE = '/proc/sys/kernel/random/boot_id';

export function bootId(): string | null {
  try {
    return fs.readFileSync(BOOT_ID_FILE, 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** When a process started, from /proc/<pid>/stat (Linux); null where /proc is absent. */
export function processStartMs(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime, clock ticks since boot) counted after the command name, which may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const btime = Number(/^btime (\d+)$/m.exec(fs.readFileSync('/proc/stat', 'utf8'))?.[1]);
    if (!Number.isFinite(ticks) || !Number.isFinite(btime)) return null;
    return btime * 1000 + ticks * 10; // USER_HZ is 100 on every Linux /proc
  } catch {
    return null;
  }
}

export function readLock(dataDir: string): LockState {
  const file = path.join(dataDir, LOCK_FILE);
  let text: string;
  let writtenMs: number;
  try {
    text = fs.readFileSync(file, 'utf8').trim();
    writtenMs = fs.statSync(file).mtimeMs;
  } catch {
    return { state: 'none' };
  }
  let owner: LockOwner;
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner> | number;
    owner =
      typeof parsed === 'number'
        ? { pid: parsed, bootId: null, startedMs: null }
        : { pid: Number(parsed.pid), bootId: parsed.bootId ?? null, startedMs: parsed.startedMs ?? null };
  } catch {
    return { state: 'stale', owner: { pid: 0, bootId: null, startedMs: null } };
  }
  return { state: ownerAlive(owner, writtenMs) ? 'live' : 'stale', owner };
}

function ownerAlive(owner: LockOwner, writtenMs: number): boolean {
  if (!Number.isInteger(owner.pid) || owner.pid <= 0) return false;
  if (!processAlive(owner.pid)) return false;
  const currentBoot = bootId();
  if (owner.bootId !== null && currentBoot !== null && owner.bootId !== currentBoot) return false;
  const started = processStartMs(owner.pid);
  if (started === null) return true; // no /proc: the PID is all we can check
  if (owner.startedMs !== null) return Math.abs(started - owner.startedMs) < 1500;
  return started <= writtenMs + 1000;
}

/** Claims the data folder for this process, durably (a power cut right after still finds it). */
export function writeLock(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const owner: LockOwner = {
    pid: process.pid,
    bootId: bootId(),
    startedMs: processStartMs(process.pid) ?? Math.round(Date.now() - process.uptime() * 1000),
  };
  const file = path.join(dataDir, LOCK_FILE);
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, JSON.stringify(owner));
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Removes the lock if this process holds it (a clean close). */
export function releaseLock(dataDir: string): void {
  const lock = readLock(dataDir);
  if (lock.state !== 'none' && lock.owner.pid === process.pid) fs.rmSync(path.join(dataDir, LOCK_FILE), { force: true });
}
