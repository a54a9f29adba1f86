import { AppError, type Settings } from '../../../../shared/contract';
import type { Logger } from '../../platform/logging/log';
import type { Db } from '../../platform/storage/database';
import { SyncFailure } from './failure';
import type { SecretStore } from './secret-store';
import { FieldServerClient, type ServerClientOptions } from './server-client';

/**
 * Who is signed in to the SignalCraft server. The account (name, server, time) is kept in the
 * database; the session cookie only in the SecretStore and in memory. The password is used once
 * and never kept.
 */
export interface AccountInfo {
  username: string;
  displayName: string;
  serverUrl: string;
  signedInAt: string;
  /** The server answered 401: the queue waits for a new sign-in. */
  expired: boolean;
}

export type AccountState = 'no_server' | 'signed_out' | 'expired' | 'ready';

const SECRET = 'server-session';

export class SyncAccount {
  private cachedCookie: string | null | undefined;

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretStore,
    private readonly settings: () => Settings,
    private readonly log: Logger,
    private readonly now: () => Date,
    private readonly clientOptions: Partial<ServerClientOptions> = {},
  ) {}

  info(): AccountInfo | null {
    const row = this.db.prepare(`SELECT value FROM sync_state WHERE key = 'account'`).get() as { value: string } | undefined;
    if (!row) return null;
    try {
      const info = JSON.parse(row.value) as AccountInfo;
      return typeof info.username === 'string' && typeof info.serverUrl === 'string' ? info : null;
    } catch {
      return null;
    }
  }

  /** The account, if it belongs to the server currently in Settings (a cookie is per server). */
  current(): AccountInfo | null {
    const info = this.info();
    const url = this.settings().serverUrl;
    return info && url && sameServer(info.serverUrl, url) ? info : null;
  }

  state(): AccountState {
    if (!this.settings().serverUrl) return 'no_server';
    const info = this.current();
    if (!info) return 'signed_out';
    return info.expired ? 'expired' : 'ready';
  }

  async cookie(): Promise<string | null> {
    if (this.cachedCookie === undefined) this.cachedCookie = await this.secrets.get(SECRET);
    return this.cachedCookie;
  }

  /** A client for the server in Settings, carrying the session when there is one. */
  async client(signal?: AbortSignal): Promise<FieldServerClient | null> {
    const url = this.settings().serverUrl;
    if (!url) return null;
    return new FieldServerClient({ ...this.clientOptions, baseUrl: url, cookie: this.current() ? await this.cookie() : null, ...(signal ? { signal } : {}) });
  }

  async signIn(username: string, password: string): Promise<AccountInfo> {
    const url = this.settings().serverUrl;
    if (!url) throw new AppError('unavailable', 'Set the SignalCraft server address in Settings first.', 'serverUrl');
    const client = new FieldServerClient({ ...this.clientOptions, baseUrl: url });
    let user;
    try {
      const login = await client.login(username, password);
      client.cookie = login.cookie;
      // Prove the cookie works before keeping it.
      user = await client.verify().catch(() => login.user);
      await this.secrets.set(SECRET, login.cookie);
      this.cachedCookie = login.cookie;
    } catch (error) {
      if (error instanceof SyncFailure) {
        if (error.code === 'signed_out') throw new AppError('unauthorized', 'The server did not accept this user name and password.', 'password');
        if (error.code === 'rejected') throw new AppError('invalid_params', `The server refused the sign-in: ${error.message}`, 'username');
        this.log.warn({ code: error.code, status: error.status }, 'sign-in failed: server not reachable');
        throw new AppError('unavailable', `The server at ${url} cannot be reached (${error.message}).`, 'serverUrl');
      }
      throw error;
    }
    const info: AccountInfo = {
      username: user.username || username,
      displayName: user.name || username,
      serverUrl: url,
      signedInAt: this.now().toISOString(),
      expired: false,
    };
    this.write(info);
    this.log.info({ username: info.username, server: url }, 'signed in to the SignalCraft server');
    return info;
  }

  async signOut(): Promise<void> {
    this.db.prepare(`DELETE FROM sync_state WHERE key = 'account'`).run();
    await this.secrets.delete(SECRET);
    this.cachedCookie = null;
  }

  /** The server said 401: keep who it was (to offer signing in again), drop nothing else. */
  markExpired(): void {
    const info = this.info();
    if (info && !info.expired) {
      this.write({ ...info, expired: true });
      this.log.warn({ username: info.username }, 'server session expired; uploads wait for a new sign-in');
    }
  }

  private write(info: AccountInfo): void {
    this.db
      .prepare(`INSERT INTO sync_state (key, value) VALUES ('account', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`)
      .run(JSON.stringify(info));
  }
}

function sameServer(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
