import { type Backend, createBackend } from '../../hosts/backend';
import { silentLogger } from '../../platform/logging/log';
import { tempDir } from '../fixtures';
import type { SensorsFeatureOptions } from '../../features/sensors';
import type { RecordingOptions } from '../../features/recording/recording-feature';
import { bundleImportWorker } from './import-worker-bundle';

export interface RecordingTestBackend extends Backend {
  dataDir: string;
  /** Calls a method through the dispatcher (params and result checked against the contract) and throws its error. */
  call<T = unknown>(method: string, params: unknown): Promise<T>;
  cleanup(): Promise<void>;
}

/** A real back end on a real data folder, with the recording options a test needs (sensor source, disk probe). */
export function recordingBackend(options: Partial<RecordingOptions> & { dataDir?: string; sensors?: SensorsFeatureOptions } = {}): RecordingTestBackend {
  const owned = options.dataDir ? null : tempDir('scf-rec-');
  const dataDir = options.dataDir ?? owned!.dir;
  const { sensors, ...rest } = options;
  // Imports run in the real worker thread, bundled as the build bundles it.
  const recording = { importWorker: bundleImportWorker(), ...rest };
  const backend = createBackend({ dataDir, runtime: 'cli', log: silentLogger(), validateResults: true, recording, ...(sensors ? { sensors } : {}) });
  return {
    ...backend,
    dataDir,
    call: async <T>(method: string, params: unknown): Promise<T> => {
      const outcome = await backend.dispatcher.dispatch(method, params, { transport: 'test' });
      if (!outcome.ok) throw Object.assign(new Error(`${method}: ${outcome.error.code}: ${outcome.error.message}`), outcome.error);
      return outcome.result as T;
    },
    cleanup: async () => {
      await backend.close();
      owned?.cleanup();
    },
  };
}

/** A site, an asset on it, and an open session for that asset. */
export async function sessionFor(backend: RecordingTestBackend, assetName = 'Showcase compressor 1'): Promise<{ siteId: string; assetId: string; sessionId: string }> {
  const site = await backend.call<{ id: string }>('sites.create', { name: 'Happy Mart Gangnam', customerName: 'Happy Mart' });
  const asset = await backend.call<{ id: string }>('assets.create', { siteId: site.id, name: assetName, kind: 'compressor', assetTag: `QR-${Math.random().toString(36).slice(2, 8)}` });
  const session = await backend.call<{ id: string }>('sessions.create', { assetId: asset.id, tags: ['quarterly'] });
  return { siteId: site.id, assetId: asset.id, sessionId: session.id };
}
