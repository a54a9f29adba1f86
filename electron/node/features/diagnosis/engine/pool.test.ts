import fs from 'node:fs';
import os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { Diagnosis } from '../../../../../shared/contract';
import { synthesize } from '../synth/machine';
import { sampleSoundSpec } from '../synth/sample';
import { bundleDiagnosisWorker, MODELS_DIR, workerDir } from '../../../testing/diagnosis';
import { DiagnosisPool } from './pool';

const pool = new DiagnosisPool({ workerEntry: bundleDiagnosisWorker(workerDir()), modelDirs: [MODELS_DIR], size: 2 });
afterAll(() => pool.close());

const clip = (seed: number, seconds = 6) => {
  const spec = sampleSoundSpec(seed, 'normal', { variant: 'heldout' });
  return { samples: synthesize(spec, seed, seconds), sampleRate: spec.sampleRate, channels: 1, modality: 'sound' as const, source: { kind: 'samples' as const, label: `clip ${seed}` }, machine: {} };
};

describe('DiagnosisPool', () => {
  it('analyses samples on worker threads, transferring the buffer, with progress', async () => {
    const input = clip(3_900_201);
    const stages: string[] = [];
    const d = Diagnosis.parse(await pool.analyzeSamples(input, (stage) => stages.push(stage)));
    expect(d.source).toEqual({ kind: 'samples', label: 'clip 3900201' });
    expect(d.status).not.toBe('unavailable');
    expect(stages).toContain('features');
    expect(stages.at(-1)).toBe('done');
    // Transferred, not copied: the caller's buffer is now detached.
    expect(input.samples.length).toBe(0);
  });

  it('runs many analyses at once and answers each one', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => pool.analyzeSamples(clip(3_900_210 + i, 4))));
    expect(results.map((d) => d.source.kind === 'samples' && d.source.label)).toEqual(Array.from({ length: 8 }, (_, i) => `clip ${3_900_210 + i}`));
  });

  it('gives an "unavailable" result, never an invented one, when a worker dies mid-analysis, and carries on', async () => {
    // Kill the worker that took the job as soon as it reports being mid-analysis, as a native crash would
    // (a fixed delay raced the analysis on a busy machine: the job was not even dispatched yet).
    const slots = (pool as unknown as { slots: { worker: { terminate(): Promise<number> }; job: unknown }[] }).slots;
    let killed: Promise<unknown> | null = null;
    const running = pool.analyzeSamples(clip(3_900_220, 30), (stage) => {
      if (killed || stage === 'done') return;
      killed = Promise.all(slots.filter((s) => s.job).map((s) => s.worker.terminate()));
    });
    const d = Diagnosis.parse(await running);
    expect(killed).not.toBeNull();
    expect(d).toMatchObject({ status: 'unavailable', unavailable: { code: 'model_failed' }, condition: null, probabilities: [] });
    expect(d.unavailable!.message.en).toMatch(/stopped unexpectedly/);
    const after = await pool.analyzeSamples(clip(3_900_221, 4));
    expect(after.status).not.toBe('unavailable');
  });

  it('leaves no onnxruntime log in the temp folder after its workers loaded the models', async () => {
    await pool.analyzeSamples(clip(3_900_299, 2));
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f === `mat-debug-${process.pid}.log`)).toEqual([]);
  });

  it('reports the models the workers loaded', async () => {
    const info = await pool.modelInfo();
    expect(info.status).toBe('ready');
    expect(info.loadMs).toBeGreaterThan(0);
  });
});
