import fs from 'node:fs';
import path from 'node:path';
import { readLock } from './data-lock';

export interface StartupInspection {
  /** `missing`/`empty`: no usable database beside stored recordings; recovery rebuilds the index from the files. */
  database: 'ok' | 'missing' | 'empty';
  /** The last run did not close cleanly (its lock is still there and its owner gone): check the whole database. */
  unclean: boolean;
  /** Write-ahead files of a missing database, moved aside so SQLite cannot replay them into a new file. */
  setAside: string[];
}

/**
 * Looks at the data folder before the database is opened (issue 14): a database file that is
 * missing or empty while recordings exist is not a fresh start, and a lock left by a dead owner
 * means the last run ended uncleanly.
 */
export function inspectDataFolder(dataDir: string, databaseFile: string, hasStoredFiles: () => boolean, now: Date): StartupInspection {
  let size: number | null;
  try {
    size = fs.statSync(databaseFile).size;
  } catch {
    size = null;
  }
  const unclean = readLock(dataDir).state === 'stale';
  if (size !== null && size > 0) return { database: 'ok', unclean, setAside: [] };
  if (!hasStoredFiles()) return { database: 'ok', unclean, setAside: [] };
  const setAside: string[] = [];
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  for (const suffix of ['-wal', '-shm', '-journal']) {
    const file = `${databaseFile}${suffix}`;
    if (!fs.existsSync(file)) continue;
    const aside = `${file}.set-aside-${stamp}`;
    fs.renameSync(file, aside);
    setAside.push(path.basename(aside));
  }
  return { database: size === null ? 'missing' : 'empty', unclean, setAside };
}
