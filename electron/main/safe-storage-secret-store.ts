import { safeStorage } from 'electron';
import type { SecretStorageKind } from '../../shared/contract';
import {
  deletePrivateFile,
  readPrivateFile,
  type SecretStore,
  secretFile,
  UserOnlyFileSecretStore,
  writePrivateFile,
} from '../node/features/sync/secret-store';

/**
 * Secrets encrypted by the operating system's key store (Keychain, DPAPI, libsecret/kwallet)
 * through Electron's safeStorage, kept as 0600 files in the data folder. Where Linux has no key
 * store Electron falls back to a built-in key ("basic_text"): still stored, but the app reports it
 * as weak so the sync screen can say so.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly kind: SecretStorageKind;

  constructor(private readonly dir: string) {
    const weak = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
    this.kind = weak ? 'os_weak' : 'os_encrypted';
  }

  async get(name: string): Promise<string | null> {
    const data = await readPrivateFile(secretFile(this.dir, name, '.enc'));
    if (data === null) return null;
    try {
      return safeStorage.decryptString(data);
    } catch {
      // Encrypted under another OS account or key ring: unusable, so treat it as absent.
      return null;
    }
  }

  async set(name: string, value: string): Promise<void> {
    await writePrivateFile(secretFile(this.dir, name, '.enc'), safeStorage.encryptString(value));
  }

  async delete(name: string): Promise<void> {
    await deletePrivateFile(secretFile(this.dir, name, '.enc'));
  }
}

/** The desktop app's store: safeStorage when it can encrypt, otherwise the user-only file. */
export function desktopSecretStore(dir: string): SecretStore {
  return safeStorage.isEncryptionAvailable() ? new SafeStorageSecretStore(dir) : new UserOnlyFileSecretStore(dir);
}
