import { MachineSynth } from './machine';
import { sampleSoundSpec, sampleVibrationSpec, type Variant } from './sample';
import type { SoundCondition, VibrationCondition } from './spec';

/**
 * A running machine for the simulated sensor and demos: pick a condition and a seed, then call
 * `next(n)` for as long as the stream runs (16 kHz sound for the microphone, 3200 Hz vibration in
 * g for the ADXL345 by default). The same options always give the same samples.
 */
export type MachineStreamOptions =
  | { modality: 'sound'; condition: SoundCondition; seed: number; sampleRate?: number; severity?: number; variant?: Variant; snrDb?: number }
  | { modality: 'vibration'; condition: VibrationCondition; seed: number; sampleRate?: number; severity?: number; variant?: Variant };

export function machineStream(options: MachineStreamOptions): MachineSynth {
  const variant = options.variant ?? 'heldout';
  const common = { variant, ...(options.severity !== undefined ? { severity: options.severity } : {}) };
  const spec =
    options.modality === 'sound'
      ? sampleSoundSpec(options.seed, options.condition, { ...common, sampleRate: options.sampleRate ?? 16_000, ...(options.snrDb !== undefined ? { snrDb: options.snrDb } : {}) })
      : sampleVibrationSpec(options.seed, options.condition, { ...common, sampleRate: options.sampleRate ?? 3200, rig: 'random' });
  return new MachineSynth(spec, options.seed);
}
