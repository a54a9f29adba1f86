import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Diagnosis } from '../../../../../shared/contract';
import { combineDiagnoses } from '../../../../../shared/diagnosis/combine';
import { SynthSource } from '../../sensors';
import { loadModelSet, type ModelSet, releaseModelSet } from '../model/loader';
import { MODELS_DIR } from '../../../testing/diagnosis';
import { analyze } from './analyze';

/** One simulated sensor's sound and vibration of the same capture, diagnosed and read together. */
let models: ModelSet;
beforeAll(async () => {
  models = await loadModelSet([MODELS_DIR]);
});
afterAll(() => releaseModelSet(models));

async function capture(condition: 'unbalance' | 'looseness' | 'healthy', seed: number) {
  const source = new SynthSource({ condition, seed });
  const seconds = 10;
  const audio = new Int16Array(16_000 * seconds);
  for (let first = 0; first < audio.length; first += 256) {
    const out = new Int16Array(Math.min(256, audio.length - first));
    source.audio(out, first, 16_000);
    audio.set(out, first);
  }
  const vib = new Float32Array(3200 * seconds);
  for (let first = 0; first < vib.length; first += 160) {
    const n = Math.min(160, vib.length - first);
    const x = new Float32Array(n);
    source.vibration(x, new Float32Array(n), new Float32Array(n), first, 3200);
    // The ADXL345 sends counts of 1/256 g.
    vib.set(Float32Array.from(x, (g) => Math.round(g * 256) / 256), first);
  }
  const run = async (signal: Parameters<typeof analyze>[0]['signal']) => Diagnosis.parse(await analyze({ signal, channels: 1, source: { kind: 'samples', label: condition }, machine: {} }, { models }));
  const sound = await run({ modality: 'sound', sampleRate: 16_000, samples: Float32Array.from(audio, (v) => v / 32768) });
  const vibration = await run({ modality: 'vibration', sampleRate: 3200, samples: vib });
  return { sound, vibration, points: combineDiagnoses(sound, vibration) };
}

describe('sound and vibration of one capture, together', () => {
  it('an unbalanced machine: both find it, at the same running speed', async () => {
    const c = await capture('unbalance', 1501);
    expect(c.vibration.condition?.key).toBe('unbalance');
    expect(c.vibration.status, JSON.stringify(c.vibration.uncertainReasons.map((r) => [r.code, r.value]))).toBe('diagnosed');
    expect(c.points.find((p) => p.kind === 'speed_agree')?.agree).toBe(true);
    expect(c.points.map((p) => p.kind)).toContain(c.sound.condition?.key === 'unbalance' ? 'same_condition' : 'vibration_only');
  }, 120_000);

  it('a loose machine: the vibration finds looseness; the points say where sound and vibration agree or not', async () => {
    const c = await capture('looseness', 1502);
    expect(c.vibration.condition?.key).toBe('looseness');
    expect(c.points.length).toBeGreaterThanOrEqual(2);
    const verdict = c.points.find((p) => ['same_condition', 'vibration_only', 'differ'].includes(p.kind));
    expect(verdict).toBeTruthy();
    expect(verdict!.agree).toBe(c.sound.condition?.key === 'looseness');
  }, 120_000);

  it('a result that names no condition cannot be compared', () => {
    const base = { running: null, condition: null, coverage: null } as unknown as Diagnosis;
    expect(combineDiagnoses(base, base)).toEqual([{ kind: 'cannot_compare', agree: null, values: {} }]);
  });
});
