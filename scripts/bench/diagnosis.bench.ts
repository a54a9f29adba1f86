/**
 * The diagnosis engine (npm run bench diagnosis):
 * - one 10 s sound clip at 16 kHz (the sensor microphone's rate), features plus ensemble, on one
 *   core (this thread; onnxruntime single-threaded) - target: median under 50 ms;
 * - 30 clips submitted at once to the worker pool, as 30 concurrent requests (the old server's
 *   target was under 2 s on average);
 * - model set load time (including the golden-vector self-check) and memory;
 * - synthesizer speed (seconds of sound per second).
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { analyze } from '../../electron/node/features/diagnosis/engine/analyze';
import { DiagnosisPool } from '../../electron/node/features/diagnosis/engine/pool';
import { loadModelSet, releaseModelSet } from '../../electron/node/features/diagnosis/model/loader';
import { synthesize } from '../../electron/node/features/diagnosis/synth/machine';
import { sampleSoundSpec } from '../../electron/node/features/diagnosis/synth/sample';
import { fmt, measure, report, stats } from './harness';

const root = process.cwd();
const modelsDir = path.join(root, 'models');
const mb = (bytes: number) => Math.round((bytes / 1024 ** 2) * 10) / 10;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

// Clips: held-out machines of every condition, 10 s at 16 kHz.
const conditions = ['normal', 'bearing_wear', 'unbalance', 'looseness', 'valve_fault', 'refrigerant_hiss', 'electrical_hum'] as const;
const clips = Array.from({ length: 30 }, (_, i) => {
  const spec = sampleSoundSpec(900 + i, conditions[i % conditions.length]!, { variant: 'heldout' });
  return synthesize(spec, 900 + i, 10);
});

// Synthesizer speed.
const synthSpec = sampleSoundSpec(1, 'bearing_wear', { variant: 'heldout', backgrounds: ['fan', 'voices'] });
const synthStats = await measure(() => synthesize(synthSpec, 1, 10), { runs: 10, warmup: 1 });

// Model load and memory.
gc();
const rssBefore = process.memoryUsage().rss;
const loadStats = await measure(
  async () => {
    const s = await loadModelSet([modelsDir]);
    await releaseModelSet(s);
  },
  { runs: 5, warmup: 1 },
);
const models = await loadModelSet([modelsDir]);
if (models.problems.length > 0) throw new Error(models.problems.join('; '));
gc();
const rssWithModels = process.memoryUsage().rss;

// One clip, one core.
let i = 0;
const totals: number[] = [];
const features: number[] = [];
const inference: number[] = [];
const single = await measure(
  async () => {
    const samples = clips[i++ % clips.length]!;
    const d = await analyze({ signal: { modality: 'sound', sampleRate: 16_000, samples }, channels: 1, source: { kind: 'samples', label: 'bench' }, machine: {} }, { models });
    totals.push(d.timings.featuresMs + d.timings.inferenceMs);
    features.push(d.timings.featuresMs);
    inference.push(d.timings.inferenceMs);
  },
  { runs: 60, warmup: 5 },
);
await releaseModelSet(models);

// 30 at once through the worker pool.
const workerEntry = path.join(root, 'node_modules', '.cache', 'scf-bench', 'diagnosis-worker.mjs');
fs.mkdirSync(path.dirname(workerEntry), { recursive: true });
buildSync({ entryPoints: [path.join(root, 'electron/node/features/diagnosis/engine/worker.ts')], outfile: workerEntry, bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
const concurrent: Record<string, { wallMs: number; meanLatencyMs: number; maxLatencyMs: number; workers: number; rssMb: number }> = {};
for (const size of [1, 2]) {
  const pool = new DiagnosisPool({ workerEntry, modelDirs: [modelsDir], size });
  await Promise.all(Array.from({ length: size }, (_, k) => pool.analyzeSamples({ samples: clips[k]!.slice(), sampleRate: 16_000, channels: 1, modality: 'sound', source: { kind: 'samples', label: 'warm-up' }, machine: {} })));
  const walls: number[] = [];
  const latencies: number[] = [];
  for (let round = 0; round < 3; round += 1) {
    const start = performance.now();
    await Promise.all(
      clips.map(async (c) => {
        await pool.analyzeSamples({ samples: c.slice(), sampleRate: 16_000, channels: 1, modality: 'sound', source: { kind: 'samples', label: 'bench' }, machine: {} });
        latencies.push(performance.now() - start);
      }),
    );
    walls.push(performance.now() - start);
  }
  const rss = process.memoryUsage().rss;
  await pool.close();
  concurrent[`pool${size}`] = {
    workers: size,
    wallMs: stats(walls).median,
    meanLatencyMs: latencies.reduce((a, b) => a + b, 0) / latencies.length,
    maxLatencyMs: Math.max(...latencies),
    rssMb: mb(rss),
  };
}

const one = stats(totals);
console.log(`10 s clip, features + ensemble, one core: ${fmt(one)} (features ${fmt(stats(features))}, ensemble ${fmt(stats(inference), 'ms', 3)})`);
console.log(`  whole analyze() call: ${fmt(single)}`);
for (const [k, v] of Object.entries(concurrent)) console.log(`30 clips at once, ${k}: all done in ${v.wallMs.toFixed(0)} ms, mean latency ${v.meanLatencyMs.toFixed(0)} ms, max ${v.maxLatencyMs.toFixed(0)} ms, RSS ${v.rssMb} MB`);
console.log(`model set load + self-check: ${fmt(loadStats)}; RSS ${mb(rssBefore)} MB -> ${mb(rssWithModels)} MB with models loaded`);
console.log(`synthesizer: 10 s of sound in ${fmt(synthStats)} (${(10_000 / synthStats.median).toFixed(0)}x real time)`);
report('diagnosis', {
  singleClipFeaturesPlusEnsembleMs: one,
  singleClipFeaturesMs: stats(features),
  singleClipEnsembleMs: stats(inference),
  analyzeCallMs: single,
  concurrent30: concurrent,
  modelLoadMs: loadStats,
  rssMb: { before: mb(rssBefore), withModels: mb(rssWithModels) },
  synth10sMs: synthStats,
});
