import FFT from 'fft.js';
import type { Spectrogram } from '../../../../shared/contract';
import type { WavReader } from './wav-reader';

/** Frequency rows sent to the UI at most: more than a screen shows; higher FFT sizes are pooled. */
const MAX_BINS = 512;
/** Dynamic range shown below the loudest cell. */
const RANGE_DB = 90;

/** An FFT size giving roughly 16 Hz resolution at the recording's rate (256 to 4096). */
export function defaultFftSize(sampleRate: number): number {
  let size = 256;
  while (size < 4096 && sampleRate / size > 16) size *= 2;
  return size;
}

/**
 * A short-time Fourier transform of one channel over [from, to): `columns` Hann-windowed frames
 * centred evenly across the range, magnitudes in dB (0 dB = a full-scale sine for audio; for
 * vibration, relative to 1 g), quantised to bytes over the 90 dB below the loudest cell.
 */
export function spectrogram(
  reader: WavReader,
  request: { fromFrame?: number | undefined; toFrame?: number | undefined; columns: number; fftSize?: number | undefined; channel?: number | undefined },
): Spectrogram {
  const fftSize = request.fftSize ?? defaultFftSize(reader.sampleRate);
  const from = Math.min(reader.frames, request.fromFrame ?? 0);
  const to = Math.max(from, Math.min(reader.frames, request.toFrame ?? reader.frames));
  const channel = Math.min(request.channel ?? 0, reader.channels - 1);
  const columns = to > from ? request.columns : 0;
  const half = fftSize / 2;
  const pool = Math.max(1, Math.ceil(half / MAX_BINS));
  const bins = Math.ceil(half / pool);
  const db = new Float32Array(columns * bins);

  const fft = new FFT(fftSize);
  const window = new Float32Array(fftSize);
  let windowSum = 0;
  for (let i = 0; i < fftSize; i += 1) {
    window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (fftSize - 1));
    windowSum += window[i]!;
  }
  const input = new Array<number>(fftSize).fill(0);
  const out = fft.createComplexArray() as number[];
  const step = (to - from) / Math.max(1, columns);

  // Overlapping windows (zoomed in): read the range once. Sparse ones (zoomed out): read each window.
  const contiguous = to - from + fftSize <= columns * fftSize;
  const spanStart = Math.max(0, from - half);
  const span = contiguous ? reader.readChannel(channel, spanStart, to - from + fftSize) : null;

  let loudest = -Infinity;
  for (let c = 0; c < columns; c += 1) {
    const start = Math.round(from + (c + 0.5) * step) - half;
    const frame = span ? null : reader.readChannel(channel, Math.max(0, start), fftSize);
    for (let i = 0; i < fftSize; i += 1) {
      const at = start + i;
      let v = 0;
      if (at >= 0 && at < reader.frames) v = span ? (span[at - spanStart] ?? 0) : (frame![at - Math.max(0, start)] ?? 0);
      input[i] = v * window[i]!;
    }
    fft.realTransform(out, input);
    for (let b = 0; b < bins; b += 1) {
      let peak = 0;
      for (let k = b * pool; k < Math.min(half, (b + 1) * pool); k += 1) {
        const re = out[2 * k]!;
        const im = out[2 * k + 1]!;
        const mag = re * re + im * im;
        if (mag > peak) peak = mag;
      }
      const amplitude = (2 * Math.sqrt(peak)) / windowSum;
      const value = 20 * Math.log10(amplitude + 1e-12);
      db[c * bins + b] = value;
      if (value > loudest) loudest = value;
    }
  }
  const dbMax = Number.isFinite(loudest) ? Math.ceil(loudest) : 0;
  const dbMin = dbMax - RANGE_DB;
  const levels = Buffer.alloc(db.length);
  for (let i = 0; i < db.length; i += 1) {
    levels[i] = Math.max(0, Math.min(255, Math.round(((db[i]! - dbMin) / RANGE_DB) * 255)));
  }
  return {
    sampleRate: reader.sampleRate,
    fromFrame: from,
    toFrame: to,
    fftSize,
    columns,
    bins,
    maxHz: (bins * pool * reader.sampleRate) / fftSize,
    dbMin,
    dbMax,
    levels: levels.toString('base64'),
  };
}
