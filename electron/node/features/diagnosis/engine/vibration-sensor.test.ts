import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Diagnosis } from '../../../../../shared/contract';
import { BuiltInSource, type SimpleCondition } from '../../sensors';
import { loadModelSet, type ModelSet, releaseModelSet } from '../model/loader';
import { MODELS_DIR } from '../../../testing/diagnosis';
import { analyze } from './analyze';

/**
 * Our own sensor's vibration (the ADXL345 at 3200 Hz, or slower): unbalance, misalignment and
 * looseness are found from the shaft orders and the ISO 10816 velocity, and the result says what
 * the band cannot show (bearing resonances, left to the microphone).
 */
let models: ModelSet;
beforeAll(async () => {
  models = await loadModelSet([MODELS_DIR]);
});
afterAll(() => releaseModelSet(models));

function sensorVibration(condition: SimpleCondition, rate: number, seconds: number, seed: number): Float32Array {
  const source = new BuiltInSource({ condition, seed });
  const out = new Float32Array(rate * seconds);
  const chunk = 160;
  for (let first = 0; first < out.length; first += chunk) {
    const n = Math.min(chunk, out.length - first);
    const x = new Float32Array(n);
    source.vibration(x, new Float32Array(n), new Float32Array(n), first, rate);
    out.set(x, first);
  }
  return out;
}

async function run(condition: SimpleCondition, rate: number, seed = 7) {
  const samples = sensorVibration(condition, rate, 10, seed);
  return Diagnosis.parse(await analyze({ signal: { modality: 'vibration', sampleRate: rate, samples }, channels: 1, source: { kind: 'samples', label: condition }, machine: {} }, { models }));
}

describe('vibration from the simulated sensor', () => {
  for (const rate of [3200, 1600]) {
    it(`finds unbalance, misalignment and looseness at ${rate} Hz, and says what the band cannot show`, async () => {
      for (const condition of ['unbalance', 'misalignment', 'looseness'] as const) {
        const d = await run(condition, rate);
        expect(d.condition?.key, `${condition} at ${rate} Hz: ${d.evidence.map((e) => e.statement.en).join(' | ')}`).toBe(condition);
        expect(d.basis).toBe('measured');
        expect(d.running?.hz).toBeCloseTo(58.3, 0);
        expect(d.vibration?.isoZone).toMatch(/[BCD]/);
        expect(d.evidence[0]!.supports).toBe(condition);
        expect(d.coverage?.misses).toContain('bearing_resonance');
        expect(d.coverage?.statement.en).toMatch(/microphone/);
        if (rate < 3000) expect(d.uncertainReasons.map((r) => r.code)).toContain('decimated_rate');
      }
      const healthy = await run('healthy', rate);
      expect(['unbalance', 'misalignment', 'looseness']).not.toContain(healthy.condition?.key);
    }, 120_000);
  }

  it('refuses vibration under 1 kHz with the reason', async () => {
    const samples = sensorVibration('unbalance', 800, 10, 3);
    const d = await analyze({ signal: { modality: 'vibration', sampleRate: 800, samples }, channels: 1, source: { kind: 'samples', label: 'slow' }, machine: {} }, { models });
    expect(d.status).toBe('unavailable');
    expect(d.unavailable?.code).toBe('rate_too_low');
  });
});
