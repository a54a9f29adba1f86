// `node scripts/run-ts.mjs <file.ts> [args...]`: bundles one TypeScript entry point with esbuild
// (dependencies stay in node_modules) and runs it in a child Node process with the given
// arguments. For development tools such as the reference server (`npm run server:dev`).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args...]');
  process.exit(2);
}
// Inside the project so that bare imports resolve to its node_modules (ESM ignores NODE_PATH).
const outDir = path.join(root, 'node_modules', '.cache', 'scf-run');
fs.mkdirSync(outDir, { recursive: true });
const outfile = path.join(outDir, `${path.basename(entry, '.ts')}-${process.pid}.mjs`);
await build({
  entryPoints: [path.resolve(entry)],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  logLevel: 'warning',
});
const child = spawn(process.execPath, [outfile, ...args.filter((a) => a !== '--')], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  fs.rmSync(outfile, { force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
