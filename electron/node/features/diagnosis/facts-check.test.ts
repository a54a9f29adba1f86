import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Diagnosis } from '../../../../shared/contract';
import { analyze, type AnalysisRequest } from './engine/analyze';
import { catalogueGeometry, SKF_6205 } from './extraction/bearings';
import { loadModelSet, type ModelSet, releaseModelSet } from './model/loader';
import { synthesize } from './synth/machine';
import { Rng } from './synth/random';
import { sampleSoundSpec } from './synth/sample';
import { MODELS_DIR } from '../../testing/diagnosis';

const SEED = 15_005;
let models: ModelSet;
beforeAll(async () => {
  console.info(`facts-check seed ${SEED}`);
  models = await loadModelSet([MODELS_DIR]);
});
afterAll(() => releaseModelSet(models));

/** A motor at 29.6 Hz (1776 rpm): clear 1x-3x on seeded broadband noise, 5 s at 12 kHz. */
function motor(seed: number): AnalysisRequest['signal'] {
  const rng = new Rng(seed);
  const rate = 12_000;
  const samples = Float32Array.from({ length: 5 * rate }, (_, i) => {
    const t = i / rate;
    return 0.05 * Math.sin(2 * Math.PI * 29.6 * t) + 0.02 * Math.sin(2 * Math.PI * 59.2 * t + 1) + 0.01 * Math.sin(2 * Math.PI * 88.8 * t + 2) + 0.01 * (rng.next() - 0.5);
  });
  return { modality: 'vibration', sampleRate: rate, samples };
}

async function run(machine: AnalysisRequest['machine']) {
  return Diagnosis.parse(await analyze({ signal: motor(SEED), channels: 1, source: { kind: 'samples', label: 'facts' }, machine }, { models }));
}

const codes = (d: Diagnosis) => d.uncertainReasons.map((r) => r.code);

describe('machine facts checked against the signal', () => {
  it('keeps a given speed that the signal shows (within slip)', async () => {
    for (const rpm of [1776, 1740]) {
      const d = await run({ speedHz: rpm / 60, bearing: SKF_6205 });
      expect(codes(d), `${rpm} rpm`).not.toContain('speed_mismatch');
      expect(d.running?.source).toBe('given');
      expect(d.evidence.some((e) => e.key === 'speed_given')).toBe(false);
    }
  });

  it('reports a given speed far from the measured one with both numbers, and uses the measured one', async () => {
    const d = await run({ speedHz: 1450 / 60, bearing: SKF_6205 });
    expect(codes(d)).toContain('speed_mismatch');
    expect(d.status).toBe('uncertain');
    expect(d.running?.source).toBe('estimated');
    expect(d.running!.hz).toBeCloseTo(29.6, 0);
    const reason = d.uncertainReasons.find((r) => r.code === 'speed_mismatch')!;
    expect(reason.limit).toBeCloseTo(24.2, 1);
    expect(reason.value).toBeCloseTo(29.6, 0);
    const item = d.evidence.find((e) => e.key === 'speed_given')!;
    expect(item.statement.en).toMatch(/The speed entered, 1450 rpm, is 2\d % from the 17\d\d rpm measured in the signal; the measured speed was used\./);
    expect(item.statement.ko).toMatch(/1450 rpm.*17\d\d rpm/);
  });

  it('reports a 4-pole motor entered as 2-pole (the given speed twice the measured one)', async () => {
    const d = await run({ speedHz: 3552 / 60, bearing: SKF_6205 });
    expect(codes(d)).toContain('speed_mismatch');
    expect(d.running!.hz).toBeCloseTo(29.6, 0);
  });

  it('checks a speed given for a sound recording the same way', async () => {
    const spec = sampleSoundSpec(SEED, 'normal', { variant: 'heldout', severity: 0, snrDb: 25, backgrounds: ['fan'] });
    const signal = { modality: 'sound' as const, sampleRate: spec.sampleRate, samples: synthesize(spec, SEED, 10) };
    const shaftHz = spec.machine.shaftHz;
    const sound = async (speedHz: number) => Diagnosis.parse(await analyze({ signal, channels: 1, source: { kind: 'samples', label: 'sound' }, machine: { speedHz } }, { models }));
    expect(codes(await sound(shaftHz * 0.98))).not.toContain('speed_mismatch');
    const wrong = await sound(shaftHz * 0.8);
    expect(codes(wrong)).toContain('speed_mismatch');
    expect(wrong.running!.hz).toBeCloseTo(shaftHz, 0);
  });

  it('says when the bearing geometry is approximate, and not when it is published', async () => {
    const approx = catalogueGeometry('6305-2Z')!;
    expect(approx.approximate).toBe(true);
    const d = await run({ speedHz: 1776 / 60, bearing: approx.geometry, bearingApproximate: true });
    expect(codes(d)).toContain('bearing_approximate');
    expect(codes(d)).not.toContain('bearing_assumed');
    expect(d.uncertainReasons.find((r) => r.code === 'bearing_approximate')!.message.en).toMatch(/estimated from its outside dimensions/);
    const published = await run({ speedHz: 1776 / 60, bearing: catalogueGeometry('6205-2RS')!.geometry });
    expect(codes(published)).not.toContain('bearing_approximate');
  });
});
