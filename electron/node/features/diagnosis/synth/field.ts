import { Rng } from './random';
import { type BackgroundKind, COMPRESSOR_TYPES, type CompressorType, type SoundCondition, type SoundSpec } from './spec';
import { drawBackground, drawBackgroundKinds, sampleSoundSpec } from './sample';

/**
 * Machines as they are met in the field rather than as the sound model was trained: rotary and
 * scroll compressors beside reciprocating ones, 4-pole motors, inverter drives from 25 to 120 Hz,
 * pumps and a second compressor running nearby, reverberant plant rooms and small microphones
 * that cut the lows. The shipped model has heard none of these; they test what it says about a
 * machine it does not know, and are the ground a future model is trained on.
 */
export const FIELD_DRIVES = ['fixed_2pole', 'fixed_4pole', 'inverter'] as const;
export type FieldDrive = (typeof FIELD_DRIVES)[number];

const FIELD_BACKGROUNDS: readonly BackgroundKind[] = ['fan', 'traffic', 'voices', 'cicadas', 'other_machine', 'pump', 'second_compressor'];

export interface FieldSampleOptions {
  condition?: SoundCondition;
  severity?: number;
  sampleRate?: number;
  type?: CompressorType;
  drive?: FieldDrive;
  /** Running speed (Hz) of an inverter drive; drawn from 25-120 Hz when not given. */
  inverterHz?: number;
  backgrounds?: readonly BackgroundKind[];
  /** Reverberant room: drawn (60 %) when not given. */
  room?: boolean;
  /** A small microphone's response: drawn (60 %) when not given. */
  smallMicrophone?: boolean;
  snrDb?: number;
}

export function sampleFieldSoundSpec(seed: number, options: FieldSampleOptions = {}): SoundSpec {
  const condition = options.condition ?? 'normal';
  const spec = sampleSoundSpec(seed, condition, { variant: 'heldout', sampleRate: options.sampleRate ?? 16_000, backgrounds: [], ...(options.snrDb !== undefined ? { snrDb: options.snrDb } : {}), ...(options.severity !== undefined ? { severity: options.severity } : {}) });
  const rng = new Rng(seed).child('field');
  const m = spec.machine;
  const type = options.type ?? rng.pick(COMPRESSOR_TYPES);
  const drive = options.drive ?? rng.pick(FIELD_DRIVES);
  m.type = type;

  // The running speed the drive gives, with the fault's own speed change (a hissing machine runs light) kept.
  const offset = m.shaftHz - (m.lineHz === 60 ? 58.2 : 48.5);
  if (drive === 'fixed_2pole') m.shaftHz = m.lineHz * (1 - rng.range(0.01, 0.05));
  else if (drive === 'fixed_4pole') m.shaftHz = (m.lineHz / 2) * (1 - rng.range(0.01, 0.04));
  else {
    m.shaftHz = options.inverterHz ?? rng.range(25, 120);
    m.inverter = { electricalHz: m.shaftHz * rng.pick([2, 3]), carrierHz: rng.range(2000, 7000), whine: rng.range(0.01, 0.15) };
  }
  if (condition === 'refrigerant_hiss') m.shaftHz += Math.max(0, offset);

  if (type === 'rotary') {
    // The rolling piston's eccentric: a strong 1x on a healthy machine, and one discharge reed.
    m.harmonics[0]! *= rng.range(1.5, 4);
    m.valve.amplitude *= rng.range(0.3, 0.8);
  } else if (type === 'scroll') {
    // Smooth, continuous compression: weaker high orders, no reed strikes.
    m.harmonics = m.harmonics.map((a, i) => a * (i === 0 ? 1 : rng.range(0.3, 0.7)));
  }

  const kinds = options.backgrounds ?? drawBackgroundKinds(rng, FIELD_BACKGROUNDS);
  spec.background = [spec.background[0]!, ...kinds.map((k) => drawBackground(k, rng, 'heldout'))];
  if (options.room ?? rng.chance(0.6)) spec.room = { rt60Seconds: rng.range(0.2, 1.5), wet: rng.range(0.1, 0.5) };
  if (options.smallMicrophone ?? rng.chance(0.6)) {
    spec.microphone.response = { lowCutHz: rng.range(50, 300), peakHz: rng.range(2000, 6000), peakDb: rng.range(2, 8), highCutHz: rng.range(5000, 15_000) };
  }
  return spec;
}
