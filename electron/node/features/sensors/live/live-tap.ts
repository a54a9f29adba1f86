import FFT from 'fft.js';
import type { LiveGap, SensorLinkState, SensorLiveFrame, LiveReading } from '../../../../../shared/contract/sensors';
import type { StreamMessage } from '../device-stream';
import { VibrationRms } from '../vibration-rms';

/** Waveform columns per second of audio: 200 keeps a 5 s view at one column per pixel on a 1000 px canvas. */
export const COLUMNS_PER_SECOND = 200;
/** At most this many columns per frame: after a stall the UI gets the latest, not a burst. */
const MAX_COLUMNS_PER_FRAME = 100;
export const FFT_SIZE = 1024;
/** Spectrum bins sent: pairs of FFT bins (15.6 Hz each at 16 kHz) merged by their maximum. */
export const SPECTRUM_BINS = 256;
const READINGS_KEPT = 600;
const GAPS_KEPT = 100;
/** dB values are rounded to whole numbers and clipped here: the display's range. */
const FLOOR_DB = -120;

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** Which costly parts a tap computes: only what some page subscribed to. */
export interface TapViews {
  waveform: boolean;
  spectrogram: boolean;
  readings: boolean;
}
export const NO_VIEWS: TapViews = { waveform: false, spectrogram: false, readings: false };

/**
 * Turns one sensor's stream into what the live view draws, so the UI never receives raw samples:
 * per ~100 ms frame, the min/max of each waveform column, one spectrum, the vibration RMS, and the
 * readings and gaps that arrived. Audio work is done only while some page shows the sensor's
 * sound, and only for the views shown; readings and gaps are always kept (a few hundred) so a
 * chart opened late is not empty.
 */
export class LiveTap {
  views: TapViews = NO_VIEWS;
  private readonly readings: LiveReading[] = [];
  private readonly gaps: LiveGap[] = [];
  private newReadings: LiveReading[] = [];
  private newGaps: LiveGap[] = [];
  // Waveform columns.
  private sampleRate = 0;
  private perColumn = 80;
  private colMin = 0;
  private colMax = 0;
  private colCount = 0;
  private mins: number[] = [];
  private maxs: number[] = [];
  private sumSquares = 0;
  private levelCount = 0;
  // Spectrum: the latest FFT_SIZE samples.
  private readonly ring = new Float32Array(FFT_SIZE);
  private ringAt = 0;
  private ringFilled = 0;
  private freshSamples = 0;
  private fft: FFT | null = null;
  private fftOut: number[] = [];
  private readonly fftIn = new Float64Array(FFT_SIZE);
  private readonly window = hann(FFT_SIZE);
  private readonly vibration = new VibrationRms();

  constructor(readonly deviceId: string) {}

  onMessage(message: StreamMessage): void {
    switch (message.type) {
      case 'reading': {
        const point: LiveReading = {
          hostTimeMs: message.hostTimeMs,
          temperatureC: message.temperatureC,
          vibX: message.vibrationG?.x ?? null,
          vibY: message.vibrationG?.y ?? null,
          vibZ: message.vibrationG?.z ?? null,
          currentA: message.currentA,
          powerW: message.powerW,
          audioLevelDb: message.audioLevelDb,
          quality: message.quality,
          suctionKpa: message.suctionKpa,
          dischargeKpa: message.dischargeKpa,
        };
        push(this.readings, point, READINGS_KEPT);
        if (this.newReadings.length < READINGS_KEPT) this.newReadings.push(point);
        break;
      }
      case 'gap': {
        const mark: LiveGap = {
          hostTimeMs: message.hostTimeMs,
          stream: message.stream,
          reason: message.reason,
          missingFrames: message.missingFrames ?? null,
          missingSamples: message.missingSamples ?? null,
        };
        push(this.gaps, mark, GAPS_KEPT);
        if (this.newGaps.length < GAPS_KEPT) this.newGaps.push(mark);
        break;
      }
      case 'audio':
        if (this.views.waveform || this.views.spectrogram) this.addAudio(message.samples, message.sampleRate);
        break;
      case 'vibration':
        if (this.views.readings) this.vibration.add(message.x, message.y, message.z);
        break;
      default:
        break;
    }
  }

  /** Readings and gaps of the last minutes, at most `maxPoints` readings (every n-th kept). */
  recent(maxPoints = 300): { readings: LiveReading[]; gaps: LiveGap[] } {
    const step = Math.max(1, Math.ceil(this.readings.length / maxPoints));
    const readings = step === 1 ? [...this.readings] : this.readings.filter((_, i) => i % step === 0 || i === this.readings.length - 1);
    return { readings, gaps: [...this.gaps] };
  }

