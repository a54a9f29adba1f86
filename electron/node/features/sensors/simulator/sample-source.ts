/**
 * Where a simulated sensor's samples come from. Pluggable: the simulator uses the physics-based
 * synthesizer (synth-source.ts) by default; the built-in source below is a cheap stand-in (a sum of
 * shaft harmonics, line hum and noise) for benchmarks that run dozens of sensors at once.
 */
export interface SampleSource {
  /** What the source is imitating, for logs and the simulator's banner. */
  readonly description: string;
  /**
   * Fills `out` with mono audio (PCM16). `first` is the index of `out[0]` on the sensor's sample
   * clock; calls come in order but may skip indexes (a stalled sensor loses samples).
   */
  audio(out: Int16Array, first: number, sampleRate: number): void;
  /** Fills three axes with acceleration in g (z carries gravity), same indexing rules. */
  vibration(x: Float32Array, y: Float32Array, z: Float32Array, first: number, sampleRate: number): void;
  /** Slow measurements at `seconds` since the sensor booted. */
  reading(seconds: number): { temperatureC: number; currentA: number; powerW: number; quality: number };
  /** Switches the imitated machine condition while streaming, when the source can. */
  setCondition?(condition: string): void;
}

export const SIMPLE_CONDITIONS = ['healthy', 'unbalance', 'misalignment', 'looseness', 'bearing-wear', 'electrical', 'off'] as const;
export type SimpleCondition = (typeof SIMPLE_CONDITIONS)[number];

/** Amplitudes (audio: fraction of full scale; vibration: g) of each ingredient per condition. */
interface Recipe {
  /** Orders of shaft speed and their amplitudes; half orders allowed. */
  orders: [order: number, audio: number, vibration: number][];
  hum120: number;
  hum240: number;
  noiseAudio: number;
  noiseVibration: number;
  /** Bearing outer-race impacts: amplitude of each ringing burst, 0 for none. */
  impacts: number;
  currentA: number;
  running: boolean;
}

const HEALTHY: Recipe = {
  orders: [
    [1, 0.02, 0.04],
    [2, 0.012, 0.015],
    [3, 0.006, 0.006],
    [4, 0.004, 0.003],
    [5, 0.003, 0.002],
    [6, 0.002, 0.001],
  ],
  hum120: 0.01,
  hum240: 0.004,
  noiseAudio: 0.008,
  noiseVibration: 0.004,
  impacts: 0,
  currentA: 4.3,
  running: true,
};

const RECIPES: Record<SimpleCondition, Recipe> = {
  healthy: HEALTHY,
  unbalance: { ...HEALTHY, orders: HEALTHY.orders.map(([o, a, v]) => (o === 1 ? [o, a * 4, v * 5] : [o, a, v])) },
  misalignment: {
    ...HEALTHY,
    orders: HEALTHY.orders.map(([o, a, v]) => (o === 2 ? [o, a * 5, v * 6] : o === 3 ? [o, a * 3, v * 3] : [o, a, v])),
  },
  looseness: {
    ...HEALTHY,
    // Loose feet rattle: many orders and half orders, and more overall vibration (ISO zone B-C).
    orders: [...Array.from({ length: 10 }, (_, i) => [i + 1, 0.012, 0.06] as [number, number, number]), [0.5, 0.01, 0.03], [1.5, 0.008, 0.03], [2.5, 0.006, 0.025]],
    noiseAudio: 0.02,
    noiseVibration: 0.012,
    currentA: 4.45,
  },
  'bearing-wear': { ...HEALTHY, impacts: 0.12, noiseAudio: 0.012, currentA: 4.4 },
  electrical: { ...HEALTHY, hum120: 0.06, hum240: 0.02, currentA: 4.7 },
  off: { orders: [], hum120: 0, hum240: 0, noiseAudio: 0.002, noiseVibration: 0.001, impacts: 0, currentA: 0, running: false },
};

/** About 58 Hz: a 2-pole hermetic compressor on Korea's 60 Hz grid, with its slip. */
const SHAFT_HZ = 58.3;
/** Outer-race defect frequency of a typical small bearing: 3.57 x shaft speed. */
const BPFO_ORDER = 3.57;
const RESONANCE_HZ = 3200;
const TABLE_SIZE = 4096;
const SINE = Float64Array.from({ length: TABLE_SIZE }, (_, i) => Math.sin((2 * Math.PI * i) / TABLE_SIZE));

/** xorshift32: fast, seedable, good enough for noise. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
}

/** Phase-continuous oscillators for one stream: phases advance with the sample index, even across skipped samples. */
class OscillatorBank {
  private phases: Float64Array = new Float64Array(0);
  private nextIndex = -1;

  constructor(private readonly random: () => number) {}

  /** Phase (0..1) of each oscillator at `first`, given frequencies that hold over the block. */
  begin(freqs: number[], first: number, rate: number): Float64Array {
    if (this.phases.length !== freqs.length) {
      this.phases = Float64Array.from(freqs, () => this.random());
      this.nextIndex = first;
    }
    if (first !== this.nextIndex) {
      const skipped = first - this.nextIndex;
      for (let k = 0; k < freqs.length; k += 1) this.phases[k] = frac(this.phases[k]! + (freqs[k]! * skipped) / rate);
    }
    return this.phases;
  }

  end(freqs: number[], count: number, rate: number, first: number): void {
    for (let k = 0; k < freqs.length; k += 1) this.phases[k] = frac(this.phases[k]! + (freqs[k]! * count) / rate);
    this.nextIndex = first + count;
  }
}

const frac = (v: number) => v - Math.floor(v);

export interface BuiltInSourceOptions {
  condition?: SimpleCondition;
  seed?: number;
  /** Mean shaft speed (Hz); 58.3 by default. */
  shaftHz?: number;
}

