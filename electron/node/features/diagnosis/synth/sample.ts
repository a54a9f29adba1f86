import { type BearingGeometry, SKF_6205 } from '../extraction/bearings';
import { Rng } from './random';
import type {
  BackgroundKind,
  BackgroundSource,
  CompressorSpec,
  Mode,
  SoundCondition,
  SoundSpec,
  VibrationCondition,
  VibrationSpec,
} from './spec';

/**
 * Random machines, sites and microphones for a condition, drawn from a seed. The `variant`
 * splits the continuous parameters into disjoint ranges: a model trained on `train` machines is
 * tested on `heldout` machines it has never met (other running speeds, bearing defect ratios,
 * resonance frequencies, fan blade counts, cicada songs), not merely on new seeds.
 */
export type Variant = 'train' | 'heldout';

type Ranges = readonly (readonly [number, number])[];

const SHAFT_60: Record<Variant, Ranges> = { train: [[57.0, 57.9], [58.4, 59.2]], heldout: [[57.9, 58.4]] };
const SHAFT_50: Record<Variant, Ranges> = { train: [[47.5, 48.3], [48.8, 49.5]], heldout: [[48.3, 48.8]] };
const BEARING_RATIO: Record<Variant, Ranges> = { train: [[2.9, 3.4], [4.0, 4.6], [5.2, 5.8]], heldout: [[3.45, 3.95], [4.65, 5.15], [5.85, 6.4]] };
const BEARING_MODE_HZ: Record<Variant, Ranges> = { train: [[2600, 4000], [5000, 6200]], heldout: [[4000, 5000]] };
const VALVE_MODE_HZ: Record<Variant, Ranges> = { train: [[1200, 2000], [2600, 3400]], heldout: [[2000, 2600]] };
const CICADA_HZ: Record<Variant, Ranges> = { train: [[3500, 5000], [6000, 7500]], heldout: [[5000, 6000]] };
const FAN_BLADES: Record<Variant, number[]> = { train: [3, 5, 7], heldout: [4, 6] };

export interface SoundSampleOptions {
  variant: Variant;
  sampleRate?: number;
  lineHz?: 50 | 60;
  severity?: number;
  /** Machine over background (dB). Drawn from 3-35 dB when not given. */
  snrDb?: number;
  rmsDbfs?: number;
  /** Background sources besides room tone; drawn at random when not given. */
  backgrounds?: readonly BackgroundKind[];
}

