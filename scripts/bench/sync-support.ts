import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { AppError, type MethodName, type ParamsIn, type Result } from '../../shared/contract';
import { type Backend, createBackend } from '../../electron/node/hosts/backend';
import { silentLogger } from '../../electron/node/platform/logging/log';
import type { SyncFeatureOptions } from '../../electron/node/features/sync/sync-feature';

/**
 * Benchmarks of uploads run the reference server in its own Node process (as a real server is a
 * different machine, it must not share the app's event loop) and the app's real back end here.
 */
const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const BENCH_USER = { username: 'bench', password: 'bench-password', name: 'Bench' };

export interface ServerProcess {
  url: string;
  port: number;
  stop(): Promise<void>;
}

let bundled: string | null = null;

/** Starts `e2e/reference-server/cli.ts` (bundled once) with `args`; resolves when it listens. */
export async function startServerProcess(dataDir: string, args: string[] = [], port = 0): Promise<ServerProcess> {
  if (!bundled) {
    bundled = path.join(ROOT, 'node_modules', '.cache', 'scf-bench', `reference-server-${process.pid}.mjs`);
    await build({ entryPoints: [path.join(ROOT, 'e2e/reference-server/cli.ts')], outfile: bundled, bundle: true, platform: 'node', format: 'esm', target: 'node22', packages: 'external', logLevel: 'warning' });
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [bundled, '--port', String(port), '--data-dir', dataDir, '--user', BENCH_USER.username, '--password', BENCH_USER.password, '--name', BENCH_USER.name, '--quiet', ...args],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /server at (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`reference server exited with ${code}: ${output}`)));
  });
  return {
    url,
    port: Number(new URL(url).port),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function cleanupBundle(): void {
  if (bundled) fs.rmSync(bundled, { force: true });
}

export interface BenchApp {
  dir: string;
  backend: Backend;
  call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>>;
  close(): Promise<void>;
}

export async function startApp(sync: Omit<SyncFeatureOptions, 'secretStore'> = {}): Promise<BenchApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-bench-sync-'));
  const backend = createBackend({ dataDir: dir, runtime: 'cli', log: silentLogger(), sync });
  await backend.start();
  const call = async <M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>> => {
    const outcome = await backend.dispatcher.dispatch(method, params, { transport: 'test' });
    if (!outcome.ok) throw new AppError(outcome.error.code, outcome.error.message, outcome.error.field);
    return outcome.result as Result<M>;
  };
  return {
    dir,
    backend,
    call,
    close: async () => {
      await backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function until(probe: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
