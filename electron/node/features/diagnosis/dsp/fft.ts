import FFT from 'fft.js';

/**
 * FFTs through fft.js (radix-4, plain JavaScript, no dependencies, no install step): about 1 ms
 * for a 65,536-point real transform here, which keeps a 10 s clip well inside the 50 ms budget.
 * Plans (twiddle tables) are cached per size: the same few sizes are used over and over.
 */
const plans = new Map<number, FFT>();

export function fftPlan(size: number): FFT {
  let plan = plans.get(size);
  if (!plan) {
    if (!Number.isInteger(Math.log2(size)) || size < 4) throw new RangeError(`FFT size must be a power of two, got ${size}`);
    plan = new FFT(size);
    plans.set(size, plan);
  }
  return plan;
}

export const nextPow2 = (n: number): number => 2 ** Math.ceil(Math.log2(Math.max(4, n)));
export const prevPow2 = (n: number): number => 2 ** Math.floor(Math.log2(Math.max(4, n)));

/**
 * Real transform of `input` (length = size) into `out` (interleaved re/im, length 2 * size);
 * only bins 0..size/2 are meaningful.
 */
export function realFft(input: Float64Array, out: Float64Array): void {
  fftPlan(input.length).realTransform(out, input);
}

/** In-place-sized complex transforms on interleaved arrays of length 2 * size. */
export function complexFft(input: Float64Array, out: Float64Array): void {
  fftPlan(input.length / 2).transform(out, input);
}

export function complexIfft(input: Float64Array, out: Float64Array): void {
  fftPlan(input.length / 2).inverseTransform(out, input);
}

const hannCache = new Map<number, Float64Array>();

/** Periodic Hann window (the right one for spectral analysis), cached per size. */
export function hann(size: number): Float64Array {
  let w = hannCache.get(size);
  if (!w) {
    w = new Float64Array(size);
    for (let i = 0; i < size; i += 1) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size);
    hannCache.set(size, w);
  }
  return w;
}