/**
 * The built-in source: honest about being simple. Shaft harmonics (with a slow speed wander),
 * 120 Hz and 240 Hz hum, broadband noise, and for bearing wear, ringing impacts at the outer-race
 * frequency. It is enough to exercise the link, the live view and the charts, and to tell the
 * named conditions apart by eye in a spectrum; it is not a model of a compressor.
 */
export class BuiltInSource implements SampleSource {
  private recipe: Recipe;
  private conditionName: SimpleCondition;
  private readonly random: () => number;
  private readonly audioBank: OscillatorBank;
  private readonly vibBank: OscillatorBank;
  private impactPhase = 0;
  private ring = 0;
  /** Mean shaft speed: another source (the synthesizer's sound) may set it so both streams show one machine. */
  baseShaftHz: number;

  constructor(options: BuiltInSourceOptions = {}) {
    this.conditionName = options.condition ?? 'healthy';
    this.recipe = RECIPES[this.conditionName];
    this.random = rng(options.seed ?? 1);
    this.baseShaftHz = options.shaftHz ?? SHAFT_HZ;
    this.audioBank = new OscillatorBank(this.random);
    this.vibBank = new OscillatorBank(this.random);
  }

  get description(): string {
    return `built-in ${this.conditionName} compressor (shaft harmonics, hum, noise)`;
  }

  get condition(): SimpleCondition {
    return this.conditionName;
  }

  setCondition(condition: string): void {
    if (!(SIMPLE_CONDITIONS as readonly string[]).includes(condition)) throw new Error(`The built-in source has no condition "${condition}": ${SIMPLE_CONDITIONS.join(', ')}.`);
    this.conditionName = condition as SimpleCondition;
    this.recipe = RECIPES[this.conditionName];
  }

  /** Shaft speed wanders ±0.15 Hz over 20 s, as load does. */
  private shaftHz(index: number, rate: number): number {
    return this.baseShaftHz + 0.15 * Math.sin((2 * Math.PI * index) / rate / 20);
  }

  audio(out: Int16Array, first: number, sampleRate: number): void {
    const r = this.recipe;
    const f0 = this.shaftHz(first, sampleRate);
    const freqs = [...r.orders.map(([o]) => o * f0), 120, 240];
    const amps = [...r.orders.map(([, a]) => a), r.hum120, r.hum240];
    const phases = this.audioBank.begin(freqs, first, sampleRate);
    const steps = freqs.map((f) => (f / sampleRate) * TABLE_SIZE);
    const starts = Array.from(phases, (p) => p * TABLE_SIZE);
    const impactStep = r.impacts > 0 ? (BPFO_ORDER * f0) / sampleRate : 0;
    const ringStep = (RESONANCE_HZ / sampleRate) * TABLE_SIZE;
    const decay = Math.exp(-1 / (0.0015 * sampleRate));
    for (let i = 0; i < out.length; i += 1) {
      let v = 0;
      for (let k = 0; k < freqs.length; k += 1) {
        v += amps[k]! * SINE[Math.floor(starts[k]! + steps[k]! * i) & (TABLE_SIZE - 1)]!;
      }
      if (impactStep > 0) {
        this.impactPhase += impactStep;
        if (this.impactPhase >= 1) {
          this.impactPhase -= 1;
          this.ring = r.impacts * (0.8 + 0.4 * this.random());
        }
        v += this.ring * SINE[Math.floor(ringStep * (first + i)) & (TABLE_SIZE - 1)]!;
        this.ring *= decay;
      }
      v += r.noiseAudio * (this.random() + this.random() - 1);
      out[i] = Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
    }
    this.audioBank.end(freqs, out.length, sampleRate, first);
  }

  vibration(x: Float32Array, y: Float32Array, z: Float32Array, first: number, sampleRate: number): void {
    const r = this.recipe;
    const f0 = this.shaftHz(first, sampleRate);
    const freqs = [...r.orders.map(([o]) => o * f0), 120];
    const amps = [...r.orders.map(([, , v]) => v), r.hum120 * 0.5];
    const phases = this.vibBank.begin(freqs, first, sampleRate);
    for (let i = 0; i < x.length; i += 1) {
      let vx = 0;
      let vy = 0;
      for (let k = 0; k < freqs.length; k += 1) {
        const p = phases[k]! + (freqs[k]! * i) / sampleRate;
        const at = Math.floor(p * TABLE_SIZE);
        vx += amps[k]! * SINE[at & (TABLE_SIZE - 1)]!;
        // y lags x by a quarter turn: a rotating force seen by two perpendicular axes.
        vy += amps[k]! * SINE[(at + TABLE_SIZE / 4) & (TABLE_SIZE - 1)]!;
      }
      const n = r.noiseVibration;
      x[i] = vx + n * (this.random() - 0.5);
      y[i] = vy + n * (this.random() - 0.5);
      z[i] = 1 + 0.3 * vx + n * (this.random() - 0.5);
    }
    this.vibBank.end(freqs, x.length, sampleRate, first);
  }

  reading(seconds: number): { temperatureC: number; currentA: number; powerW: number; quality: number } {
    const r = this.recipe;
    const currentA = r.running ? r.currentA * (1 + 0.01 * Math.sin(seconds / 7)) + 0.02 * (this.random() - 0.5) : 0;
    return {
      // Discharge line: warms towards 55 °C after start, a little ripple.
      temperatureC: r.running ? 55 - 25 * Math.exp(-seconds / 120) + 0.2 * Math.sin(seconds / 11) : 24,
      currentA: Math.round(currentA * 1000) / 1000,
      powerW: Math.round(220 * currentA * 0.85),
      quality: 0.97,
    };
  }
}
