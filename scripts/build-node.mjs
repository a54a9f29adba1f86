// Bundles the Node side with esbuild. Dependencies stay external (native modules must load from
// node_modules, and electron-builder packs node_modules itself); only our own code is bundled,
// which keeps start-up to one file read per entry point.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: true,
  packages: 'external',
  logLevel: 'warning',
  legalComments: 'none',
};

await Promise.all([
  // The CLI and serve mode.
  build({ ...common, format: 'esm', entryPoints: { cli: 'electron/node/hosts/cli/entry.ts' }, outdir: 'dist/node' }),
  // The serial process (sensor link): the native serial binding lives only there.
  build({ ...common, format: 'esm', entryPoints: { 'serial-child': 'electron/node/features/sensors/serial/serial-child.ts' }, outdir: 'dist/node' }),
  // Diagnosis worker threads (features and onnxruntime off the event loop).
  build({ ...common, format: 'esm', entryPoints: { 'diagnosis-worker': 'electron/node/features/diagnosis/engine/worker.ts' }, outdir: 'dist/node' }),
  // Import worker threads (reading, decoding and resampling imported files off the event loop).
  build({ ...common, format: 'esm', entryPoints: { 'import-worker': 'electron/node/features/recording/import-worker.ts' }, outdir: 'dist/node' }),
  // The Electron main process (ESM, supported since Electron 28).
  build({ ...common, format: 'esm', entryPoints: { main: 'electron/main/main.ts' }, outdir: 'dist/electron' }),
  // Sandboxed preloads cannot load ES modules or anything but a few Electron built-ins:
  // one self-contained CommonJS file.
  build({
    ...common,
    packages: undefined,
    external: ['electron'],
    format: 'cjs',
    entryPoints: { preload: 'electron/preload/preload.ts' },
    outExtension: { '.js': '.cjs' },
    outdir: 'dist/electron',
  }),
]);
