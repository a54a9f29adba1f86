import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Backend, createBackend } from '../../electron/node/hosts/backend';
import { silentLogger } from '../../electron/node/platform/logging/log';
import type { RecordingOptions } from '../../electron/node/features/recording/recording-feature';
import type { SensorsFeatureOptions } from '../../electron/node/features/sensors/sensors-feature';

/** A real back end in a temp data folder with one site, asset and open session, for recording benchmarks. */
export async function benchSession(name: string, recording: Partial<RecordingOptions> = {}, sensors?: SensorsFeatureOptions) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `scf-bench-${name}-`));
  const backend: Backend = createBackend({ dataDir: dir, runtime: 'cli', log: silentLogger(), recording, ...(sensors ? { sensors } : {}) });
  await backend.start();
  const call = async <T>(method: string, params: unknown): Promise<T> => {
    const outcome = await backend.dispatcher.dispatch(method, params, { transport: 'test' });
    if (!outcome.ok) throw new Error(`${method}: ${outcome.error.message}`);
    return outcome.result as T;
  };
  const site = await call<{ id: string }>('sites.create', { name: 'Bench site' });
  const asset = await call<{ id: string }>('assets.create', { siteId: site.id, name: 'Bench compressor', kind: 'compressor' });
  const session = await call<{ id: string }>('sessions.create', { assetId: asset.id });
  return {
    dir,
    backend,
    call,
    sessionId: session.id,
    done: async () => {
      await backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
