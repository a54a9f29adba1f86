// `npm run models:train` and `npm run models:eval` (see models/README.md). The TypeScript tools in
// models/tools are bundled with esbuild (as the benchmarks are) and run with
// Node; the trainer is Python from Debian's packages (/usr/bin/python3, models/training/setup.sh).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bundleTs } from './lib/bundle-ts.mjs';

const root = path.resolve(import.meta.dirname, '..');
const python = process.env.SIGNALCRAFT_PYTHON ?? '/usr/bin/python3';
const [command, ...rest] = process.argv.slice(2);
const quick = rest.includes('--quick');
const data = path.join(root, 'models', 'training', 'data');

function tool(name) {
  return bundleTs(path.join(root, 'models', 'tools', `${name}.ts`), 'scf-models', `${name}.mjs`);
}

function run(file, args, label) {
  console.log(`\n== ${label}`);
  const result = spawnSync(file, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

function checkPython() {
  const probe = spawnSync(python, ['-c', 'import sklearn, onnx, numpy, scipy'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    console.error(`${python} lacks scikit-learn, onnx, numpy or scipy. Run models/training/setup.sh (Debian packages) first.\n${probe.stderr ?? ''}`);
    process.exit(1);
  }
}

if (command === 'train') {
  checkPython();
  run(process.execPath, [await tool('export-dataset'), data, ...(quick ? ['--quick'] : [])], 'Exporting features of synthetic and CWRU recordings');
  run(python, [path.join(root, 'models', 'training', 'train.py'), '--data', data, '--out', path.join(root, 'models')], 'Training and exporting the ONNX models');
  run(process.execPath, [await tool('verify-models'), path.join(root, 'models')], 'Checking the exported models in onnxruntime-node');
} else if (command === 'eval') {
  checkPython();
  if (!fs.existsSync(path.join(data, 'vib-wideband-cwru.npy'))) {
    run(process.execPath, [await tool('export-dataset'), data, ...(quick ? ['--quick'] : [])], 'Exporting features (no training data found)');
  }
  const folds = path.join(root, 'models', 'training', 'out', 'folds');
  run(python, [path.join(root, 'models', 'training', 'cwru_folds.py'), '--data', data, '--out', folds], 'CWRU leave-one-load-out models');
  run(process.execPath, [await tool('evaluate'), path.join(root, 'models'), folds, ...(quick ? ['--quick'] : [])], 'Evaluating and writing models/REPORT.md');
} else {
  console.error('usage: node scripts/models.mjs train|eval [--quick]');
  process.exit(2);
}
