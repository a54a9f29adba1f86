import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../testing/fixtures';
import { UserOnlyFileSecretStore } from './secret-store';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('the serve-mode secret store', () => {
  it('writes files only the user can read, tightens a loosened one, and forgets on delete', async () => {
    const store = new UserOnlyFileSecretStore(path.join(dir, 'secrets'));
    expect(await store.get('server-session')).toBeNull();
    await store.set('server-session', 'session=abc');
    const file = path.join(dir, 'secrets', 'server-session');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    fs.chmodSync(file, 0o644);
    expect(await store.get('server-session')).toBe('session=abc');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await store.set('server-session', 'session=def');
    expect(await store.get('server-session')).toBe('session=def');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['server-session']);
    await store.delete('server-session');
    expect(await store.get('server-session')).toBeNull();
  });

  it('refuses names that could leave its folder', async () => {
    const store = new UserOnlyFileSecretStore(dir);
    await expect(store.set('../x', 'y')).rejects.toThrow(/Invalid secret name/);
  });
});