export function sampleSoundSpec(seed: number, condition: SoundCondition, options: SoundSampleOptions): SoundSpec {
  const rng = new Rng(seed).child(`sound:${condition}`);
  const v = options.variant;
  const sampleRate = options.sampleRate ?? 16_000;
  const lineHz = options.lineHz ?? (rng.chance(0.85) ? 60 : 50);
  const severity = condition === 'normal' ? 0 : (options.severity ?? rng.range(v === 'train' ? 0.25 : 0.2, 1));
  const shaftHz = rng.ranges(lineHz === 60 ? SHAFT_60[v] : SHAFT_50[v]);
  const modes = (count: number, lo: number, hi: number, q: [number, number]): Mode[] =>
    Array.from({ length: count }, () => ({ hz: rng.range(lo, hi), q: rng.range(...q), gain: rng.range(0.3, 1) }));

  const machine: CompressorSpec = {
    shaftHz,
    wanderHz: rng.range(0.01, 0.05),
    lineHz,
    harmonics: Array.from({ length: 10 }, (_, i) => (i === 0 ? 1 : rng.range(0.3, 1) * (i + 1) ** -0.9)),
    halfOrders: [],
    hum: [rng.range(0, 0.03), rng.range(0.03, 0.15), rng.range(0, 0.02), rng.range(0, 0.04)],
    valve: {
      modes: Array.from({ length: 2 }, () => ({ hz: rng.ranges(VALVE_MODE_HZ[v]), q: rng.range(8, 20), gain: rng.range(0.5, 1) })),
      suctionDeg: rng.range(190, 240),
      dischargeDeg: rng.range(120, 170),
      amplitude: rng.range(1, 4),
      jitterDeg: rng.range(1, 4),
      kind: 'sound',
      leakNoise: 0,
      knock: 0,
    },
    shell: { modes: modes(4, 300, 4500, [4, 15]), noise: rng.range(0.5, 2) },
    rattle: 0,
    bearing: null,
    hiss: { level: 0, highPassHz: rng.range(1500, 3000), peakHz: rng.range(4000, 7000), peakQ: rng.range(1, 3), swell: rng.range(0.5, 2) },
  };
  machine.hiss.level = machine.shell.noise * rng.range(0, 0.05);
  const s = severity;
  switch (condition) {
    case 'normal':
      break;
    case 'unbalance':
      machine.harmonics[0] = 10 ** ((6 + 16 * s) / 20);
      break;
    case 'looseness':
      machine.harmonics = Array.from({ length: 15 }, (_, i) => Math.max(machine.harmonics[i] ?? 0, rng.range(0.2, 0.5) * s * (i + 1) ** -0.4));
      machine.halfOrders = Array.from({ length: 6 }, (_, i) => rng.range(0.15, 0.5) * s * (i + 1) ** -0.5);
      machine.rattle = rng.range(2, 8) * s;
      machine.shell.noise *= 10 ** ((rng.range(2, 6) * s) / 20);
      break;
    case 'bearing_wear': {
      const hz = rng.ranges(BEARING_MODE_HZ[v]);
      machine.bearing = {
        ratio: rng.ranges(BEARING_RATIO[v]),
        modes: [
          { hz, q: rng.range(15, 40), gain: 1 },
          { hz: hz * rng.range(1.2, 1.6), q: rng.range(15, 40), gain: rng.range(0.3, 0.8) },
        ],
        amplitude: machine.shell.noise * rng.range(2.5, 10) * s,
        modulation: rng.chance(0.5) ? rng.range(0.3, 0.8) : 0,
        slip: rng.range(0.005, 0.015),
      };
      break;
    }
    case 'valve_fault':
      if (rng.chance(0.5)) {
        machine.valve.kind = 'leak';
        machine.valve.leakNoise = machine.shell.noise * rng.range(3, 12) * s;
      } else {
        machine.valve.kind = 'knock';
        machine.valve.knock = machine.valve.amplitude * rng.range(4, 15) * s;
        machine.valve.jitterDeg *= 2;
      }
      break;
    case 'refrigerant_hiss':
      machine.hiss.level = machine.shell.noise * rng.range(0.8, 4) * (0.4 + 0.6 * s);
      machine.shaftHz += rng.range(0.15, 0.4);
      machine.harmonics = machine.harmonics.map((a) => a * 0.7);
      break;
    case 'electrical_hum': {
      const hum = rng.range(1, 5) * (0.3 + 0.7 * s);
      machine.hum = [hum * rng.range(0.05, 0.3), hum, hum * rng.range(0.05, 0.3), hum * rng.range(0.1, 0.6)];
      break;
    }
  }

  const kinds = options.backgrounds ?? drawBackgroundKinds(rng);
  const background: BackgroundSource[] = [{ kind: 'room', level: 1, tiltHz: rng.range(200, 800) }];
  for (const kind of kinds) background.push(drawBackground(kind, rng, v));
  return {
    modality: 'sound',
    condition,
    severity,
    sampleRate,
    machine,
    background,
    microphone: {
      snrDb: options.snrDb ?? rng.range(3, 35),
      rmsDbfs: options.rmsDbfs ?? (v === 'train' ? rng.range(-42, -12) : rng.range(-48, -10)),
      selfNoiseDbfs: rng.range(-85, -75),
    },
  };
}

const OPTIONAL_BACKGROUNDS: readonly BackgroundKind[] = ['fan', 'traffic', 'voices', 'cicadas', 'other_machine'];

/** Up to two distinct background sources besides room tone. */
export function drawBackgroundKinds(rng: Rng, from: readonly BackgroundKind[] = OPTIONAL_BACKGROUNDS): BackgroundKind[] {
  const count = rng.int(0, 2);
  const kinds: BackgroundKind[] = [];
  while (kinds.length < count) {
    const k = rng.pick(from);
    if (!kinds.includes(k)) kinds.push(k);
  }
  return kinds;
}