  /** Everything since the previous frame; resets the accumulators. */
  take(hostTimeMs: number, state: SensorLinkState): SensorLiveFrame {
    const frame: SensorLiveFrame = {
      deviceId: this.deviceId,
      hostTimeMs,
      state,
      audio:
        this.views.waveform && this.sampleRate > 0 && (this.mins.length > 0 || this.levelCount > 0)
          ? {
              sampleRate: this.sampleRate,
              samplesPerColumn: this.perColumn,
              min: this.mins.slice(-MAX_COLUMNS_PER_FRAME),
              max: this.maxs.slice(-MAX_COLUMNS_PER_FRAME),
              levelDbfs: this.levelCount > 0 ? toDb(Math.sqrt(this.sumSquares / this.levelCount)) : null,
            }
          : null,
      spectra: this.views.spectrogram && this.freshSamples > 0 && this.ringFilled === FFT_SIZE ? this.spectrum() : null,
      vibrationRmsG: roundRms(this.vibration.value()),
      readings: this.newReadings,
      gaps: this.newGaps,
    };
    this.mins = [];
    this.maxs = [];
    this.sumSquares = 0;
    this.levelCount = 0;
    this.freshSamples = 0;
    this.newReadings = [];
    this.newGaps = [];
    this.vibration.reset();
    return frame;
  }

  private addAudio(samples: Int16Array, sampleRate: number): void {
    if (sampleRate !== this.sampleRate) {
      this.sampleRate = sampleRate;
      this.perColumn = Math.max(1, Math.round(sampleRate / COLUMNS_PER_SECOND));
      this.colCount = 0;
    }
    const scale = 1 / 32768;
    let { colMin, colMax, colCount } = this;
    let sumSquares = 0;
    let at = this.ringAt;
    for (let i = 0; i < samples.length; i += 1) {
      const v = samples[i]! * scale;
      if (colCount === 0) {
        colMin = v;
        colMax = v;
      } else {
        if (v < colMin) colMin = v;
        if (v > colMax) colMax = v;
      }
      colCount += 1;
      if (colCount === this.perColumn) {
        this.mins.push(round3(colMin));
        this.maxs.push(round3(colMax));
        colCount = 0;
      }
      sumSquares += v * v;
      this.ring[at] = v;
      at = (at + 1) % FFT_SIZE;
    }
    if (this.mins.length > 4 * MAX_COLUMNS_PER_FRAME) {
      this.mins = this.mins.slice(-MAX_COLUMNS_PER_FRAME);
      this.maxs = this.maxs.slice(-MAX_COLUMNS_PER_FRAME);
    }
    this.colMin = colMin;
    this.colMax = colMax;
    this.colCount = colCount;
    this.ringAt = at;
    this.ringFilled = Math.min(FFT_SIZE, this.ringFilled + samples.length);
    this.freshSamples += samples.length;
    this.sumSquares += sumSquares;
    this.levelCount += samples.length;
  }

  private spectrum(): { binHz: number; columns: number[][] } {
    if (!this.fft) {
      this.fft = new FFT(FFT_SIZE);
      this.fftOut = this.fft.createComplexArray();
    }
    for (let i = 0; i < FFT_SIZE; i += 1) this.fftIn[i] = this.ring[(this.ringAt + i) % FFT_SIZE]! * this.window[i]!;
    this.fft.realTransform(this.fftOut, this.fftIn);
    const out = this.fftOut;
    const perBin = FFT_SIZE / 2 / SPECTRUM_BINS;
    // Amplitude of a full-scale sine reads 0 dBFS: divide by the window's coherent gain.
    const norm = 2 / (FFT_SIZE * 0.5);
    const db: number[] = new Array<number>(SPECTRUM_BINS);
    for (let b = 0; b < SPECTRUM_BINS; b += 1) {
      let peak = 0;
      for (let k = b * perBin; k < (b + 1) * perBin; k += 1) {
        const re = out[2 * k]!;
        const im = out[2 * k + 1]!;
        const mag = Math.sqrt(re * re + im * im) * norm;
        if (mag > peak) peak = mag;
      }
      db[b] = Math.round(toDb(peak));
    }
    return { binHz: (this.sampleRate / FFT_SIZE) * perBin, columns: [db] };
  }
}

function roundRms(rms: { x: number; y: number; z: number } | null) {
  const r = (v: number) => Math.round(v * 10_000) / 10_000;
  return rms === null ? null : { x: r(rms.x), y: r(rms.y), z: r(rms.z) };
}

function toDb(amplitude: number): number {
  return amplitude > 0 ? Math.max(FLOOR_DB, 20 * Math.log10(amplitude)) : FLOOR_DB;
}

function hann(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i += 1) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

function push<T>(list: T[], item: T, limit: number): void {
  list.push(item);
  if (list.length > limit) list.splice(0, list.length - limit);
}
