import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Diagnosis } from '../../../../../shared/contract';
import { readSignalFile } from '../../../platform/audio/signal-file';
import { SKF_6205 } from '../extraction/bearings';
import type { MonoSignal } from '../extraction/extract';
import { loadModelSet, type ModelSet, releaseModelSet } from '../model/loader';
import { synthesize } from '../synth/machine';
import { sampleSoundSpec } from '../synth/sample';
import type { SoundCondition } from '../synth/spec';
import { MODELS_DIR } from '../../../testing/diagnosis';
import { analyze, type AnalysisRequest } from './analyze';

const CWRU = '/work/shared/datasets/cwru-bearing';
const hasCwru = fs.existsSync(path.join(CWRU, 'labels.csv'));

let models: ModelSet;
beforeAll(async () => {
  models = await loadModelSet([MODELS_DIR]);
});
afterAll(() => releaseModelSet(models));

const sound = (condition: SoundCondition, seed: number, options: { seconds?: number; severity?: number; rate?: number; snr?: number } = {}): MonoSignal => {
  const spec = sampleSoundSpec(seed, condition, {
    variant: 'heldout',
    severity: options.severity ?? 0.9,
    snrDb: options.snr ?? 25,
    backgrounds: ['fan'],
    ...(options.rate ? { sampleRate: options.rate } : {}),
  });
  return { modality: 'sound', sampleRate: spec.sampleRate, samples: synthesize(spec, seed, options.seconds ?? 10) };
};

async function run(signal: MonoSignal, machine: AnalysisRequest['machine'] = {}, set = models) {
  const d = await analyze({ signal, channels: 1, source: { kind: 'samples', label: 'test' }, machine }, { models: set });
  // Every result, whatever its status, is a valid contract Diagnosis.
  return Diagnosis.parse(d);
}

describe('analyze: diagnoses', () => {
  it('diagnoses a synthesized bearing fault, with the envelope peak as first evidence', async () => {
    const d = await run(sound('bearing_wear', 3_900_001));
    expect(d.condition?.key).toBe('bearing_wear');
    expect(d.status).toBe('diagnosed');
    expect(d.confidence).toBeGreaterThan(0.6);
    expect(d.evidence[0]!.key).toBe('envelope_peak');
    expect(d.evidence[0]!.statement.en).toMatch(/Impacts repeating at [\d.]+ Hz \([\d.]+x running speed, not a shaft order\)/);
    expect(d.evidence[0]!.statement.ko).toMatch(/충격/);
    expect(d.severity).toMatch(/watch|warning|critical/);
    expect(d.recommendations.length).toBeGreaterThan(0);
    expect(d.model?.id).toBe('compressor-sound');
    expect(d.envelopeSpectrum?.markers.some((m) => m.kind === 'peak')).toBe(true);
  });

  it('calls a healthy compressor normal, with the running speed and 1x level as evidence', async () => {
    const d = await run(sound('normal', 3_900_002));
    expect(d.condition?.key).toBe('normal');
    expect(d.severity).not.toBe('critical');
    const speed = d.evidence.find((e) => e.key === 'running_speed')!;
    expect(speed.frequencyHz).toBeGreaterThan(47);
    expect(d.evidence.find((e) => e.key === 'order_1x')!.statement.en).toMatch(/^1x at [\d.]+ Hz is \d+ dB above the noise floor/);
    // Baselines get the model input and a fixed-grid spectrum.
    expect(d.baseline?.features).toHaveLength(models.models.find((m) => m.entry.id === 'compressor-sound')!.entry.featureSchema.names.length);
    expect(d.baseline?.spectrum.stepHz).toBe(10);
    expect(d.baseline?.spectrum.db).toHaveLength(800);
    expect(d.spectrum?.db.length).toBe(1000);
    expect(d.spectrum?.markers.find((m) => m.label.en === '1x')).toBeTruthy();
  });

  it.runIf(hasCwru)('diagnoses a real CWRU inner-race recording, with the BPFI tone and its sidebands as first evidence and its ISO zone', async () => {
    const file = await readSignalFile(path.join(CWRU, '1772_IR_14_DE12.wav'));
    if (file.format !== 'wav') throw new Error('expected WAV');
    const d = await run({ modality: 'vibration', sampleRate: file.audio.sampleRate, samples: file.audio.channels[0]! }, { bearing: SKF_6205, speedHz: 1772 / 60 });
    expect(d.condition?.key).toBe('inner_race');
    expect(d.status).toBe('diagnosed');
    expect(d.evidence[0]!.key).toBe('bearing_decision');
    expect(d.evidence[0]!.supports).toBe('inner_race');
    const bpfi = d.evidence.find((e) => e.key === 'bearing_bpfi')!;
    expect(bpfi.supports).toBe('inner_race');
    expect(bpfi.frequencyHz).toBeCloseTo(5.4152 * (1772 / 60), 0);
    expect(bpfi.statement.en).toMatch(/3 of 3 repeats stand out.*with once-per-turn side tones/);
    const band = d.evidence.find((e) => e.key === 'bearing_band')!;
    expect(band.statement.en).toMatch(/between \d\.\d\d and \d\.\d\d kHz/);
    // The envelope drawn is the band the tones were judged in.
    expect((d.envelopeSpectrum!.band!.loHz + d.envelopeSpectrum!.band!.hiHz) / 2).toBeCloseTo(band.frequencyHz!, -1);
    expect(d.evidence.find((e) => e.key === 'defect_bpfi')!.frequencyHz).toBeCloseTo(5.4152 * (1772 / 60), 0);
    expect(d.vibration?.isoZone).toMatch(/[ABCD]/);
    expect(d.vibration?.bandwidth).toBe('wideband');
    expect(d.envelopeSpectrum?.markers.some((m) => m.label.en === 'BPFI')).toBe(true);
  });
});

