import { createHash } from 'node:crypto';
import { sampleSoundSpec } from '../../diagnosis';
import { machineStream } from '../../diagnosis';
import type { MachineSynth } from '../../diagnosis';
import type { SoundCondition, VibrationCondition } from '../../diagnosis';
import { BuiltInSource, type SampleSource, type SimpleCondition } from './sample-source';

/** What the simulated sensor can imitate: the synthesizer's labelled conditions, plus a stopped machine. */
export const MACHINE_CONDITIONS = ['healthy', 'bearing-wear', 'unbalance', 'looseness', 'valve-fault', 'refrigerant-hiss', 'electrical', 'off'] as const;
export type MachineCondition = (typeof MACHINE_CONDITIONS)[number];

/** Accepts the diagnosis' own names too (bearing_wear, electrical_hum, normal), so one vocabulary works everywhere. */
export function parseMachineCondition(name: string): MachineCondition | null {
  const aliases: Record<string, MachineCondition> = { normal: 'healthy', electrical_hum: 'electrical', 'electrical-hum': 'electrical' };
  const wanted = aliases[name] ?? name.replaceAll('_', '-');
  return (MACHINE_CONDITIONS as readonly string[]).includes(wanted) ? (wanted as MachineCondition) : null;
}

interface Mapping {
  sound: SoundCondition | null;
  /** The vibration synthesizer models bearings only; other faults' vibration comes from the built-in recipe. */
  vibration: VibrationCondition | null;
  /** Readings (temperature, current) and everything the synthesizer does not model. */
  simple: SimpleCondition;
}

const MAPPING: Record<MachineCondition, Mapping> = {
  healthy: { sound: 'normal', vibration: 'normal', simple: 'healthy' },
  'bearing-wear': { sound: 'bearing_wear', vibration: 'outer_race', simple: 'bearing-wear' },
  unbalance: { sound: 'unbalance', vibration: null, simple: 'unbalance' },
  looseness: { sound: 'looseness', vibration: null, simple: 'looseness' },
  'valve-fault': { sound: 'valve_fault', vibration: null, simple: 'healthy' },
  'refrigerant-hiss': { sound: 'refrigerant_hiss', vibration: null, simple: 'healthy' },
  electrical: { sound: 'electrical_hum', vibration: null, simple: 'electrical' },
  off: { sound: null, vibration: null, simple: 'off' },
};

/** Generating samples nobody hears costs time; past this gap a stalled stream just resumes. */
const MAX_CATCH_UP_S = 30;

/**
 * A continuous synthesized machine feeding one stream. The sensor asks for blocks by sample index
 * and may skip indexes (a stall): skipped samples are generated and dropped so the machine's
 * cycle and speed wander carry on as they would have on a real compressor.
 */
class SynthStream {
  private synth: MachineSynth | null = null;
  private rate = 0;
  private next = 0;

  constructor(private readonly make: (sampleRate: number) => MachineSynth) {}

  read(count: number, first: number, sampleRate: number): Float32Array {
    if (!this.synth || sampleRate !== this.rate) {
      this.synth = this.make(sampleRate);
      this.rate = sampleRate;
      this.next = first;
    }
    const gap = first - this.next;
    if (gap > 0 && gap <= MAX_CATCH_UP_S * sampleRate) this.synth.next(gap);
    this.next = first + count;
    return this.synth.next(count);
  }
}

export interface SynthSourceOptions {
  condition?: MachineCondition;
  /** Same seed, same machine: by default derived from the device id, so each simulated sensor differs. */
  seed?: number;
}

export function seedFor(deviceId: string): number {
  return createHash('sha256').update(deviceId).digest().readUInt32LE(0);
}

/**
 * The simulated sensor's default source: the diagnosis engine's physics-based synthesizer, so a
 * simulated compressor with worn bearings is heard, recorded and diagnosed as one. Its machines are
 * drawn from the held-out ranges, not the training ones, so a demo is not a replay of training data.
 */
export class SynthSource implements SampleSource {
  private conditionName: MachineCondition;
  private readonly seed: number;
  private readonly simple: BuiltInSource;
  private sound: SynthStream | null = null;
  private vibe: SynthStream | null = null;

  constructor(options: SynthSourceOptions = {}) {
    this.conditionName = options.condition ?? 'healthy';
    this.seed = options.seed ?? 1;
    this.simple = new BuiltInSource({ condition: MAPPING[this.conditionName].simple, seed: this.seed });
    this.rebuild();
  }

  get description(): string {
    return `synthesized compressor, ${this.conditionName} (physics-based: shaft orders, valves, bearings, site background)`;
  }

  get condition(): MachineCondition {
    return this.conditionName;
  }

  setCondition(condition: string): void {
    const parsed = parseMachineCondition(condition);
    if (!parsed) throw new Error(`Unknown machine condition "${condition}": choose one of ${MACHINE_CONDITIONS.join(', ')}.`);
    this.conditionName = parsed;
    this.simple.setCondition(MAPPING[parsed].simple);
    this.rebuild();
  }

  private rebuild(): void {
    const { sound, vibration } = MAPPING[this.conditionName];
    // One machine: the built-in vibration turns at the synthesized sound's speed.
    if (sound) this.simple.baseShaftHz = sampleSoundSpec(this.seed, sound, { variant: 'heldout' }).machine.shaftHz;
    this.sound = sound ? new SynthStream((sampleRate) => machineStream({ modality: 'sound', condition: sound, seed: this.seed, sampleRate })) : null;
    this.vibe = vibration ? new SynthStream((sampleRate) => machineStream({ modality: 'vibration', condition: vibration, seed: this.seed, sampleRate })) : null;
  }

  audio(out: Int16Array, first: number, sampleRate: number): void {
    if (!this.sound) return this.simple.audio(out, first, sampleRate);
    const samples = this.sound.read(out.length, first, sampleRate);
    for (let i = 0; i < out.length; i += 1) out[i] = Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32767)));
  }

  vibration(x: Float32Array, y: Float32Array, z: Float32Array, first: number, sampleRate: number): void {
    if (!this.vibe) return this.simple.vibration(x, y, z, first, sampleRate);
    const g = this.vibe.read(x.length, first, sampleRate);
    // One synthesized axis (radial, in g); the others see it attenuated, and z carries gravity.
    for (let i = 0; i < x.length; i += 1) {
      x[i] = g[i]!;
      y[i] = 0.6 * g[i]!;
      z[i] = 1 + 0.3 * g[i]!;
    }
  }

  reading(seconds: number): { temperatureC: number; currentA: number; powerW: number; quality: number } {
    return this.simple.reading(seconds);
  }
}
