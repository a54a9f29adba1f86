/**
 * What the synthesizer can make: a machine (a hermetic compressor heard by a microphone, or a
 * motor bearing felt by an accelerometer) in a labelled condition, at a site with background
 * sounds, through a microphone or sensor with its own gain, noise and limits. A spec is plain
 * data: it can be sampled from a seed (sample.ts), printed, stored with a dataset, or written by
 * hand for a demo.
 */
import type { BearingGeometry } from '../extraction/bearings';

export const SOUND_CONDITIONS = ['normal', 'bearing_wear', 'unbalance', 'looseness', 'valve_fault', 'refrigerant_hiss', 'electrical_hum'] as const;
export type SoundCondition = (typeof SOUND_CONDITIONS)[number];

export const VIBRATION_CONDITIONS = ['normal', 'inner_race', 'outer_race', 'ball'] as const;
export type VibrationCondition = (typeof VIBRATION_CONDITIONS)[number];

/** A structural or acoustic mode: frequency, quality factor, relative gain. */
export interface Mode {
  hz: number;
  q: number;
  gain: number;
}

/**
 * How the compressor compresses. Reciprocating (the default, and the only kind the shipped sound
 * model was trained on): suction and discharge reeds strike every revolution. Rotary (rolling
 * piston, most small air conditioners and many freezers): one discharge reed, no suction reed, and
 * an eccentric that leaves a strong 1x even when healthy. Scroll: continuous compression, no reeds.
 */
export const COMPRESSOR_TYPES = ['reciprocating', 'rotary', 'scroll'] as const;
export type CompressorType = (typeof COMPRESSOR_TYPES)[number];

/**
 * An inverter (variable-speed) drive: the motor's electrical frequency follows the running speed
 * (shaft x pole pairs, for the permanent-magnet motors inverter compressors use), and the PWM
 * carrier whines at a few kHz.
 */
export interface InverterDrive {
  electricalHz: number;
  carrierHz: number;
  /** Carrier whine, relative to the 1x order. */
  whine: number;
}

export interface CompressorSpec {
  /** Absent: reciprocating. */
  type?: CompressorType;
  /** Absent: a fixed-speed motor on the grid, humming at twice `lineHz`. */
  inverter?: InverterDrive;
  shaftHz: number;
  /** Spread of the slow speed drift (Hz). */
  wanderHz: number;
  lineHz: 50 | 60;
  /** Amplitudes of shaft orders 1x, 2x, 3x, ... (gas pulsation and rotating parts). */
  harmonics: number[];
  /** Amplitudes of half orders 0.5x, 1.5x, 2.5x, ... (mechanical looseness). */
  halfOrders: number[];
  /** Amplitudes of line-frequency harmonics 1x, 2x (magnetostriction hum), 3x, 4x. */
  hum: number[];
  valve: {
    modes: Mode[];
    /** Crank angles (degrees) at which the suction and discharge reeds strike. */
    suctionDeg: number;
    dischargeDeg: number;
    amplitude: number;
    jitterDeg: number;
    kind: 'sound' | 'leak' | 'knock';
    /** Gas leaking back through a damaged reed: noise gated within the crank cycle. */
    leakNoise: number;
    /** Extra impact of a broken reed or liquid slug, once per cycle. */
    knock: number;
  };
  shell: { modes: Mode[]; noise: number };
  /** Loose parts rattling once per revolution. */
  rattle: number;
  bearing: null | {
    /** Defect frequency as a multiple of shaft speed (non-integer: BPFO, BPFI...). */
    ratio: number;
    modes: Mode[];
    amplitude: number;
    /** Depth of modulation by the shaft (an inner-race defect rotating through the load zone). */
    modulation: number;
    slip: number;
  };
  /** Refrigerant flow noise (a leak, or low charge hissing at the metering device). */
  hiss: { level: number; highPassHz: number; peakHz: number; peakQ: number; swell: number };
}

