// `npm run scan:electron`: the Electron security scan on the built app (after `npm run build`).
// Exits 1 on a HIGH finding or an unreviewed one; see scripts/security/electron-scan.ts.
import fs from 'node:fs';
import path from 'node:path';
import { bundleTs } from '../lib/bundle-ts.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const out = await bundleTs(path.join(import.meta.dirname, 'run-scan.ts'), 'scf-scan', 'scan.mjs');
const { main } = await import(out);
fs.rmSync(out, { force: true });
process.exit(await main(root));
