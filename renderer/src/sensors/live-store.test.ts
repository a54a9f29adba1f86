import { describe, expect, it } from 'vitest';
import type { SensorLiveFrame, LiveReading } from '../../../shared/contract';
import { downsampleReadings, LiveStore, MAX_SPECTRUM_BINS, SPECTROGRAM_COLUMNS, WAVEFORM_COLUMNS } from './live-store';

const frame = (over: Partial<SensorLiveFrame> = {}): SensorLiveFrame => ({
  deviceId: 'd',
  hostTimeMs: 0,
  state: 'connected',
  audio: { sampleRate: 16_000, samplesPerColumn: 80, min: Array(20).fill(-0.1), max: Array(20).fill(0.1), levelDbfs: -20 },
  spectra: { binHz: 31.25, columns: [Array(256).fill(-60)] },
  vibrationRmsG: null,
  readings: [],
  gaps: [],
  ...over,
});

const reading = (t: number, temperatureC: number | null): LiveReading => ({
  hostTimeMs: t,
  temperatureC,
  vibX: null,
  vibY: null,
  vibZ: null,
  currentA: null,
  powerW: null,
  audioLevelDb: null,
  quality: null,
  suctionKpa: null,
  dischargeKpa: null,
});

describe('live store', () => {
  it('keeps missing sound as blank columns as wide as the time it covers', () => {
    const store = new LiveStore();
    store.push(frame());
    store.push(frame({ gaps: [{ hostTimeMs: 1, stream: 'audio', reason: 'disconnect', missingFrames: null, missingSamples: 16_000 }] }));
    // 20 columns, then 1 s = 200 blank columns, then 20 columns.
    expect(store.waveWritten).toBe(240);
    expect(Number.isNaN(store.waveMin[20]!)).toBe(true);
    expect(Number.isNaN(store.waveMin[219]!)).toBe(true);
    expect(store.waveMin[220]).toBeCloseTo(-0.1);
    // One spectrum, 10 blank columns (1 s), one spectrum.
    expect(store.spectraWritten).toBe(12);
    expect([...store.spectraMissing.subarray(0, 12)]).toEqual([0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(store.spectra[11 * MAX_SPECTRUM_BINS]).toBe(-60);
  });

  it('a gap of unknown size still gets a column of its own; history is bounded', () => {
    const store = new LiveStore();
    store.push(frame({ gaps: [{ hostTimeMs: 1, stream: 'all', reason: 'reboot', missingFrames: null, missingSamples: null }] }));
    expect(Number.isNaN(store.waveMin[0]!)).toBe(true);
    for (let i = 0; i < 200; i += 1) store.push(frame());
    expect(store.spectraWritten).toBeGreaterThan(SPECTROGRAM_COLUMNS);
    expect(store.spectraMissing.every((m) => m === 0)).toBe(true); // the gap's column was overwritten
    expect(store.waveWritten).toBeGreaterThan(WAVEFORM_COLUMNS);
  });

  it('writes several spectra of one merged frame as several columns, in order', () => {
    const store = new LiveStore();
    store.push(frame({ spectra: { binHz: 31.25, columns: [Array(256).fill(-70), Array(256).fill(-50)] } }));
    expect(store.spectraWritten).toBe(2);
    expect(store.spectra[0]).toBe(-70);
    expect(store.spectra[MAX_SPECTRUM_BINS]).toBe(-50);
    expect(store.spectrumBins).toBe(256);
  });

  it('hands charts new arrays, never ones it changes later', () => {
    const store = new LiveStore();
    store.push(frame({ readings: [reading(1, 5)] }));
    const before = Object.freeze(store.readings);
    store.push(frame({ readings: [reading(2, 6)] }));
    expect(before).toHaveLength(1);
    expect(store.readings).toHaveLength(2);
  });

  it('downsamples readings by time bucket, averaging present values only', () => {
    const readings = Array.from({ length: 1000 }, (_, i) => reading(i, i % 2 === 0 ? i : null));
    const out = downsampleReadings(readings, 100);
    expect(out).toHaveLength(100);
    expect(out[0]!.temperatureC).toBe(4); // mean of 0, 2, 4, 6, 8
    expect(out.at(-1)!.hostTimeMs).toBe(999);
  });
});
