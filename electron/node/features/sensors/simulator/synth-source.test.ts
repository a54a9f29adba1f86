import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../diagnosis';
import { loadModelSet, type ModelSet, releaseModelSet } from '../../diagnosis';
import { MODELS_DIR } from '../../../testing/diagnosis';
import { MACHINE_CONDITIONS, type MachineCondition, parseMachineCondition, seedFor, SynthSource } from './synth-source';

const RATE = 16_000;

/** 10 s of the simulated sensor's microphone, read in the sensor's 256-sample chunks, as PCM16 like the wire carries it. */
function record(source: SynthSource, seconds = 10, skip: { at: number; samples: number } | null = null): Float32Array {
  const out = new Float32Array(seconds * RATE);
  const chunk = new Int16Array(256);
  let index = 0;
  for (let at = 0; at < out.length; at += chunk.length) {
    if (skip && at === skip.at) index += skip.samples;
    source.audio(chunk, index, RATE);
    for (let i = 0; i < chunk.length; i += 1) out[at + i] = chunk[i]! / 32768;
    index += chunk.length;
  }
  return out;
}

let models: ModelSet;
beforeAll(async () => {
  models = await loadModelSet([MODELS_DIR]);
});
afterAll(() => releaseModelSet(models));

async function diagnose(samples: Float32Array) {
  return analyze({ signal: { modality: 'sound', sampleRate: RATE, samples }, channels: 1, source: { kind: 'samples', label: 'simulated sensor' }, machine: {} }, { models });
}

describe('the simulated sensor sounds like the machine it claims to be', () => {
  it('a simulated compressor with worn bearings is diagnosed with bearing wear; a healthy one as normal', async () => {
    const worn = await diagnose(record(new SynthSource({ condition: 'bearing-wear', seed: seedFor('sim-demo') })));
    expect(worn.condition?.key).toBe('bearing_wear');
    const healthy = await diagnose(record(new SynthSource({ condition: 'healthy', seed: seedFor('sim-demo') })));
    expect(healthy.condition?.key).toBe('normal');
  });

  it('switching condition while streaming changes what the sensor sends', async () => {
    const source = new SynthSource({ condition: 'healthy', seed: 11 });
    record(source, 2);
    source.setCondition('electrical_hum');
    expect(source.condition).toBe('electrical');
    const d = await diagnose(record(source));
    expect(d.condition?.key).toBe('electrical_hum');
  });

  it('the same device id gives the same machine, and a stall skips samples without restarting it', () => {
    const a = record(new SynthSource({ condition: 'unbalance', seed: seedFor('sim-a') }), 1);
    const b = record(new SynthSource({ condition: 'unbalance', seed: seedFor('sim-a') }), 1);
    expect(b).toEqual(a);
    // After a stall of 4096 samples, the sensor sends what the machine made then, not what it made before.
    const continuous = record(new SynthSource({ condition: 'unbalance', seed: 5 }), 2);
    const stalled = record(new SynthSource({ condition: 'unbalance', seed: 5 }), 1, { at: 4096, samples: 4096 });
    expect(stalled.subarray(0, 4096)).toEqual(continuous.subarray(0, 4096));
    expect(stalled.subarray(4096, 8192)).toEqual(continuous.subarray(8192, 12_288));
  });

  it('a stopped machine is near silence, and unknown conditions are refused with the choices', () => {
    const off = record(new SynthSource({ condition: 'off' }), 1);
    const rms = Math.sqrt(off.reduce((s, v) => s + v * v, 0) / off.length);
    expect(rms).toBeLessThan(0.01);
    expect(() => new SynthSource().setCondition('flooded')).toThrow(/healthy, bearing-wear/);
    for (const c of MACHINE_CONDITIONS) expect(parseMachineCondition(c)).toBe(c);
    expect(parseMachineCondition('bearing_wear')).toBe<MachineCondition>('bearing-wear');
    expect(parseMachineCondition('normal')).toBe<MachineCondition>('healthy');
  });
});
