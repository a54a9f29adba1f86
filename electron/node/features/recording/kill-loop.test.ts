/**
 * Issue 14, case 2 (and the done-when kill loop, short): a few kill -9 rounds where each restart
 * takes a new capture at once. The full loop (20+ rounds) is `npm run bench kill-loop`.
 * On e3bc6df a capture started right after a restart could be marked crash while still recording.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCrashChild } from '../../testing/recording/crash-child-bundle';
import { tempDir } from '../../testing/fixtures';
import { runKillLoop } from '../../testing/recording/kill-loop';
import { recordingBackend, sessionFor } from '../../testing/recording/recording-backend';

const ROUNDS = Number(process.env.SCF_KILL_ROUNDS ?? 3);
const SEED = Number(process.env.SCF_KILL_SEED ?? Date.now() % 100000);
let CHILD = '';
let removeChild = () => {};
const { dir: dataDir, cleanup } = tempDir('scf-kill-loop-');
let sessionId = '';

beforeAll(async () => {
  ({ child: CHILD, remove: removeChild } = bundleCrashChild('test-kill-loop'));
  const setup = recordingBackend({ dataDir });
  ({ sessionId } = await sessionFor(setup));
  await setup.close();
});
afterAll(() => {
  cleanup();
  removeChild();
});

describe('issue 14 case 2: kill -9 loop with a new capture at each restart', () => {
  it(`case 2: ${ROUNDS} kills, no mislabelled capture, no row disagreeing with its file, at most 0.2 s lost per kill`, { timeout: 60_000 + ROUNDS * 15_000 }, async () => {
    console.log(`kill loop seed ${SEED} (replay with SCF_KILL_SEED=${SEED})`);
    const result = await runKillLoop({ child: CHILD, dataDir, sessionId, rounds: ROUNDS, seed: SEED });
    expect(result.mislabelled).toEqual([]);
    expect(result.disagreeing).toEqual([]);
    expect(result.leftRecording).toBe(0);
    expect(result.lostS.length).toBeGreaterThanOrEqual(ROUNDS);
    for (const lost of result.lostS) expect(lost).toBeLessThanOrEqual(0.2);
  });
});
