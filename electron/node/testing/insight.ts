import { synthesize } from '../features/diagnosis';
import { sampleSoundSpec } from '../features/diagnosis';
import type { SoundSpec } from '../features/diagnosis';
import { soundWav } from '../features/diagnosis';

/**
 * One compressor, healthy or with a bearing fault injected, from the synthesizer: the machine
 * (speed, harmonics, shell modes, microphone) is drawn once from `seed`; each recording of it
 * differs only in its noise (`take`), as repeated visits to the same machine do. The fault is the
 * synthesizer's own bearing-wear model, added to this machine. For the baseline tests (unit and
 * browser), which need the *same* machine healthy and faulty.
 */
export function sameMachine(seed: number): { healthy: SoundSpec; faulty: SoundSpec } {
  const options = { variant: 'heldout' as const, snrDb: 25, backgrounds: [], severity: 0.9 };
  const healthy = sampleSoundSpec(seed, 'normal', options) as SoundSpec;
  const donor = sampleSoundSpec(seed, 'bearing_wear', options) as SoundSpec;
  const faulty = structuredClone(healthy);
  faulty.condition = 'bearing_wear';
  faulty.severity = donor.severity;
  const bearing = donor.machine.bearing!;
  faulty.machine.bearing = { ...bearing, amplitude: (bearing.amplitude / donor.machine.shell.noise) * healthy.machine.shell.noise };
  return { healthy, faulty };
}

export function clip(spec: SoundSpec, take: number, seconds = 8): { samples: Float32Array; sampleRate: number } {
  return { samples: synthesize(spec, take, seconds), sampleRate: spec.sampleRate };
}

export function clipWav(spec: SoundSpec, take: number, seconds = 8): Uint8Array {
  const c = clip(spec, take, seconds);
  return soundWav(c.samples, c.sampleRate);
}
