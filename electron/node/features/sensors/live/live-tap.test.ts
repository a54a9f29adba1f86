import { describe, expect, it } from 'vitest';
import type { AudioChunk } from '../device-stream';
import { COLUMNS_PER_SECOND, FFT_SIZE, LiveTap, SPECTRUM_BINS } from './live-tap';

const ALL = { waveform: true, spectrogram: true, readings: true };

const chunk = (samples: Int16Array, firstSample: number): AudioChunk => ({
  type: 'audio',
  deviceId: 'd',
  deviceTimeUs: 0,
  hostTimeMs: 0,
  sampleRate: 16_000,
  firstSample,
  samples,
});

function sine(hz: number, amplitude: number, n: number, from = 0): Int16Array {
  return Int16Array.from({ length: n }, (_, i) => Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * hz * (from + i)) / 16_000)));
}

describe('live view decimation', () => {
  it('sends min/max columns, a level and a spectrum, never samples', () => {
    const tap = new LiveTap('d');
    tap.views = ALL;
    tap.onMessage(chunk(sine(1000, 0.5, 1600), 0));
    const frame = tap.take(1, 'connected');
    expect(frame.audio!.samplesPerColumn).toBe(16_000 / COLUMNS_PER_SECOND);
    expect(frame.audio!.min).toHaveLength(20);
    expect(Math.max(...frame.audio!.max)).toBeCloseTo(0.5, 2);
    expect(Math.min(...frame.audio!.min)).toBeCloseTo(-0.5, 2);
    expect(frame.audio!.levelDbfs!).toBeCloseTo(20 * Math.log10(0.5 / Math.SQRT2), 1);
    expect(frame.spectra!.columns).toHaveLength(1);
    const { binHz } = frame.spectra!;
    const db = frame.spectra!.columns[0]!;
    expect(db).toHaveLength(SPECTRUM_BINS);
    expect(binHz).toBeCloseTo((16_000 / FFT_SIZE) * 2);
    const peak = db.indexOf(Math.max(...db));
    expect(peak).toBe(Math.floor(1000 / binHz));
    expect(db[peak]).toBeGreaterThan(-8); // about -6 dBFS for amplitude 0.5
    expect(db[peak + 20]).toBeLessThan(db[peak]! - 40);
    // The next frame holds only what came since.
    const next = tap.take(2, 'connected');
    expect(next.audio).toBeNull();
    expect(next.spectra).toBeNull();
  });

  it('computes only the views someone shows', () => {
    const tap = new LiveTap('d');
    tap.views = { waveform: false, spectrogram: true, readings: false };
    tap.onMessage(chunk(sine(1000, 0.5, 1600), 0));
    const frame = tap.take(1, 'connected');
    expect(frame.audio).toBeNull();
    expect(frame.spectra!.columns).toHaveLength(1);
    tap.views = { waveform: true, spectrogram: false, readings: false };
    tap.onMessage(chunk(sine(1000, 0.5, 1600), 1600));
    const next = tap.take(2, 'connected');
    expect(next.audio!.min).toHaveLength(20);
    expect(next.spectra).toBeNull();
  });

  it('does no audio work for a sensor nobody watches, but keeps its readings and gaps', () => {
    const tap = new LiveTap('d');
    tap.onMessage(chunk(sine(100, 0.2, 1600), 0));
    tap.onMessage({ type: 'reading', deviceId: 'd', deviceTimeUs: 0, hostTimeMs: 5, temperatureC: 4, vibrationG: null, currentA: 1, powerW: null, audioLevelDb: null, quality: null, suctionKpa: null, dischargeKpa: null });
    tap.onMessage({ type: 'gap', deviceId: 'd', stream: 'audio', reason: 'stall', hostTimeMs: 6, fromSample: 10, missingSamples: 100 });
    const frame = tap.take(7, 'connected');
    expect(frame.audio).toBeNull();
    expect(frame.readings).toEqual([expect.objectContaining({ temperatureC: 4, currentA: 1, vibX: null })]);
    expect(frame.gaps).toEqual([{ hostTimeMs: 6, stream: 'audio', reason: 'stall', missingFrames: null, missingSamples: 100 }]);
    expect(tap.recent().readings).toHaveLength(1);
  });

  it('bounds a frame after a backlog: the latest columns only', () => {
    const tap = new LiveTap('d');
    tap.views = ALL;
    tap.onMessage(chunk(sine(50, 0.1, 16_000 * 3), 0));
    expect(tap.take(1, 'connected').audio!.min.length).toBeLessThanOrEqual(100);
  });

  it('downsamples the readings history for a chart opened late', () => {
    const tap = new LiveTap('d');
    for (let i = 0; i < 600; i += 1) {
      tap.onMessage({ type: 'reading', deviceId: 'd', deviceTimeUs: i, hostTimeMs: i, temperatureC: i, vibrationG: null, currentA: null, powerW: null, audioLevelDb: null, quality: null, suctionKpa: null, dischargeKpa: null });
    }
    const { readings } = tap.recent(300);
    expect(readings.length).toBeLessThanOrEqual(301);
    expect(readings.at(-1)!.hostTimeMs).toBe(599);
  });
});
