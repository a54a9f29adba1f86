import { Rng } from './random';

/**
 * Coloured noise with no machine in it, for testing that the engine does not hear one: white (flat),
 * pink (-3 dB per octave, Paul Kellet's filter) and brown (-6 dB per octave, leaky integration of
 * white noise). Deterministic by seed; scaled to a chosen RMS.
 */
export const NOISE_COLOURS = ['white', 'pink', 'brown'] as const;
export type NoiseColour = (typeof NOISE_COLOURS)[number];

export function colouredNoise(colour: NoiseColour, seed: number, length: number, rms: number): Float32Array {
  const rng = new Rng(seed);
  const out = new Float64Array(length);
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  let b3 = 0;
  let b4 = 0;
  let b5 = 0;
  let b6 = 0;
  let brown = 0;
  for (let i = 0; i < length; i += 1) {
    const w = rng.gauss();
    if (colour === 'white') out[i] = w;
    else if (colour === 'pink') {
      b0 = 0.99886 * b0 + w * 0.0555179;
      b1 = 0.99332 * b1 + w * 0.0750759;
      b2 = 0.969 * b2 + w * 0.153852;
      b3 = 0.8665 * b3 + w * 0.3104856;
      b4 = 0.55 * b4 + w * 0.5329522;
      b5 = -0.7616 * b5 - w * 0.016898;
      out[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + w * 0.5362;
      b6 = w * 0.115926;
    } else {
      // The leak keeps the walk bounded (a corner near 3 Hz at 16 kHz), like a real microphone's high-pass.
      brown = 0.999 * brown + w;
      out[i] = brown;
    }
  }
  let mean = 0;
  for (let i = 0; i < length; i += 1) mean += out[i]!;
  mean /= Math.max(1, length);
  let sum2 = 0;
  for (let i = 0; i < length; i += 1) sum2 += (out[i]! - mean) ** 2;
  const scale = rms / Math.sqrt(Math.max(sum2 / Math.max(1, length), 1e-30));
  const samples = new Float32Array(length);
  for (let i = 0; i < length; i += 1) samples[i] = Math.max(-1, Math.min(1, (out[i]! - mean) * scale));
  return samples;
}
