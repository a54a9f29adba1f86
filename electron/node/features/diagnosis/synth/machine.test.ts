import { describe, expect, it } from 'vitest';
import { soundFeatures, SOUND_SCHEMA } from '../extraction/sound';
import { MachineSynth, synthesize } from './machine';
import { sampleSoundSpec, sampleVibrationSpec } from './sample';
import type { SOUND_CONDITIONS } from './spec';

const feature = (x: Float32Array, name: string) => soundFeatures(x).features[SOUND_SCHEMA.names.indexOf(name)]!;

describe('MachineSynth', () => {
  it('is deterministic by seed and independent of how the stream is chunked', () => {
    const spec = sampleSoundSpec(42, 'bearing_wear', { variant: 'train' });
    const whole = synthesize(spec, 7, 1);
    expect(synthesize(spec, 7, 1)).toEqual(whole);
    expect(synthesize(spec, 8, 1)).not.toEqual(whole);
    const stream = new MachineSynth(spec, 7);
    const parts = [stream.next(1), stream.next(999), stream.next(4097), stream.next(16_000 - 5097)];
    const joined = new Float32Array(16_000);
    let at = 0;
    for (const p of parts) {
      joined.set(p, at);
      at += p.length;
    }
    expect(joined).toEqual(whole);
    expect(stream.position).toBe(16_000);
  });

  it('records at the requested level, within full scale', () => {
    const spec = sampleSoundSpec(5, 'normal', { variant: 'heldout', rmsDbfs: -30 });
    const x = synthesize(spec, 5, 3);
    const rms = Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
    expect(20 * Math.log10(rms)).toBeCloseTo(-30, 0);
    expect(Math.max(...x.map(Math.abs))).toBeLessThanOrEqual(1);
  });

  it('runs a 2-pole compressor near 57-59 Hz on a 60 Hz grid', () => {
    for (let seed = 1; seed <= 20; seed += 1) {
      const spec = sampleSoundSpec(seed, 'normal', { variant: 'train', lineHz: 60 });
      expect(spec.machine.shaftHz).toBeGreaterThanOrEqual(57);
      expect(spec.machine.shaftHz).toBeLessThanOrEqual(59.2);
    }
  });

  it('gives each condition its physical signature', () => {
    const clip = (condition: (typeof SOUND_CONDITIONS)[number]) =>
      synthesize(sampleSoundSpec(11, condition, { variant: 'heldout', severity: 0.9, snrDb: 30, backgrounds: [] }), 11, 6);
    const normal = clip('normal');
    expect(feature(clip('unbalance'), 'order_1x_minus_2x_db')).toBeGreaterThan(feature(normal, 'order_1x_minus_2x_db') + 10);
    expect(feature(clip('electrical_hum'), 'line_2x_prom_db')).toBeGreaterThan(feature(normal, 'line_2x_prom_db') + 10);
    expect(feature(clip('bearing_wear'), 'env_high_peak_prom_db')).toBeGreaterThan(15);
    expect(feature(clip('looseness'), 'half_order_count')).toBeGreaterThan(0);
    expect(feature(clip('refrigerant_hiss'), 'flatness_4k8k')).toBeGreaterThan(feature(normal, 'flatness_4k8k'));
  });

  it('synthesizes vibration in g, clipped to the sensor range, at the ADXL345 rate', () => {
    const spec = sampleVibrationSpec(3, 'outer_race', { variant: 'train', sampleRate: 3200, severity: 1 });
    const x = synthesize(spec, 3, 2);
    expect(x).toHaveLength(6400);
    expect(Math.max(...x.map(Math.abs))).toBeLessThanOrEqual(16);
    expect(spec.sensor.rangeG).toBe(16);
  });
});

describe('machineStream', () => {
  it('streams the ESP32 sensor\'s rates by default: 16 kHz sound, 3200 Hz vibration', async () => {
    const { machineStream } = await import('./stream');
    const mic = machineStream({ modality: 'sound', condition: 'valve_fault', seed: 3 });
    const accel = machineStream({ modality: 'vibration', condition: 'inner_race', seed: 3 });
    expect(mic.sampleRate).toBe(16_000);
    expect(accel.sampleRate).toBe(3200);
    expect(mic.next(1600)).toHaveLength(1600);
    expect(machineStream({ modality: 'sound', condition: 'valve_fault', seed: 3 }).next(800)).toEqual(machineStream({ modality: 'sound', condition: 'valve_fault', seed: 3 }).next(800));
  });
});
