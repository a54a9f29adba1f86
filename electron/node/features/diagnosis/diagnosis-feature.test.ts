import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Activity, Diagnosis, type EventMessage, ModelInfo } from '../../../../shared/contract';
import { encodeFloat32Wav, encodePcm16Wav } from '../../platform/audio/wav';
import { type Backend, createBackend } from '../../hosts/backend';
import { silentLogger } from '../../platform/logging/log';
import { tempDir } from '../../testing/fixtures';
import { synthesize } from './synth/machine';
import { sampleSoundSpec } from './synth/sample';
import { soundWav } from './synth/wav-out';
import { bundleDiagnosisWorker, workerDir } from '../../testing/diagnosis';

/** The diagnosis feature through the real back end: dispatcher (payloads and results validated), worker threads, events, activities. */
const { dir, cleanup } = tempDir('scf-diag-');
let backend: Backend;
const events: EventMessage[] = [];

beforeAll(() => {
  backend = createBackend({ dataDir: dir, runtime: 'cli', log: silentLogger(), validateResults: true, diagnosisWorker: bundleDiagnosisWorker(workerDir()) });
  backend.events.subscribe((m) => events.push(m));
});
afterAll(async () => {
  await backend.close();
  cleanup();
});

const call = async (method: 'diagnosis.analyzeFile' | 'diagnosis.modelInfo', params: unknown) => backend.dispatcher.dispatch(method, params, { transport: 'test' });

function writeClip(name: string, condition: 'normal' | 'bearing_wear', seed: number): string {
  const spec = sampleSoundSpec(seed, condition, { variant: 'heldout', severity: 0.9, snrDb: 25, backgrounds: [] });
  const file = path.join(dir, name);
  fs.writeFileSync(file, soundWav(synthesize(spec, seed, 8), spec.sampleRate));
  return file;
}

describe('diagnosis feature', () => {
  it('describes the installed models', async () => {
    const outcome = await call('diagnosis.modelInfo', {});
    expect(outcome.ok).toBe(true);
    const info = ModelInfo.parse(outcome.ok ? outcome.result : null);
    expect(info.status).toBe('ready');
    expect(info.models.map((m) => m.id)).toContain('compressor-sound');
    expect(info.models.find((m) => m.id === 'compressor-sound')!.classes.find((c) => c.key === 'bearing_wear')!.name.ko).toBe('베어링 마모');
  });

  it('analyses a file on a worker, as an activity, with progress events for its job id', async () => {
    const file = writeClip('bearing.wav', 'bearing_wear', 3_900_101);
    const seen: Activity[][] = [];
    const unsubscribe = backend.events.subscribe((m) => {
      if (m.event === 'activity.changed') seen.push(m.payload as Activity[]);
    });
    const outcome = await call('diagnosis.analyzeFile', { path: file, jobId: 'ui-42' });
    unsubscribe();
    expect(outcome.ok).toBe(true);
    const d = Diagnosis.parse(outcome.ok ? outcome.result : null);
    expect(d.source).toEqual({ kind: 'file', name: 'bearing.wav', format: 'wav' });
    expect(d.condition?.key).toBe('bearing_wear');
    expect(seen.some((list) => list.some((a) => a.kind === 'analysis' && a.label === 'Analysing bearing.wav'))).toBe(true);
    expect(backend.activity.list()).toEqual([]);
    const progress = events.filter((m) => m.event === 'diagnosis.progress').map((m) => m.payload as { jobId: string; stage: string; fraction: number });
    expect(progress.filter((p) => p.jobId === 'ui-42').map((p) => p.stage)).toEqual(expect.arrayContaining(['reading', 'features', 'inference', 'done']));
  });

  it('analyses several files at once', async () => {
    const files = [writeClip('a.wav', 'normal', 3_900_102), writeClip('b.wav', 'normal', 3_900_103), writeClip('c.wav', 'bearing_wear', 3_900_104)];
    const outcomes = await Promise.all(files.map((f) => call('diagnosis.analyzeFile', { path: f })));
    expect(outcomes.every((o) => o.ok)).toBe(true);
  });

  it('refuses bad files with the reason, and does not diagnose slow readings', async () => {
    const truncated = path.join(dir, 'truncated.wav');
    fs.writeFileSync(truncated, encodePcm16Wav(new Int16Array(16_000), 16_000).subarray(0, 5000));
    const bad = await call('diagnosis.analyzeFile', { path: truncated });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_file' } });
    expect(!bad.ok && bad.error.message).toMatch(/truncated/);
    const missing = await call('diagnosis.analyzeFile', { path: path.join(dir, 'nope.wav') });
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid_file' } });
    const readings = path.join(dir, 'log.csv');
    fs.writeFileSync(readings, 'timestamp,temperature\n2026-03-01T10:00:00Z,4.5\n2026-03-01T10:00:01Z,4.6\n');
    const r = await call('diagnosis.analyzeFile', { path: readings });
    expect(r.ok && (r.result as Diagnosis).unavailable?.code).toBe('unsupported_signal');
    const invalid = await call('diagnosis.analyzeFile', { path: '' });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_params', field: 'path' } });
  });

  it('takes machine facts: a bearing designation and a nameplate speed', async () => {
    const x = Float32Array.from({ length: 5 * 12_000 }, (_, i) => 0.2 * Math.sin((2 * Math.PI * 29.6 * i) / 12_000) + 0.02 * Math.sin(i * 0.77));
    const file = path.join(dir, 'vib.csv');
    fs.writeFileSync(file, `time,acc\n${Array.from(x, (v, i) => `${(i / 12_000).toFixed(6)},${v.toFixed(5)}`).join('\n')}\n`);
    const outcome = await call('diagnosis.analyzeFile', { path: file, machine: { rpm: 1776, bearing: { designation: '6205' } } });
    const d = Diagnosis.parse(outcome.ok ? outcome.result : null);
    expect(d.modality).toBe('vibration');
    expect(d.running).toMatchObject({ source: 'given' });
    expect(d.running!.hz).toBeCloseTo(29.6, 1);
    expect(d.uncertainReasons.map((r) => r.code)).not.toContain('bearing_assumed');
  });

  it('takes any catalogue designation as printed, and says when its geometry is approximate', async () => {
    const file = path.join(dir, 'vib.csv');
    const outcome = await call('diagnosis.analyzeFile', { path: file, machine: { rpm: 1776, bearing: { designation: '6305-2RS1/C3' } } });
    const d = Diagnosis.parse(outcome.ok ? outcome.result : null);
    expect(d.uncertainReasons.map((r) => r.code)).toContain('bearing_approximate');
    expect(d.uncertainReasons.map((r) => r.code)).not.toContain('bearing_assumed');
  });

  it('refuses a designation the catalogue does not have, naming the nearest ones', async () => {
    const outcome = await call('diagnosis.analyzeFile', { path: path.join(dir, 'vib.csv'), machine: { bearing: { designation: '6299-2RS' } } });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error.code).toBe('invalid_params');
    expect(outcome.error.field).toBe('machine.bearing.designation');
    expect(outcome.error.message).toMatch(/"6299-2RS" is not in the bearing catalogue \(nearest: [^)]*6209[^)]*\)/);
  });
});