export function drawBackground(kind: BackgroundKind, rng: Rng, v: Variant): BackgroundSource {
  const level = rng.range(0.5, 2);
  switch (kind) {
    case 'room':
      return { kind, level, tiltHz: rng.range(200, 800) };
    case 'fan':
      return { kind, level, rotationHz: rng.range(10, 25), blades: rng.pick(FAN_BLADES[v]), turbulenceHz: rng.range(500, 1500) };
    case 'traffic':
      return { kind, level, swellSeconds: rng.range(2, 6) };
    case 'voices':
      return { kind, level, speakers: 0, pitchHz: Array.from({ length: rng.int(1, 3) }, () => rng.range(90, 250)) };
    case 'cicadas':
      return { kind, level, carrierHz: rng.ranges(CICADA_HZ[v]), pulseHz: rng.range(40, 200), phraseSeconds: rng.range(2, 8), pauseSeconds: rng.range(0.5, 4) };
    case 'other_machine':
      return { kind, level: level * 0.5, shaftHz: rng.pick([rng.range(24.5, 29.8), rng.range(47, 49.5), rng.range(56.5, 59.5)]), lineHz: 60 };
    case 'pump':
      return { kind, level, shaftHz: rng.pick([rng.range(24, 29.6), rng.range(47, 59.5)]), vanes: rng.int(5, 8) };
    case 'second_compressor':
      return { kind, level: level * 0.7, machine: sampleSoundSpec(rng.int(0, 999_999), 'normal', { variant: v, backgrounds: [] }).machine, distanceHz: rng.range(800, 3000) };
  }
}


/** Running speeds (Hz) the models were trained on, every variant: beyond them a model's answer means little. */
export const TRAINED_SPEEDS: Record<'sound' | 'vibration', Ranges> = {
  sound: [...SHAFT_50.train, ...SHAFT_50.heldout, ...SHAFT_60.train, ...SHAFT_60.heldout],
  vibration: [[15, 60]],
};

const VIB_SHAFT: Record<Variant, Ranges> = { train: [[15, 27], [31, 45], [52, 60]], heldout: [[27, 31], [45, 52]] };
const VIB_MODE_HZ: Record<Variant, Ranges> = { train: [[2000, 3000], [3600, 5000]], heldout: [[3000, 3600]] };
const VIB_LOW_MODE_HZ: Record<Variant, Ranges> = { train: [[450, 800], [1000, 1400]], heldout: [[800, 1000]] };

export interface VibrationSampleOptions {
  variant: Variant;
  sampleRate?: number;
  severity?: number;
  /** A CWRU-like rig: 4-pole motor near 1750-1800 rpm, SKF 6205 bearing. */
  rig?: 'cwru' | 'random';
  /** Sensor noise level: a lab piezo accelerometer or the ESP32's ADXL345. */
  sensor?: 'piezo' | 'adxl345';
}

export function sampleVibrationSpec(seed: number, condition: VibrationCondition, options: VibrationSampleOptions): VibrationSpec {
  const rng = new Rng(seed).child(`vibration:${condition}`);
  const v = options.variant;
  const sampleRate = options.sampleRate ?? 12_000;
  const cwru = (options.rig ?? 'random') === 'cwru';
  const severity = condition === 'normal' ? 0 : (options.severity ?? rng.range(v === 'train' ? 0.25 : 0.2, 1));
  const bearing: BearingGeometry = cwru ? SKF_6205 : { balls: rng.int(7, 12), ballRatio: rng.range(0.15, 0.3), contactDeg: 0 };
  const shaftHz = cwru ? rng.range(28.8, 30.2) : rng.ranges(VIB_SHAFT[v]);
  const high = rng.ranges(VIB_MODE_HZ[v]);
  const modes: Mode[] = [
    { hz: high, q: rng.range(10, 30), gain: 1 },
    { hz: high * rng.range(1.15, 1.5), q: rng.range(10, 30), gain: rng.range(0.3, 0.9) },
    { hz: rng.ranges(VIB_LOW_MODE_HZ[v]), q: rng.range(8, 20), gain: rng.range(0.3, 1) },
  ];
  const sensor = options.sensor ?? (sampleRate <= 3200 ? 'adxl345' : 'piezo');
  return {
    modality: 'vibration',
    condition,
    severity,
    sampleRate,
    machine: {
      shaftHz,
      wanderHz: rng.range(0.005, 0.03),
      lineHz: 60,
      bearing,
      orders: [rng.range(0.005, 0.05), rng.range(0.002, 0.02), rng.range(0.001, 0.01)],
      lineHum: rng.range(0.001, 0.01),
      modes,
      noise: rng.range(0.005, 0.03),
      defect:
        condition === 'normal'
          ? null
          : {
              kind: condition,
              amplitude: rng.range(0.2, 2) * severity * (condition === 'ball' ? 0.6 : 1),
              slip: rng.range(0.005, 0.02),
              modulation: condition === 'outer_race' ? 0 : rng.range(0.3, 0.9),
            },
    },
    sensor: {
      noiseG: sensor === 'adxl345' ? rng.range(0.003, 0.01) : rng.range(0.001, 0.005),
      rangeG: sensor === 'adxl345' ? 16 : 50,
      frameNoiseG: rng.range(0.002, 0.02),
    },
  };
}
