/**
 * Issue 14, case 2 (and the done-when kill loop, short): a few kill -9 rounds where each restart
 * takes a new capture at once. The full loop (20+ rounds) is `npm run bench kill-loop`.
 * On e3bc6df a capture started right after a restart could be marked crash while still recording.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleForNode } from '../../testing/bundle';
import { tempDir } from '../../testing/fixtures';
import { runKillLoop } from '../../testing/recording/kill-loop';
import { recordingBackend, sessionFor } from '../../testing/recording/recording-backend';

const ROUNDS = Number(process.env.SCF_KILL_ROUNDS ?? 3);
const SEED = Number(process.env.SCF_KILL_SEED ?? Date.now() % 100000);
const ROOT = path.resolve(import.meta.dirname, '../../../..');
const CHILD = path.join(ROOT, 'dist', 'test-kill-loop', 'crash-child.mjs');
const { dir: dataDir, cleanup } = tempDir('scf-kill-loop-');
let sessionId = '';

beforeAll(async () => {
  bundleForNode(path.join(import.meta.dirname, '..', '..', 'testing', 'recording', 'crash-child.ts'), CHILD);
  const setup = recordingBackend({ dataDir });
  ({ sessionId } = await sessionFor(setup));
  await setup.close();
});
afterAll(() => {
  cleanup();
  fs.rmSync(path.dirname(CHILD), { recursive: true, force: true });
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
