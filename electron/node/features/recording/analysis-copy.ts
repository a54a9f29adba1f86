import fs from 'node:fs';
import { ConverterType, create } from '../../platform/audio/libsamplerate';
import { ANALYSIS_SAMPLE_RATE, toMono } from '../../platform/audio/resample';
import { encodeFloat32Wav } from '../../platform/audio/wav';

/** Input per resampler step: about a second of audio, so the event loop is never held for long. */
const STEP_FRAMES = 48_000;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The same libsamplerate sinc conversion as `resample()`, fed a second at a time with a pause for
 * the event loop between steps: a minute of 48 kHz audio costs about a second of CPU, and the
 * back end must keep syncing live recordings meanwhile. The converter keeps its state between
 * steps (libsamplerate's "full" API), and zeros pushed through at the end flush its filter, so the
 * result has exactly `round(n × to / from)` samples.
 */
export async function resampleInSteps(samples: Float32Array, fromRate: number, toRate: number): Promise<Float32Array> {
  if (fromRate === toRate || samples.length === 0) return samples;
  let peak = 0;
  for (let i = 0; i < samples.length; i += 1) peak = Math.max(peak, Math.abs(samples[i]!));
  // The wrapper wants samples within (-1, 1); vibration in g can exceed it. Linear, so scale and undo.
  const scale = peak >= 0.99 ? 0.99 / peak : 1;
  const expected = Math.round((samples.length * toRate) / fromRate);
  const out = new Float32Array(expected);
  let written = 0;
  const converter = await create(1, fromRate, toRate, { converterType: ConverterType.SRC_SINC_MEDIUM_QUALITY });
  try {
    const push = (block: Float32Array) => {
      const input = scale === 1 ? block : block.map((v) => v * scale);
      const produced = converter.full(input);
      const take = Math.min(produced.length, expected - written);
      if (take > 0) out.set(produced.subarray(0, take), written);
      written += Math.max(0, take);
    };
    for (let start = 0; start < samples.length; start += STEP_FRAMES) {
      push(samples.subarray(start, Math.min(samples.length, start + STEP_FRAMES)));
      await yieldToEventLoop();
    }
    // Flush the filter's delay line with silence until every expected sample is out.
    for (let guard = 0; written < expected && guard < 64; guard += 1) push(new Float32Array(Math.ceil(fromRate / 10)));
  } finally {
    converter.destroy();
  }
  if (scale !== 1) for (let i = 0; i < out.length; i += 1) out[i]! /= scale;
  return out;
}

/** Writes the analysis copy of a recording (mono, 16 kHz, 32-bit float WAV) to `file`. */
export async function writeAnalysisCopy(channels: readonly Float32Array[], sampleRate: number, file: string): Promise<void> {
  const mono = await resampleInSteps(toMono(channels), sampleRate, ANALYSIS_SAMPLE_RATE);
  await fs.promises.writeFile(file, encodeFloat32Wav([mono], ANALYSIS_SAMPLE_RATE));
}

/** True when a recording's own file already is the analysis representation. */
export const isAnalysisReady = (sampleRate: number, channels: number) => sampleRate === ANALYSIS_SAMPLE_RATE && channels === 1;
