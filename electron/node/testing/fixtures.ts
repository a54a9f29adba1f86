import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Backend, createBackend } from '../hosts/backend';
import { silentLogger } from '../platform/logging/log';

/** A fresh data folder under the OS temp dir; removed by the returned cleanup. */
export function tempDir(prefix = 'scf-test-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A real back end on a real SQLite file in a temp folder, checking every result against the contract. */
export function testBackend(options: { now?: () => Date } = {}): Backend & { dataDir: string; cleanup: () => Promise<void> } {
  const { dir, cleanup } = tempDir();
  const backend = createBackend({
    dataDir: dir,
    runtime: 'cli',
    log: silentLogger(),
    validateResults: true,
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    ...backend,
    dataDir: dir,
    cleanup: async () => {
      await backend.close();
      cleanup();
    },
  };
}
