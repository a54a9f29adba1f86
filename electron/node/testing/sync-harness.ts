import { Writable } from 'node:stream';
import path from 'node:path';
import pino from 'pino';
import { type ReferenceServer, type ReferenceServerOptions, startReferenceServer } from '../../../e2e/reference-server/server';
import type { MethodName, ParamsIn, Result } from '../../../shared/contract';
import { AppError } from '../../../shared/contract';
import { type Backend, createBackend } from '../hosts/backend';
import { REDACTED_PATHS } from '../platform/logging/log';
import type { SyncFeatureOptions } from '../features/sync';
import { eventually } from './eventually';
import { tempDir } from './fixtures';

/**
 * A real back end (SQLite file, outbox worker) and a real reference server over loopback TCP, with
 * the back end's logs captured so tests can check what was (and was not) written to them.
 */
export interface SyncHarness {
  dir: string;
  appDir: string;
  server: ReferenceServer;
  backend: Backend;
  logs: string[];
  call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>>;
  signIn(): Promise<void>;
  waitFor<T>(probe: () => T | Promise<T>, options?: { timeoutMs?: number; what?: string }): Promise<NonNullable<T>>;
  close(): Promise<void>;
}

export const TEST_USER = { username: 'kim', password: 'correct horse 1234', name: '김기사' };

/** Short timeouts and backoff: a test's faults resolve in milliseconds, not minutes. */
export const FAST_SYNC: Omit<SyncFeatureOptions, 'secretStore'> = {
  // Fixed 64 KiB chunks: a few seconds of audio make several, so resumption is exercised.
  worker: { backoff: { baseMs: 20, maxMs: 200 }, probeIntervalMs: 100, pollIntervalMs: 100, chunkBytes: 64 * 1024, minChunkBytes: 64 * 1024, maxChunkBytes: 64 * 1024 },
  client: { timeoutMs: 1500 },
};

export async function syncHarness(
  options: { server?: Partial<ReferenceServerOptions>; sync?: Omit<SyncFeatureOptions, 'secretStore'>; dataDir?: string } = {},
): Promise<SyncHarness> {
  const { dir, cleanup } = tempDir('scf-sync-');
  const appDir = options.dataDir ?? path.join(dir, 'app');
  const server = await startReferenceServer({ dataDir: path.join(dir, 'server'), users: [TEST_USER], ...options.server });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const log = pino({ level: 'debug', redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink);
  const backend = createBackend({ dataDir: appDir, runtime: 'cli', log, validateResults: true, sync: options.sync ?? FAST_SYNC });
  await backend.start();

  const call = async <M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>> => {
    const outcome = await backend.dispatcher.dispatch(method, params, { transport: 'test' });
    if (!outcome.ok) throw new AppError(outcome.error.code, outcome.error.message, outcome.error.field);
    return outcome.result as Result<M>;
  };
  await call('settings.update', { serverUrl: server.url });

  return {
    dir,
    appDir,
    server,
    backend,
    logs,
    call,
    signIn: async () => {
      await call('sync.signIn', { username: TEST_USER.username, password: TEST_USER.password });
    },
    waitFor: (probe, waitOptions = {}) => eventually(waitOptions.what ?? 'a condition', probe, waitOptions.timeoutMs ?? 20_000),
    close: async () => {
      await backend.close();
      await server.close();
      cleanup();
    },
  };
}
