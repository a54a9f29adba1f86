// `node scripts/run-ts.mjs <file.ts> [args...]`: bundles one TypeScript entry point with esbuild
// (dependencies stay in node_modules) and runs it in a child Node process with the given
// arguments. For development tools such as the reference server (`npm run server:dev`).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundleTs } from './lib/bundle-ts.mjs';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args...]');
  process.exit(2);
}
const outfile = await bundleTs(path.resolve(entry), 'scf-run', `${path.basename(entry, '.ts')}-${process.pid}.mjs`);
const child = spawn(process.execPath, [outfile, ...args.filter((a) => a !== '--')], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  fs.rmSync(outfile, { force: true });
  process.exit(code ?? (signal ? 1 : 0));
});
