import { Biquad, type BiquadKind } from '../dsp/biquad';
import type { Rng } from './random';

/**
 * Building blocks of the synthesizer, each a small stateful system advanced one sample at a time,
 * so a machine can be generated in chunks of any size with identical results.
 */

/** Anything that adds its sound (or vibration) into a buffer for the next `n` samples. */
export interface Source {
  render(out: Float64Array, n: number): void;
}

/**
 * A resonant mode: a housing panel, a valve reed, a bearing's structural path. Struck by an
 * impulse it rings at `hz` and decays with quality factor `q` (impulse response peaking near 1).
 * Band-pass form (zeros at 0 Hz and Nyquist): what a microphone or accelerometer picks up from a
 * mode is its velocity or acceleration, which vanishes below resonance; an all-pole resonator would
 * instead pour its static response into the low frequencies where the shaft orders are.
 */
export class Resonator {
  private y1 = 0;
  private y2 = 0;
  private x1 = 0;
  private x2 = 0;
  private readonly a1: number;
  private readonly a2: number;

  constructor(hz: number, q: number, sampleRate: number) {
    const f = Math.min(hz, 0.45 * sampleRate);
    const theta = (2 * Math.PI * f) / sampleRate;
    const r = Math.exp((-Math.PI * (f / q)) / sampleRate);
    this.a1 = 2 * r * Math.cos(theta);
    this.a2 = -r * r;
  }

  step(x: number): number {
    const y = 0.5 * (x - this.x2) + this.a1 * this.y1 + this.a2 * this.y2;
    this.x2 = this.x1;
    this.x1 = x;
    this.y2 = this.y1;
    this.y1 = y;
    return y;
  }
}

/** Gaussian noise through a chain of biquads. */
export class ColouredNoise {
  private readonly filters: Biquad[];

  constructor(
    private readonly rng: Rng,
    filters: readonly { kind: BiquadKind; hz: number; q: number }[],
    sampleRate: number,
  ) {
    this.filters = filters.map((f) => Biquad.of(f.kind, f.hz, f.q, sampleRate));
  }

  step(): number {
    let v = this.rng.gauss();
    for (const f of this.filters) v = f.step(v);
    return v;
  }
}

/**
 * A slowly wandering value (an Ornstein-Uhlenbeck process): shaft speed drifting with load, a
 * level swelling and fading. Mean-reverting with time constant `tau` seconds and spread `sigma`.
 */
export class Wander {
  private value = 0;
  private readonly decay: number;
  private readonly kick: number;

  constructor(
    private readonly rng: Rng,
    sigma: number,
    tau: number,
    sampleRate: number,
  ) {
    this.decay = Math.exp(-1 / (tau * sampleRate));
    this.kick = sigma * Math.sqrt(1 - this.decay * this.decay);
    this.value = sigma * rng.gauss();
  }

  step(): number {
    this.value = this.value * this.decay + this.kick * this.rng.gauss();
    return this.value;
  }
}

/**
 * The rotating shaft every machine part is tied to: its instantaneous frequency and accumulated
 * phase for each sample of the current chunk.
 */
export class Shaft {
  readonly phase: Float64Array;
  readonly hz: Float64Array;
  private angle = 0;
  private readonly wander: Wander;

  constructor(
    readonly meanHz: number,
    wanderHz: number,
    private readonly sampleRate: number,
    rng: Rng,
    maxChunk: number,
  ) {
    this.phase = new Float64Array(maxChunk);
    this.hz = new Float64Array(maxChunk);
    this.wander = new Wander(rng, wanderHz, 1.5, sampleRate);
    this.angle = rng.range(0, 2 * Math.PI);
  }

  advance(n: number): void {
    for (let i = 0; i < n; i += 1) {
      const f = this.meanHz + this.wander.step();
      this.hz[i] = f;
      // Unwrapped: parts tied to fractions of the shaft speed (a bearing cage) need a continuous angle;
      // float64 keeps sub-microradian precision for days of running.
      this.angle += (2 * Math.PI * f) / this.sampleRate;
      this.phase[i] = this.angle;
    }
  }
}

/**
 * Impacts repeating at a rate tied to the shaft (a bearing defect: rate = ratio x shaft speed),
 * with a little random slip in their timing, each striking a set of resonators.
 */
export class ImpactTrain implements Source {
  private untilNext: number;
  private readonly resonators: Resonator[];

  constructor(
    private readonly shaft: Shaft,
    private readonly ratio: number,
    private readonly slip: number,
    modes: readonly { hz: number; q: number; gain: number }[],
    private readonly gains: readonly number[],
    private readonly amplitude: (phase: number, rng: Rng) => number,
    private readonly rng: Rng,
    private readonly sampleRate: number,
  ) {
    this.resonators = modes.map((m) => new Resonator(m.hz, m.q, sampleRate));
    this.untilNext = rng.next();
  }

  render(out: Float64Array, n: number): void {
    for (let i = 0; i < n; i += 1) {
      // Progress in "impact periods" per sample at the instantaneous shaft speed.
      this.untilNext -= (this.ratio * this.shaft.hz[i]!) / this.sampleRate;
      let x = 0;
      if (this.untilNext <= 0) {
        x = this.amplitude(this.shaft.phase[i]!, this.rng);
        this.untilNext += 1 + this.slip * this.rng.gauss();
        if (this.untilNext < 0.2) this.untilNext = 0.2;
      }
      let y = 0;
      for (let r = 0; r < this.resonators.length; r += 1) y += this.gains[r]! * this.resonators[r]!.step(x);
      out[i]! += y;
    }
  }
}

/** Modes the sampled signal can carry: a sensor's anti-alias filter removes those above its band. */
export function modesBelowNyquist<T extends { hz: number }>(modes: readonly T[], sampleRate: number): T[] {
  return modes.filter((m) => m.hz < 0.45 * sampleRate);
}
