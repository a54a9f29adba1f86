import type { LiveGap, SensorLinkState, SensorLiveFrame, LiveReading } from '../../../shared/contract/sensors';

/** Waveform history: 5 s at 200 columns a second (the back end's decimation). */
const WAVEFORM_COLUMNS_PER_SECOND = 200;
export const WAVEFORM_COLUMNS = 5 * WAVEFORM_COLUMNS_PER_SECOND;
/** Spectrogram history: 10 s at 10 columns a second (one per 100 ms of sound). */
const SPECTRA_PER_SECOND = 10;
export const SPECTROGRAM_COLUMNS = 10 * SPECTRA_PER_SECOND;
/** The most spectrum bins a column keeps (the back end sends 256). */
export const MAX_SPECTRUM_BINS = 512;
const READINGS_KEPT = 1200;
const GAPS_KEPT = 50;

/**
 * The live view's memory of one sensor, fed by `sensors.live` frames (already decimated by the
 * back end). Waveform columns and spectra live in fixed rings with a running count of what was
 * ever written, so a canvas draws only what is new since it last drew, and nothing is allocated
 * per frame. React re-renders only for readings, about once a second. A gap is kept as blank
 * columns as wide as the data that is missing, so the drawing shows it rather than joining the
 * two sides.
 */
export class LiveStore {
  readonly waveMin = new Float32Array(WAVEFORM_COLUMNS);
  /** NaN in both: a column of sound that did not arrive. */
  readonly waveMax = new Float32Array(WAVEFORM_COLUMNS);
  /** Total columns ever written: ring index = written % WAVEFORM_COLUMNS. */
  waveWritten = 0;
  sampleRate: number | null = null;
  levelDbfs: number | null = null;

  /** Spectra, one row of `spectrumBins` dB values per column; ring index = spectraWritten % SPECTROGRAM_COLUMNS. */
  readonly spectra = new Float32Array(SPECTROGRAM_COLUMNS * MAX_SPECTRUM_BINS);
  /** 1: the column is a gap (no sound arrived for it). */
  readonly spectraMissing = new Uint8Array(SPECTROGRAM_COLUMNS);
  spectraWritten = 0;
  spectrumBins = 0;
  binHz = 0;

  readings: LiveReading[] = [];
  gaps: LiveGap[] = [];
  state: SensorLinkState = 'connecting';
  vibrationRmsG: { x: number; y: number; z: number } | null = null;
  /** Bumped on every change, so subscribers can skip work when nothing moved. */
  version = 0;
  /** Bumped when readings or gaps changed: what charts and values depend on. */
  readingsVersion = 0;
  private readonly listeners = new Set<() => void>();

  /** Told after every change (canvases schedule one animation frame; nothing runs while nothing arrives). */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }

  seed(readings: LiveReading[], gaps: LiveGap[]): void {
    this.readings = readings.slice(-READINGS_KEPT);
    this.gaps = gaps.slice(-GAPS_KEPT);
    this.readingsVersion += 1;
    this.changed();
  }

  push(frame: SensorLiveFrame): void {
    this.state = frame.state;
    let soundMissing = false;
    let missingSamples = 0;
    for (const gap of frame.gaps) {
      if (gap.stream === 'audio' || gap.stream === 'all') soundMissing = true;
      if (gap.stream === 'audio' && gap.missingSamples !== null && missingSamples === 0) missingSamples = gap.missingSamples;
    }
    if (soundMissing) {
      // Missing sound keeps its width: blank (NaN) columns for the samples that did not arrive,
      // one when the count is unknown, so the time axis is never squeezed around a gap.
      const rate = frame.audio?.sampleRate ?? this.sampleRate;
      const seconds = rate ? missingSamples / rate : 0;
      const blank = Math.max(1, Math.min(WAVEFORM_COLUMNS, Math.round(seconds * WAVEFORM_COLUMNS_PER_SECOND)));
      for (let i = 0; i < blank; i += 1) {
        const at = this.waveWritten % WAVEFORM_COLUMNS;
        this.waveMin[at] = Number.NaN;
        this.waveMax[at] = Number.NaN;
        this.waveWritten += 1;
      }
      const blankSpectra = Math.max(1, Math.min(SPECTROGRAM_COLUMNS, Math.round(seconds * SPECTRA_PER_SECOND)));
      for (let i = 0; i < blankSpectra; i += 1) {
        this.spectraMissing[this.spectraWritten % SPECTROGRAM_COLUMNS] = 1;
        this.spectraWritten += 1;
      }
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
    if (frame.spectra) {
      this.binHz = frame.spectra.binHz;
      for (const column of frame.spectra.columns) {
        const bins = Math.min(MAX_SPECTRUM_BINS, column.length);
        this.spectrumBins = bins;
        const at = this.spectraWritten % SPECTROGRAM_COLUMNS;
        const row = at * MAX_SPECTRUM_BINS;
        for (let b = 0; b < bins; b += 1) this.spectra[row + b] = column[b]!;
        this.spectraMissing[at] = 0;
        this.spectraWritten += 1;
      }
    }
    if (frame.vibrationRmsG) this.vibrationRmsG = frame.vibrationRmsG;
    // New arrays, never mutated ones: charts keep (and freeze) what they were given.
    if (frame.readings.length > 0) this.readings = this.readings.concat(frame.readings).slice(-READINGS_KEPT);
    if (frame.gaps.length > 0) this.gaps = this.gaps.concat(frame.gaps).slice(-GAPS_KEPT);
    if (frame.readings.length > 0 || frame.gaps.length > 0) this.readingsVersion += 1;
    this.changed();
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
