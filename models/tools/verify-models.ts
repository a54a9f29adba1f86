import fs from 'node:fs';
import path from 'node:path';
import { Golden } from '../../electron/node/features/diagnosis/model/manifest';
import { loadModelSet, releaseModelSet, selfCheck } from '../../electron/node/features/diagnosis/model/loader';

/**
 * `npm run models:train` last step: the exported models load in onnxruntime-node, match the app's
 * feature schemas, and reproduce scikit-learn's outputs on their golden vectors to 1e-5.
 *
 *   node verify-models.mjs <models-dir>
 */
const dir = process.argv[2] ?? 'models';
const set = await loadModelSet([dir]);
let failed = set.problems.length > 0;
for (const problem of set.problems) process.stderr.write(`REFUSED ${problem}\n`);
for (const m of set.models) {
  if (!m.session) continue;
  const golden = Golden.parse(JSON.parse(fs.readFileSync(path.join(dir, m.entry.golden), 'utf8')));
  const worst = await selfCheck(m.session, golden);
  const ok = worst.error <= golden.tolerance;
  failed ||= !ok;
  process.stdout.write(
    `${ok ? 'ok  ' : 'FAIL'} ${m.entry.id}: ${(m.entry.bytes / 1024).toFixed(0)} KiB, ${m.entry.featureSchema.names.length} features, ${m.entry.classes.length} classes; ` +
      `largest difference from scikit-learn ${worst.error.toExponential(1)} (${worst.output}), tolerance ${golden.tolerance}\n`,
  );
}
process.stdout.write(`loaded and self-checked in ${set.loadMs.toFixed(0)} ms\n`);
await releaseModelSet(set);
process.exit(failed ? 1 : 0);
