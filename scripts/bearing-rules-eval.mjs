// `node scripts/bearing-rules-eval.mjs`: before/after table of the bearing tone rules on the CWRU
// recordings, leave one motor load out (a dated section of models/REPORT.md). Makes the wideband
// fold models first when they are missing: the wideband features (export-dataset --only), then
// models/training/cwru_folds.py --bandwidth wideband (Debian's scikit-learn: models/training/setup.sh).
// Much shorter than `npm run models:eval` (no sound sets, no narrowband, no synthetic sweeps).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundleTs, ROOT } from './lib/bundle-ts.mjs';

const python = process.env.SIGNALCRAFT_PYTHON ?? '/usr/bin/python3';
const data = path.join(ROOT, 'models', 'training', 'data');
const folds = path.join(ROOT, 'models', 'training', 'out', 'folds');
const tool = (name) => bundleTs(path.join(ROOT, 'models', 'tools', `${name}.ts`), 'scf-models', `${name}.mjs`);

function run(file, args, label) {
  console.log(`\n== ${label}`);
  const result = spawnSync(file, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

if (!fs.existsSync(path.join(folds, 'wideband', 'load2', 'manifest.json'))) {
  if (!fs.existsSync(path.join(data, 'vib-wideband-cwru.npy'))) {
    run(process.execPath, [await tool('export-dataset'), data, '--only=vib-wideband'], 'Exporting the wideband vibration features');
  }
  run(python, [path.join(ROOT, 'models', 'training', 'cwru_folds.py'), '--data', data, '--out', folds, '--bandwidth', 'wideband'], 'CWRU leave-one-load-out models (wideband)');
}
run(process.execPath, [await tool('bearing-rules-eval'), path.join(folds, 'wideband'), path.join(ROOT, 'models', 'REPORT.md')], 'Diagnosing the held-out CWRU recordings before and after the tone rules');
