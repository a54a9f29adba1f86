import fs from 'node:fs';
import path from 'node:path';
import type { SecretStorageKind } from '../../../../shared/contract';
import { writeFileAtomic } from '../../platform/storage/atomic-file';

/**
 * Where the back end keeps secrets (the SignalCraft server's session cookie). The back end cannot
 * import Electron, so the desktop shell passes in a store built on `safeStorage`
 * (electron/main/safe-storage-secret-store.ts); serve mode and the CLI use a file only the user
 * can read, and the sync screen says that it is not encrypted. Values never reach a log.
 */
export interface SecretStore {
  readonly kind: SecretStorageKind;
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function secretFile(dir: string, name: string, extension = ''): string {
  if (!NAME.test(name)) throw new Error(`Invalid secret name "${name}".`);
  return path.join(dir, `${name}${extension}`);
}

/**
 * Writes a file only the current user can read: folder 0700, file 0600, written to a temporary
 * name, flushed and renamed, so a crash leaves either the old value or the new one.
 */
export async function writePrivateFile(file: string, data: Buffer): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await fs.promises.chmod(path.dirname(file), 0o700).catch(() => {});
  await writeFileAtomic(file, data, { mode: 0o600 });
  // The mode given to open() is filtered by the umask; make sure.
  await fs.promises.chmod(file, 0o600).catch(() => {});
}

/** Reads a private file; tightens its mode if someone loosened it. Null when it does not exist. */
export async function readPrivateFile(file: string): Promise<Buffer | null> {
  try {
    const stat = await fs.promises.stat(file);
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) await fs.promises.chmod(file, 0o600);
    return await fs.promises.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export async function deletePrivateFile(file: string): Promise<void> {
  await fs.promises.rm(file, { force: true });
}

/** Serve mode and the CLI: a plain file readable only by this user (0600). Not encrypted. */
export class UserOnlyFileSecretStore implements SecretStore {
  readonly kind = 'user_only_file' as const;

  constructor(private readonly dir: string) {}

  async get(name: string): Promise<string | null> {
    const data = await readPrivateFile(secretFile(this.dir, name));
    return data === null ? null : data.toString('utf8');
  }

  async set(name: string, value: string): Promise<void> {
    await writePrivateFile(secretFile(this.dir, name), Buffer.from(value, 'utf8'));
  }

  async delete(name: string): Promise<void> {
    await deletePrivateFile(secretFile(this.dir, name));
  }
}

export const SECRETS_DIR = 'secrets';
