/**
 * Second-order IIR sections (the audio-EQ cookbook forms), stateful so that a signal can be
 * filtered in chunks with the same result as in one piece: the synthesizer streams through them,
 * and feature extraction uses them for high-pass filtering.
 */
export interface BiquadCoefficients {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

export type BiquadKind = 'lowpass' | 'highpass' | 'bandpass';

export function biquadCoefficients(kind: BiquadKind, hz: number, q: number, sampleRate: number): BiquadCoefficients {
  const f = Math.min(hz, 0.49 * sampleRate);
  const w0 = (2 * Math.PI * f) / sampleRate;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  const a0 = 1 + alpha;
  let b0: number;
  let b1: number;
  let b2: number;
  if (kind === 'lowpass') {
    b0 = (1 - cos) / 2;
    b1 = 1 - cos;
    b2 = (1 - cos) / 2;
  } else if (kind === 'highpass') {
    b0 = (1 + cos) / 2;
    b1 = -(1 + cos);
    b2 = (1 + cos) / 2;
  } else {
    // Constant 0 dB peak gain band-pass.
    b0 = alpha;
    b1 = 0;
    b2 = -alpha;
  }
  return { b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

/**
 * A peaking equaliser (the cookbook's peakingEQ): `gainDb` at `hz`, unity far from it. Used for a
 * microphone capsule's presence peak.
 */
export function peakingCoefficients(hz: number, q: number, gainDb: number, sampleRate: number): BiquadCoefficients {
  const f = Math.min(hz, 0.49 * sampleRate);
  const w0 = (2 * Math.PI * f) / sampleRate;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  const a = 10 ** (gainDb / 40);
  const a0 = 1 + alpha / a;
  return { b0: (1 + alpha * a) / a0, b1: (-2 * cos) / a0, b2: (1 - alpha * a) / a0, a1: (-2 * cos) / a0, a2: (1 - alpha / a) / a0 };
}

export class Biquad {
  private z1 = 0;
  private z2 = 0;

  constructor(private c: BiquadCoefficients) {}

  static of(kind: BiquadKind, hz: number, q: number, sampleRate: number): Biquad {
    return new Biquad(biquadCoefficients(kind, hz, q, sampleRate));
  }

  /** Transposed direct form II: one sample in, one out. */
  step(x: number): number {
    const { b0, b1, b2, a1, a2 } = this.c;
    const y = b0 * x + this.z1;
    this.z1 = b1 * x - a1 * y + this.z2;
    this.z2 = b2 * x - a2 * y;
    return y;
  }

  /** Filters `input` into `output` (may be the same array). */
  run(input: ArrayLike<number>, output: { [i: number]: number; length: number }): void {
    for (let i = 0; i < input.length; i += 1) output[i] = this.step(input[i]!);
  }
}

/** A high-passed copy (two cascaded sections: 24 dB/octave), e.g. to isolate impacts from hum. */
export function highPassed(signal: Float32Array, hz: number, sampleRate: number): Float32Array {
  const out = new Float32Array(signal.length);
  const a = Biquad.of('highpass', hz, Math.SQRT1_2, sampleRate);
  const b = Biquad.of('highpass', hz, Math.SQRT1_2, sampleRate);
  for (let i = 0; i < signal.length; i += 1) out[i] = b.step(a.step(signal[i]!));
  return out;
}
