import fs from 'node:fs';
import { type AppInfo, type HealthCheck, type HealthReport, worstStatus } from '../../../../shared/contract';
import { checkInstalledModels } from '../diagnosis';
import type { Db } from '../../platform/storage/database';
import { checkOnnxRuntime, checkSerialport, checkSqlite } from './natives';

/** Below this, a recording session could fill the disk mid-visit. */
export const LOW_DISK_BYTES = 1024 ** 3;

export interface HealthInputs {
  app: AppInfo;
  db: Db;
  databaseFile: string;
  modelDirs: readonly string[];
}

export async function buildHealthReport(inputs: HealthInputs): Promise<HealthReport> {
  const checks: HealthCheck[] = [
    checkSqlite(),
    checkSerialport(),
    await checkOnnxRuntime(),
    checkDatabase(inputs.db),
    checkDisk(inputs.app.dataDir),
    checkModel(inputs.modelDirs),
  ];
  return {
    app: inputs.app,
    databasePath: inputs.databaseFile,
    databaseBytes: databaseBytes(inputs.databaseFile),
    checks,
    status: worstStatus(checks.map((c) => c.status)),
  };
}

/** The main file plus its write-ahead log: what the database really occupies. */
function databaseBytes(file: string): number {
  let total = 0;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      total += fs.statSync(f).size;
    } catch {
      // not present
    }
  }
  return total;
}

function checkDatabase(db: Db): HealthCheck {
  try {
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    if (problems.length > 0) {
      return {
        id: 'database',
        status: 'fail',
        reason: 'database_damaged',
        detail: `SQLite found damage: ${problems.slice(0, 3).join('; ')}. Nothing more will be written to it: stop the app and run "signalcraft-field repair-db" (the file is kept aside and recordings are re-attached from their files).`,
      };
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    return { id: 'database', status: 'ok', detail: `schema ${version}, integrity ok`, reason: 'database_ok', values: { version: String(version) } };
  } catch (error) {
    return { id: 'database', status: 'fail', detail: `The database could not be checked: ${(error as Error).message}`, reason: 'database_unchecked' };
  }
}

function checkDisk(dir: string): HealthCheck {
  try {
    const stats = fs.statfsSync(dir);
    const free = stats.bavail * stats.bsize;
    const gb = (free / 1024 ** 3).toFixed(1);
    return free < LOW_DISK_BYTES
      ? { id: 'disk', status: 'warn', detail: `Only ${gb} GB free in the data folder: recordings may not fit. Free some space.`, reason: 'disk_low', values: { gb: String(gb) } }
      : { id: 'disk', status: 'ok', detail: `${gb} GB free in the data folder`, reason: 'disk_ok', values: { gb: String(gb) } };
  } catch (error) {
    return { id: 'disk', status: 'warn', detail: `Free space unknown: ${(error as Error).message}`, reason: 'disk_unknown' };
  }
}

/** The diagnosis models: manifest, file hashes and feature schemas (the workers also run each model's self-check). */
function checkModel(dirs: readonly string[]): HealthCheck {
  return checkInstalledModels(dirs);
}
