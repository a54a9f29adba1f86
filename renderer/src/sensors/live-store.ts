import type { LiveGap, SensorLinkState, SensorLiveFrame, LiveReading } from '../../../shared/contract/sensors';

/** Waveform history: 5 s at 200 columns a second (the back end's decimation). */
const WAVEFORM_COLUMNS_PER_SECOND = 200;
export const WAVEFORM_COLUMNS = 5 * WAVEFORM_COLUMNS_PER_SECOND;
/** Spectrogram history: 10 s at 10 columns a second (one per live frame). */
const SPECTRA_PER_SECOND = 10;
export const SPECTROGRAM_COLUMNS = 10 * SPECTRA_PER_SECOND;
const READINGS_KEPT = 1200;
const GAPS_KEPT = 50;

/**
 * The live view's memory of one sensor, fed by `sensors.live` frames (already decimated by the
 * back end). Canvases read the rings directly on each animation frame; React re-renders only for
 * readings, at a few hertz. A gap is kept as blank columns as wide as the data that is missing,
 * so the drawing shows it rather than joining the two sides.
 */
export class LiveStore {
  readonly waveMin = new Float32Array(WAVEFORM_COLUMNS);
  /** NaN in both: a column of sound that did not arrive. */
  readonly waveMax = new Float32Array(WAVEFORM_COLUMNS);
  /** Total columns ever written: ring index = written % WAVEFORM_COLUMNS. */
  waveWritten = 0;
  sampleRate: number | null = null;
  levelDbfs: number | null = null;

  spectrum: (number[] | null)[] = [];
  binHz = 0;

  readings: LiveReading[] = [];
  gaps: LiveGap[] = [];
  state: SensorLinkState = 'connecting';
  vibrationRmsG: { x: number; y: number; z: number } | null = null;
  /** Bumped on every change, so subscribers can skip work when nothing moved. */
  version = 0;
  private readonly listeners = new Set<() => void>();

  seed(readings: LiveReading[], gaps: LiveGap[]): void {
    this.readings = readings.slice(-READINGS_KEPT);
    this.gaps = gaps.slice(-GAPS_KEPT);
    this.changed();
  }

  push(frame: SensorLiveFrame): void {
    this.state = frame.state;
    if (frame.gaps.some((g) => g.stream === 'audio' || g.stream === 'all')) {
      // Missing sound keeps its width: blank (NaN) columns for the samples that did not arrive,
      // one when the count is unknown, so the time axis is never squeezed around a gap.
      const missing = frame.gaps.find((g) => g.stream === 'audio' && g.missingSamples !== null)?.missingSamples ?? 0;
      const rate = frame.audio?.sampleRate ?? this.sampleRate;
      const seconds = rate ? missing / rate : 0;
      const blank = Math.max(1, Math.min(WAVEFORM_COLUMNS, Math.round(seconds * WAVEFORM_COLUMNS_PER_SECOND)));
      for (let i = 0; i < blank; i += 1) {
        const at = this.waveWritten % WAVEFORM_COLUMNS;
        this.waveMin[at] = Number.NaN;
        this.waveMax[at] = Number.NaN;
        this.waveWritten += 1;
      }
      const blankSpectra = Math.max(1, Math.min(SPECTROGRAM_COLUMNS, Math.round(seconds * SPECTRA_PER_SECOND)));
      for (let i = 0; i < blankSpectra; i += 1) this.spectrum.push(null);
    }
    if (frame.audio) {
      this.sampleRate = frame.audio.sampleRate;
      this.levelDbfs = frame.audio.levelDbfs;
      const { min, max } = frame.audio;
      for (let i = 0; i < min.length; i += 1) {
        const at = this.waveWritten % WAVEFORM_COLUMNS;
        this.waveMin[at] = min[i]!;
        this.waveMax[at] = max[i]!;
        this.waveWritten += 1;
      }
    }
    if (frame.spectrum) {
      this.binHz = frame.spectrum.binHz;
      this.spectrum.push(frame.spectrum.db);
    }
    if (this.spectrum.length > SPECTROGRAM_COLUMNS) this.spectrum.splice(0, this.spectrum.length - SPECTROGRAM_COLUMNS);
    if (frame.vibrationRmsG) this.vibrationRmsG = frame.vibrationRmsG;
    // New arrays, never mutated ones: charts keep (and freeze) what they were given.
    if (frame.readings.length > 0) this.readings = [...this.readings, ...frame.readings].slice(-READINGS_KEPT);
    if (frame.gaps.length > 0) this.gaps = [...this.gaps, ...frame.gaps].slice(-GAPS_KEPT);
    this.changed();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.version += 1;
    for (const l of this.listeners) l();
  }
}

/**
 * At most `maxPoints` points for a chart: the readings are cut into equal time buckets and each
 * bucket is averaged, field by field (nulls are absent values, not zeros).
 */
export function downsampleReadings(readings: LiveReading[], maxPoints: number): LiveReading[] {
  if (readings.length <= maxPoints) return readings;
  const size = Math.ceil(readings.length / maxPoints);
  const out: LiveReading[] = [];
  const keys = ['temperatureC', 'vibX', 'vibY', 'vibZ', 'currentA', 'powerW', 'audioLevelDb', 'quality'] as const;
  for (let start = 0; start < readings.length; start += size) {
    const bucket = readings.slice(start, start + size);
    const point: LiveReading = { ...bucket[bucket.length - 1]! };
    for (const key of keys) {
      const values = bucket.map((r) => r[key]).filter((v): v is number => v !== null);
      point[key] = values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
    }
    out.push(point);
  }
  return out;
}
