import path from 'node:path';
import { AppError } from '../../../../shared/contract';

export type StorageProblem =
  | 'database_corrupt'
  | 'database_foreign'
  | 'database_too_new'
  | 'database_locked'
  | 'disk_full'
  | 'readonly'
  | 'migration_failed';

/**
 * A storage failure a person can act on. The message says what is wrong, that the file was left
 * untouched, and what to do; `problem` lets the CLI and the UI tell the cases apart.
 */
export class StorageError extends AppError {
  readonly problem: StorageProblem;

  constructor(problem: StorageProblem, message: string) {
    super('storage_error', message);
    this.name = 'StorageError';
    this.problem = problem;
  }
}

/**
 * Maps SQLite's own error codes, and the file system's for files in the data folder (an export,
 * a report, a sidecar on a full disk), to something a technician can act on; others pass through.
 */
export function explainSqliteError(error: unknown, file: string): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new StorageError(
        'disk_full',
        `The disk holding the data folder (${path.dirname(file)}) is full, so the file was not written (nothing stored was lost). Free some space and try again.`,
      );
    case 'EROFS':
      return new StorageError(
        'readonly',
        `The data folder (${path.dirname(file)}) is on a read-only disk, so the file was not written. Choose a writable data folder with --data-dir.`,
      );
    case 'SQLITE_FULL':
      return new StorageError(
        'disk_full',
        `The disk holding ${file} is full, so the change was not saved (nothing stored was lost). Free some space and try again.`,
      );
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new StorageError(
        'database_locked',
        `The database ${file} is in use by another program (another SignalCraft Field window?). Close it and try again.`,
      );
    case 'SQLITE_READONLY':
    case 'SQLITE_READONLY_DBMOVED':
    case 'SQLITE_CANTOPEN':
      return new StorageError(
        'readonly',
        `The database ${file} cannot be written (read-only folder or missing permission). Choose a writable data folder with --data-dir.`,
      );
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
      return new StorageError(
        'database_corrupt',
        `The database ${file} is damaged and was not modified. Repair it with "signalcraft-field repair-db": the damaged file is kept aside, what can be read is copied into a new database and the recordings are re-attached from their files.`,
      );
    default:
      return error;
  }
}
