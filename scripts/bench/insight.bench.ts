/**
 * The technician's diagnosis screens (npm run bench insight), on an asset with a year of visits:
 * 40 diagnosed recordings, 5 of them its healthy baseline (real diagnoses of one synthesized
 * compressor, stored as the app stores them).
 * - `insight.session` (what the visit page asks after every change): results + deviation;
 * - `insight.trend` (the equipment page's charts): deviation of every recording against the profile;
 * - learning the profile and one deviation, pure computation.
 * Target: each screen's call well under 100 ms so the page follows a finished diagnosis at once.
 */
import { v7 as uuidv7 } from 'uuid';
import { createBackend } from '../../electron/node/hosts/backend';
import { analyze } from '../../electron/node/features/diagnosis/engine/analyze';
import { SOUND_SCHEMA } from '../../electron/node/features/diagnosis/extraction/sound';
import { loadModelSet, releaseModelSet } from '../../electron/node/features/diagnosis/model/loader';
import { MODELS_DIR } from '../../electron/node/testing/diagnosis';
import { deviationFrom, learnProfile } from '../../electron/node/features/insight/baseline';
import { InsightRepository } from '../../electron/node/features/insight/insight-repository';
import { clip, sameMachine } from '../../electron/node/testing/insight';
import { silentLogger } from '../../electron/node/platform/logging/log';
import { tempDir } from '../../electron/node/testing/fixtures';
import { fmt, measure, report } from './harness';

const VISITS = 40;
const BASELINE = 5;

const models = await loadModelSet([MODELS_DIR]);
const machine = sameMachine(6_100_001);
const diagnose = async (spec: typeof machine.healthy, take: number) =>
  analyze({ signal: { modality: 'sound', ...clip(spec, take) }, channels: 1, source: { kind: 'samples', label: 'bench' }, machine: {} }, { models });
const healthy = await Promise.all(Array.from({ length: 8 }, (_, i) => diagnose(machine.healthy, 100 + i)));
const faulty = await diagnose(machine.faulty, 200);
await releaseModelSet(models);

const { dir, cleanup } = tempDir('scf-bench-insight-');
const backend = createBackend({ dataDir: dir, runtime: 'cli', log: silentLogger() });
const call = async (method: string, params: unknown) => {
  const outcome = await backend.dispatcher.dispatch(method, params, { transport: 'test' });
  if (!outcome.ok) throw new Error(`${method}: ${outcome.error.message}`);
  return outcome.result;
};
const site = (await call('sites.create', { name: 'Bench site' })) as { id: string };
const asset = (await call('assets.create', { siteId: site.id, name: 'Bench compressor', kind: 'compressor' })) as { id: string };
const repo = new InsightRepository(backend.db);
let lastSession = '';
for (let v = 0; v < VISITS; v += 1) {
  const at = new Date(Date.UTC(2026, 0, 1) + v * 9 * 86_400_000).toISOString();
  const sessionId = uuidv7();
  const recordingId = uuidv7();
  backend.db
    .prepare('INSERT INTO sessions (id, asset_id, started_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
    .run(sessionId, asset.id, at, at, at);
  backend.db
    .prepare(
      `INSERT INTO recordings (id, session_id, source, stream, status, path, sample_rate, channels, frames, duration_s, started_at, created_at)
       VALUES (?, ?, 'import', 'audio', 'complete', 'x.wav', 16000, 1, 128000, 8, ?, ?)`,
    )
    .run(recordingId, sessionId, at, at);
  const base = v === VISITS - 1 ? faulty : healthy[v % healthy.length]!;
  repo.insertDiagnosis(sessionId, recordingId, { ...base, id: uuidv7(), createdAt: at, source: { kind: 'recording', recordingId } });
  if (v < BASELINE) repo.setBaseline(recordingId, asset.id, true, at);
  lastSession = sessionId;
}

const session = await measure(() => call('insight.session', { sessionId: lastSession }), { runs: 30, warmup: 3 });
const trend = await measure(() => call('insight.trend', { assetId: asset.id }), { runs: 20, warmup: 2 });
const members = healthy.slice(0, BASELINE).map((d) => d.baseline!);
const pure = await measure(
  () => deviationFrom(learnProfile(members, SOUND_SCHEMA.names), faulty.baseline!, SOUND_SCHEMA.names, faulty.running?.hz ?? null, members),
  { runs: 200, warmup: 10 },
);
await backend.close();
cleanup();

console.log(`insight.session (visit page, 1 recording, deviation against ${BASELINE}): ${fmt(session)}`);
console.log(`insight.trend (${VISITS} recordings of one asset): ${fmt(trend)}`);
console.log(`learn profile (${BASELINE} recordings) + one deviation: ${fmt(pure, 'ms', 3)}`);
report('insight', { visits: VISITS, baseline: BASELINE, sessionMs: session, trendMs: trend, profileAndDeviationMs: pure });
