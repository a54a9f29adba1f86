import fs from 'node:fs';
import { AppError } from '../../../../shared/contract';
import { formatBytes } from '../../../../shared/format';

/** Bytes free for this user on the disk holding `dir`. */
export type FreeSpaceProbe = (dir: string) => number;

export const statfsProbe: FreeSpaceProbe = (dir) => {
  const s = fs.statfsSync(dir);
  return s.bavail * s.bsize;
};

export interface DiskGuardOptions {
  /** Kept free at all times: room for the database to commit and the OS to work. */
  reserveBytes: number;
  /** A free-run recording must have room for at least this long when it starts. */
  freeRunPlanS: number;
  /** Recording stops while this many seconds of data would still fit above the reserve. */
  stopMarginS: number;
}

export const DEFAULT_DISK_GUARD: DiskGuardOptions = {
  reserveBytes: 64 * 1024 * 1024,
  freeRunPlanS: 300,
  stopMarginS: 5,
};

/**
 * Keeps recordings off a full disk. A recording does not start without room for its planned
 * length above the reserve, and stops cleanly (everything written so far kept and finalised) while
 * there is still room, instead of failing on a write. The database lives on the same disk, so the
 * reserve also protects everything already stored.
 */
export class DiskGuard {
  constructor(
    private readonly dir: string,
    private readonly probe: FreeSpaceProbe,
    readonly options: DiskGuardOptions,
  ) {}

  free(): number {
    return this.probe(this.dir);
  }

  /** Throws a clear `unavailable` error when a recording of `bytesPerSecond` for `durationS` (null: free run) does not fit. */
  checkStart(bytesPerSecond: number, durationS: number | null): void {
    const plan = durationS ?? this.options.freeRunPlanS;
    const needed = Math.ceil(bytesPerSecond * plan) + this.options.reserveBytes;
    const free = this.free();
    if (free < needed) {
      const length = durationS === null ? `${Math.round(plan / 60)} minutes of free-running recording` : `a ${durationS} s recording`;
      throw new AppError(
        'unavailable',
        `Only ${formatBytes(free)} is free on the disk holding the data folder (${this.dir}). ` +
          `${cap(length)} needs about ${formatBytes(Math.ceil(bytesPerSecond * plan))} plus ${formatBytes(this.options.reserveBytes)} kept free, ` +
          'so that nothing already stored is put at risk. Free some space (or choose a shorter fixed length) and try again.',
        'disk',
      );
    }
  }

  /** True when recordings writing `bytesPerSecond` in total must stop now. */
  mustStop(bytesPerSecond: number): boolean {
    return this.free() < this.options.reserveBytes + bytesPerSecond * this.options.stopMarginS;
  }
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
