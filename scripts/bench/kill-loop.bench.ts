/**
 * The kill -9 loop of issue 14 (`npm run bench kill-loop`): SCF_KILL_ROUNDS rounds (default 24)
 * on one data folder; each restart starts a new two-sensor capture the moment the back end takes
 * calls, records for a random moment (seed SCF_KILL_SEED, printed), then is killed with SIGKILL.
 * Reports audio lost per kill, mislabelled captures and rows that disagree with their files
 * (electron/node/testing/recording/kill-loop.ts). Exits 1 when any guarantee is broken.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runKillLoop } from '../../electron/node/testing/recording/kill-loop';
import { bundleForNode } from '../../electron/node/testing/bundle';
import { recordingBackend, sessionFor } from '../../electron/node/testing/recording/recording-backend';
import { report, stats } from './harness';

const ROUNDS = Number(process.env.SCF_KILL_ROUNDS ?? 24);
const SEED = Number(process.env.SCF_KILL_SEED ?? Date.now() % 100000);
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CHILD = path.join(ROOT, 'node_modules', '.cache', 'scf-bench', 'kill-loop-child.mjs');

bundleForNode(path.join('electron', 'node', 'testing', 'recording', 'crash-child.ts'), CHILD);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-kill-loop-'));
const setup = recordingBackend({ dataDir });
const { sessionId } = await sessionFor(setup);
await setup.close();

console.log(`kill loop: ${ROUNDS} rounds, seed ${SEED} (replay with SCF_KILL_SEED=${SEED})`);
const result = await runKillLoop({ child: CHILD, dataDir, sessionId, rounds: ROUNDS, seed: SEED }, (line) => console.log(line));
fs.rmSync(dataDir, { recursive: true, force: true });
const lostMs = stats(result.lostS.map((s) => s * 1000));
console.log(`audio lost per kill (ms): median ${lostMs.median}, p90 ${lostMs.p90}, max ${lostMs.max} over ${lostMs.n} recordings`);
console.log(`mislabelled captures: ${result.mislabelled.length}; rows disagreeing with their file: ${result.disagreeing.length}; left recording: ${result.leftRecording}`);
for (const line of [...result.mislabelled, ...result.disagreeing]) console.log(`  ${line}`);
report('kill-loop', { seed: SEED, rounds: ROUNDS, lostMs, mislabelled: result.mislabelled, disagreeing: result.disagreeing, leftRecording: result.leftRecording });
const ok = result.mislabelled.length === 0 && result.disagreeing.length === 0 && result.leftRecording === 0 && lostMs.max <= 200;
process.exit(ok ? 0 : 1);
