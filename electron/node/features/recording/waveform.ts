import type { Waveform } from '../../../../shared/contract';
import type { WavReader } from './wav-reader';

/** Frames per overview block: the coarsest detail kept for whole-recording views. */
export const OVERVIEW_BLOCK = 256;
/** Ranges up to this many frames are read sample by sample; longer ones use the overview. */
const RAW_LIMIT = 4 * 1024 * 1024;
const READ_FRAMES = 256 * 1024;

/** Min and max of each block of OVERVIEW_BLOCK frames of one channel. */
export interface Overview {
  frames: number;
  mins: Float32Array;
  maxs: Float32Array;
}

export function buildOverview(reader: WavReader, channel: number): Overview {
  const blocks = Math.ceil(reader.frames / OVERVIEW_BLOCK);
  const mins = new Float32Array(blocks);
  const maxs = new Float32Array(blocks);
  for (let start = 0; start < reader.frames; start += READ_FRAMES) {
    const samples = reader.readChannel(channel, start, READ_FRAMES);
    for (let i = 0; i < samples.length; i += OVERVIEW_BLOCK) {
      let lo = Infinity;
      let hi = -Infinity;
      const end = Math.min(samples.length, i + OVERVIEW_BLOCK);
      for (let j = i; j < end; j += 1) {
        const v = samples[j]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const b = (start + i) / OVERVIEW_BLOCK;
      mins[b] = lo;
      maxs[b] = hi;
    }
  }
  return { frames: reader.frames, mins, maxs };
}

/**
 * Min/max decimation for drawing: each bucket's extremes, so a peak one sample wide still shows
 * at any zoom. Short ranges are computed from the samples; long ones from the overview, at block
 * precision (a bucket then covers whole blocks, which the eye cannot tell apart).
 */
export function waveform(
  reader: WavReader,
  request: { fromFrame?: number | undefined; toFrame?: number | undefined; buckets: number; channel?: number | undefined },
  overview: () => Overview,
): Waveform {
  const from = Math.min(reader.frames, request.fromFrame ?? 0);
  const to = Math.max(from, Math.min(reader.frames, request.toFrame ?? reader.frames));
  const span = to - from;
  const buckets = Math.max(0, Math.min(request.buckets, span));
  const channel = Math.min(request.channel ?? 0, reader.channels - 1);
  const min = new Array<number>(buckets).fill(0);
  const max = new Array<number>(buckets).fill(0);
  const perBucket = buckets > 0 ? span / buckets : 0;

  if (buckets > 0 && span > RAW_LIMIT && perBucket >= OVERVIEW_BLOCK) {
    const o = overview();
    for (let b = 0; b < buckets; b += 1) {
      const first = Math.floor((from + b * perBucket) / OVERVIEW_BLOCK);
      const last = Math.max(first + 1, Math.ceil((from + (b + 1) * perBucket) / OVERVIEW_BLOCK));
      let lo = Infinity;
      let hi = -Infinity;
      for (let k = first; k < Math.min(last, o.mins.length); k += 1) {
        if (o.mins[k]! < lo) lo = o.mins[k]!;
        if (o.maxs[k]! > hi) hi = o.maxs[k]!;
      }
      min[b] = Number.isFinite(lo) ? lo : 0;
      max[b] = Number.isFinite(hi) ? hi : 0;
    }
  } else if (buckets > 0) {
    let b = 0;
    let lo = Infinity;
    let hi = -Infinity;
    let bucketEnd = from + perBucket;
    for (let start = from; start < to; start += READ_FRAMES) {
      const samples = reader.readChannel(channel, start, Math.min(READ_FRAMES, to - start));
      for (let j = 0; j < samples.length; j += 1) {
        const frame = start + j;
        while (frame >= bucketEnd && b < buckets - 1) {
          min[b] = Number.isFinite(lo) ? lo : 0;
          max[b] = Number.isFinite(hi) ? hi : 0;
          b += 1;
          lo = Infinity;
          hi = -Infinity;
          bucketEnd = from + (b + 1) * perBucket;
        }
        const v = samples[j]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    min[b] = Number.isFinite(lo) ? lo : 0;
    max[b] = Number.isFinite(hi) ? hi : 0;
  }
  return { sampleRate: reader.sampleRate, channels: reader.channels, frames: reader.frames, fromFrame: from, toFrame: to, framesPerBucket: perBucket, min, max };
}
