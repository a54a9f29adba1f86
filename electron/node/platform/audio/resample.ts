import { ConverterType, create } from './libsamplerate';

/** Every analysis runs on one representation: mono, 16 kHz (the sensor microphone's own rate). */
export const ANALYSIS_SAMPLE_RATE = 16_000;

/**
 * libsamplerate-js refuses rates above 192 kHz, though the converter itself only cares about the
 * ratio (up to 256 either way). Ultrasonic leak recorders write 192-768 kHz WAVs, which the file
 * readers accept (wav.ts MAX_SAMPLE_RATE), so both rates are scaled down by the same factor:
 * the same ratio, the same filter, the same output (issue 14).
 */
export const RESAMPLER_MAX_RATE = 192_000;
/** libsamplerate's SRC_MAX_RATIO: the largest factor it converts by in either direction. */
export const RESAMPLER_MAX_RATIO = 256;

/** Averages channels into one. A single channel is returned as it is (no copy). */
export function toMono(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return first;
  const out = new Float32Array(first.length);
  for (const channel of channels) for (let i = 0; i < out.length; i += 1) out[i]! += channel[i]!;
  const scale = 1 / channels.length;
  for (let i = 0; i < out.length; i += 1) out[i]! *= scale;
  return out;
}

/**
 * Band-limited sample-rate conversion with libsamplerate's sinc converter (a WebAssembly build):
 * a proper anti-aliasing filter, so a 48 kHz recording's energy above 8 kHz does not fold back
 * into the 16 kHz analysis copy as false tones.
 *
 * libsamplerate's JS wrapper expects samples within (-1, 1); vibration in g can exceed that, so
 * the signal is scaled into range and back, which a linear filter allows.
 */
export async function resample(samples: Float32Array, fromRate: number, toRate: number): Promise<Float32Array> {
  if (fromRate === toRate || samples.length === 0) return samples;
  let peak = 0;
  for (let i = 0; i < samples.length; i += 1) peak = Math.max(peak, Math.abs(samples[i]!));
  const scale = peak >= 0.99 ? 0.99 / peak : 1;
  const input = scale === 1 ? samples : samples.map((v) => v * scale);
  if (Math.max(fromRate, toRate) / Math.min(fromRate, toRate) > RESAMPLER_MAX_RATIO) {
    throw new RangeError(`Cannot convert ${fromRate} Hz to ${toRate} Hz: more than ${RESAMPLER_MAX_RATIO} times apart.`);
  }
  const factor = Math.max(1, Math.max(fromRate, toRate) / RESAMPLER_MAX_RATE);
  const converter = await create(1, fromRate / factor, toRate / factor, { converterType: ConverterType.SRC_SINC_MEDIUM_QUALITY });
  try {
    const output = converter.simple(input);
    // The wrapper's output array belongs to the WebAssembly memory it frees on destroy: copy it.
    const result = new Float32Array(output);
    if (scale !== 1) for (let i = 0; i < result.length; i += 1) result[i]! /= scale;
    return result;
  } finally {
    converter.destroy();
  }
}

/** The analysis copy of a recording: mono at 16 kHz. */
export async function analysisCopy(channels: readonly Float32Array[], sampleRate: number): Promise<Float32Array> {
  return resample(toMono(channels), sampleRate, ANALYSIS_SAMPLE_RATE);
}