export const BACKGROUND_KINDS = ['room', 'fan', 'traffic', 'voices', 'cicadas', 'other_machine', 'pump', 'second_compressor'] as const;
export type BackgroundKind = (typeof BACKGROUND_KINDS)[number];

export type BackgroundSource =
  | { kind: 'room'; level: number; tiltHz: number }
  | { kind: 'fan'; level: number; rotationHz: number; blades: number; turbulenceHz: number }
  | { kind: 'traffic'; level: number; swellSeconds: number }
  | { kind: 'voices'; level: number; speakers: number; pitchHz: number[] }
  | { kind: 'cicadas'; level: number; carrierHz: number; pulseHz: number; phraseSeconds: number; pauseSeconds: number }
  | { kind: 'other_machine'; level: number; shaftHz: number; lineHz: number }
  /** A circulating pump: vane-pass tone over flow noise. */
  | { kind: 'pump'; level: number; shaftHz: number; vanes: number }
  /** Another compressor running nearby (a rack, the next condensing unit), heard through distance. */
  | { kind: 'second_compressor'; level: number; machine: CompressorSpec; distanceHz: number };

export interface MicrophoneSpec {
  /** Machine over background, by RMS, in dB. */
  snrDb: number;
  /** Level of the whole recording, by RMS, in dB relative to full scale. */
  rmsDbfs: number;
  /** The microphone's own hiss, in dB relative to full scale. */
  selfNoiseDbfs: number;
  /** Absent: flat. A laptop, phone or MEMS microphone cuts the lows and colours the highs. */
  response?: MicrophoneResponse;
}

export interface MicrophoneResponse {
  /** High-pass corner (Hz): small capsules and their input filters. */
  lowCutHz: number;
  /** A presence peak (Hz, dB), as most small capsules have. */
  peakHz: number;
  peakDb: number;
  /** Low-pass corner (Hz): the capsule's roll-off or the codec's filter. */
  highCutHz: number;
}

/** A reverberant room around the machine and the microphone. */
export interface RoomAcoustics {
  /** Time for reverberation to fall by 60 dB (s): 0.2 in a furnished room, 1.5 in a bare plant room. */
  rt60Seconds: number;
  /** Reverberant over direct sound (0-1). */
  wet: number;
}

export interface SoundSpec {
  modality: 'sound';
  condition: SoundCondition;
  /** 0 for healthy; 0.1 (incipient) to 1 (severe) for faults. */
  severity: number;
  sampleRate: number;
  machine: CompressorSpec;
  background: BackgroundSource[];
  microphone: MicrophoneSpec;
  /** Absent: free field (no reflections). */
  room?: RoomAcoustics;
}

export interface MotorVibrationSpec {
  shaftHz: number;
  wanderHz: number;
  lineHz: 50 | 60;
  bearing: BearingGeometry;
  /** Acceleration (g) of shaft orders 1x, 2x, 3x and of twice line frequency. */
  orders: number[];
  lineHum: number;
  modes: Mode[];
  /** Broadband structural noise (g RMS before the modes). */
  noise: number;
  defect: null | {
    kind: 'inner_race' | 'outer_race' | 'ball';
    /** Impact strength (g at the resonance). */
    amplitude: number;
    slip: number;
    /** How strongly the load zone modulates the impacts (inner race: shaft; ball: cage). */
    modulation: number;
  };
}

export interface SensorSpec {
  /** Sensor noise, g RMS over the band. */
  noiseG: number;
  /** Full-scale range (g): the ADXL345 clips at 16 g. */
  rangeG: number;
  /** Vibration of other machines on the same frame, g RMS. */
  frameNoiseG: number;
}

export interface VibrationSpec {
  modality: 'vibration';
  condition: VibrationCondition;
  severity: number;
  sampleRate: number;
  machine: MotorVibrationSpec;
  sensor: SensorSpec;
}

export type SynthSpec = SoundSpec | VibrationSpec;
