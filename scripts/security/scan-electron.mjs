// `npm run scan:electron`: the Electron security scan on the built app (after `npm run build`).
// Exits 1 on a HIGH finding or an unreviewed one; see scripts/security/electron-scan.ts.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..', '..');
const out = path.join(root, 'node_modules', '.cache', 'scf-scan', 'scan.mjs');
await build({
  entryPoints: [path.join(import.meta.dirname, 'run-scan.ts')],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  logLevel: 'warning',
});
const { main } = await import(out);
fs.rmSync(out, { force: true });
process.exit(await main(root));