describe('a file that does not say whether it is sound or vibration (issue 15, machine facts)', () => {
  const clip = () => {
    const spec = sampleSoundSpec(3_900_202, 'normal', { variant: 'heldout', severity: 0.9, snrDb: 25, backgrounds: [] });
    return { samples: synthesize(spec, 3_900_202, 8), rate: spec.sampleRate };
  };
  const analyse = async (name: string, bytes: Uint8Array, modality?: 'sound' | 'vibration') => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    const outcome = await call('diagnosis.analyzeFile', { path: file, ...(modality ? { modality } : {}) });
    return Diagnosis.parse(outcome.ok ? outcome.result : null);
  };

  it('says it was taken as sound when float samples at an audio rate stay within full scale, and calls nothing sure', async () => {
    const { samples, rate } = clip();
    const d = await analyse('float-sound.wav', encodeFloat32Wav([samples], rate));
    expect(d.modality).toBe('sound');
    expect(d.status).not.toBe('diagnosed');
    expect(d.uncertainReasons.map((r) => r.code)).toContain('kind_assumed_sound');
  });

  it('takes float samples beyond full scale (acceleration in g) as vibration, and says so', async () => {
    const { samples, rate } = clip();
    const peak = samples.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    // A 3 g peak: ordinary for an accelerometer on a compressor, impossible in a float sound file.
    const d = await analyse('float-g.wav', encodeFloat32Wav([samples.map((v) => (v / peak) * 3)], rate));
    expect(d.modality).toBe('vibration');
    expect(d.uncertainReasons.map((r) => r.code)).toContain('kind_assumed_vibration');
  });

  it('adds nothing when the file (16-bit PCM) or the technician says the kind', async () => {
    const { samples, rate } = clip();
    const pcm = await analyse('pcm.wav', encodePcm16Wav(Int16Array.from(samples, (v) => Math.round(v * 32767)), rate));
    const told = await analyse('float-told.wav', encodeFloat32Wav([samples], rate), 'sound');
    for (const d of [pcm, told]) expect(d.uncertainReasons.map((r) => r.code).filter((c) => c.startsWith('kind_assumed'))).toEqual([]);
  });
});