describe('analyze: saying "not sure"', () => {
  it('flags vibration analysed without a bearing (defect frequencies assumed)', async () => {
    // A small 1x (ISO zone B): no shaft fault by the rules, so the bearing model speaks.
    const spec = { modality: 'vibration' as const, sampleRate: 12_000, samples: Float32Array.from({ length: 60_000 }, (_, i) => 0.02 * Math.sin((2 * Math.PI * 29.5 * i) / 12_000) + 0.01 * Math.sin(i * 1.7)) };
    const d = await run(spec);
    expect(d.status).toBe('uncertain');
    expect(d.uncertainReasons.map((r) => r.code)).toContain('bearing_assumed');
  });

  it('flags sound sampled at 8 kHz and clips shorter than one 4 s analysis window', async () => {
    const slow = await run(sound('normal', 3_900_003, { rate: 8000 }));
    expect(slow.uncertainReasons.map((r) => r.code)).toContain('decimated_rate');
    const short = await run(sound('normal', 3_900_004, { seconds: 2.5 }));
    expect(short.status).toBe('uncertain');
    expect(short.uncertainReasons.find((r) => r.code === 'too_short')).toMatchObject({ value: 2.5, limit: 4.1 });
  });

  it('flags a clipped recording', async () => {
    const s = sound('normal', 3_900_005);
    let peak = 0;
    for (const v of s.samples) peak = Math.max(peak, Math.abs(v));
    for (let i = 0; i < s.samples.length; i += 1) s.samples[i] = Math.max(-0.3 * peak, Math.min(0.3 * peak, s.samples[i]!));
    const d = await run(s);
    expect(d.uncertainReasons.map((r) => r.code)).toContain('clipped');
  });

  it('does not confidently diagnose a recording of background noise only', async () => {
    const spec = sampleSoundSpec(3_900_006, 'normal', { variant: 'heldout', snrDb: -40, backgrounds: ['fan', 'voices', 'cicadas'] });
    const d = await run({ modality: 'sound', sampleRate: 16_000, samples: synthesize(spec, 3_900_006, 10) });
    expect(d.status).toBe('uncertain');
  });
});

describe('analyze: no result rather than an invented one', () => {
  it('answers unavailable for a too-short or silent recording', async () => {
    const short = await run({ modality: 'sound', sampleRate: 16_000, samples: new Float32Array(8000).map((_, i) => Math.sin(i)) });
    expect(short).toMatchObject({ status: 'unavailable', unavailable: { code: 'too_short' }, condition: null, confidence: null, probabilities: [] });
    const silent = await run({ modality: 'sound', sampleRate: 16_000, samples: new Float32Array(160_000) });
    expect(silent.unavailable?.code).toBe('silent');
  });

  it('answers unavailable when no model is installed, still showing what was measured', async () => {
    const none: ModelSet = { dir: null, manifest: null, models: [], problems: ['none'], loadMs: 0 };
    const d = await run(sound('unbalance', 3_900_007), {}, none);
    expect(d).toMatchObject({ status: 'unavailable', unavailable: { code: 'no_model' }, condition: null, severity: null });
    expect(d.running?.hz).toBeGreaterThan(40);
    expect(d.spectrum).not.toBeNull();
  });

  it('answers unavailable when the model was refused or fails while running', async () => {
    const refused: ModelSet = { ...models, models: models.models.map((m) => ({ ...m, session: null, problem: 'its file is damaged' })) };
    const d = await run(sound('normal', 3_900_008, { seconds: 5 }), {}, refused);
    expect(d.unavailable?.code).toBe('model_invalid');
    expect(d.unavailable?.message.en).toMatch(/its file is damaged/);

    // A released session fails for real inside onnxruntime.
    const broken = await loadModelSet([MODELS_DIR]);
    await releaseModelSet(broken);
    const failed = await run(sound('normal', 3_900_009, { seconds: 5 }), {}, broken);
    expect(failed).toMatchObject({ status: 'unavailable', unavailable: { code: 'model_failed' }, condition: null, probabilities: [] });
  });
});
