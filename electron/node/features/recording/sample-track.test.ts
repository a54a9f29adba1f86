import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeWav } from '../../platform/audio/wav';
import { tempDir } from '../../testing/fixtures';
import { DeviceClock } from './device-clock';
import { ReadingsWriter } from './readings-writer';
import { SampleTrack } from './sample-track';
import { WavAppender } from './wav-appender';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

const RATE = 1000; // 1 ms per sample keeps the arithmetic readable
const T0 = 1_800_000_000_000_000;

function track(maxFrames: number | null = null) {
  const file = path.join(dir, `t-${Math.random()}.wav`);
  const appender = WavAppender.create(file, { encoding: 'pcm', bitsPerSample: 16, channels: 1, sampleRate: RATE });
  return { t: new SampleTrack(appender, RATE, 1, maxFrames), file };
}

/** A chunk of `n` samples whose values are their indices, placed as a sensor would. */
const chunk = (index: number, n: number, value = index) => Int16Array.from({ length: n }, (_, i) => value + i);
const at = (index: number, epoch = 0, shiftUs = 0) => ({ index, tUs: T0 + index * 1000 + shiftUs, epoch });

const samplesOf = async (t: SampleTrack, file: string) => {
  await t.appender.finalize();
  return Array.from(decodeWav(fs.readFileSync(file), 'x').channels[0]!, (v) => Math.round(v * 32768));
};

describe('SampleTrack', () => {
  it('writes consecutive chunks as one run and starts the timeline at the first sample', async () => {
    const { t, file } = track();
    t.accept(at(0), chunk(0, 100));
    t.accept(at(100), chunk(100, 100));
    expect(t.startUs).toBe(T0);
    expect(t.gaps).toEqual([]);
    expect(await samplesOf(t, file)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('marks lost samples as a gap where they belong, with the reason the link gave, and never fills them', async () => {
    const { t, file } = track();
    t.accept(at(0), chunk(0, 100));
    t.expectGap('corrupt');
    t.accept(at(150), chunk(150, 50));
    expect(t.gaps).toEqual([{ atFrame: 100, missingFrames: 50, reason: 'corrupt', startUs: T0 + 100_000, endUs: T0 + 150_000 }]);
    expect(t.missingFrames).toBe(50);
    const samples = await samplesOf(t, file);
    expect(samples).toHaveLength(150);
    expect(samples[100]).toBe(150);
  });

  it('drops a repeated chunk, and the repeated part of an overlapping one', async () => {
    const { t, file } = track();
    t.accept(at(0), chunk(0, 100));
    t.accept(at(0), chunk(0, 100));
    t.accept(at(50), chunk(50, 100));
    expect(t.duplicateChunks).toBe(1);
    expect(t.gaps).toEqual([]);
    expect(await samplesOf(t, file)).toEqual(Array.from({ length: 150 }, (_, i) => i));
  });

  it('places a stream that restarted its numbering (a reconnect) by device time, counting the hole', async () => {
    const { t } = track();
    t.accept(at(0), chunk(0, 100));
    t.expectGap('disconnect');
    // Numbering back at 0, but 2 s later on the device clock.
    t.accept({ index: 0, tUs: T0 + 2_100_000, epoch: 0 }, chunk(0, 100, 5000));
    expect(t.gaps).toEqual([{ atFrame: 100, missingFrames: 2000, reason: 'disconnect', startUs: T0 + 100_000, endUs: T0 + 2_100_000 }]);
    t.accept({ index: 100, tUs: T0 + 2_200_000, epoch: 0 }, chunk(100, 100));
    expect(t.gaps).toHaveLength(1);
    expect(t.framesWritten).toBe(300);
  });

  it('marks a reboot even when the times would overlap', () => {
    const { t } = track();
    t.accept(at(0), chunk(0, 100));
    t.accept({ index: 0, tUs: T0 + 50_000, epoch: 1 }, chunk(0, 10));
    expect(t.gaps).toEqual([{ atFrame: 100, missingFrames: null, reason: 'reboot', startUs: T0 + 100_000, endUs: T0 + 50_000 }]);
  });

  it('takes exactly its fixed length of timeline, gaps included', async () => {
    const { t, file } = track(300);
    t.accept(at(0), chunk(0, 100));
    t.accept(at(150), chunk(150, 100)); // 50 lost
    expect(t.full).toBe(false);
    t.accept(at(250), chunk(250, 100));
    expect(t.full).toBe(true);
    t.accept(at(350), chunk(350, 100));
    // 100 + (50 missing) + 100 + the 50 that still fit = 300 frames of timeline, 250 of them samples.
    expect(await samplesOf(t, file)).toHaveLength(250);
  });

  it('closes a drop-out the stream never came back from as an open-ended gap', () => {
    const { t } = track();
    t.accept(at(0), chunk(0, 100));
    t.expectGap('disconnect');
    t.closePendingGap();
    expect(t.gaps).toEqual([{ atFrame: 100, missingFrames: null, reason: 'disconnect', startUs: T0 + 100_000, endUs: null }]);
  });

  it('measures the peak and counts clipped samples', () => {
    const { t } = track();
    t.accept(at(0), Int16Array.of(100, -32768, 32767, 16384));
    expect(t.peak).toBe(1);
    expect(t.clippedSamples).toBe(2);
    expect(t.takeLevel()).toEqual({ peak: 1, clipped: true });
    expect(t.takeLevel()).toEqual({ peak: 0, clipped: false });
  });
});

describe('DeviceClock', () => {
  it('keeps one offset per boot, so all streams of a sensor share its timeline', () => {
    const clock = new DeviceClock();
    const first = clock.place(5_000_000, 1_800_000_000_000);
    // The same device instant reported later (transport delay) maps to the same timeline point.
    expect(clock.place(5_000_000, 1_800_000_000_900).tUs).toBe(first.tUs);
    expect(clock.place(6_000_000, 1_800_000_001_300).tUs).toBe(first.tUs + 1_000_000);
  });

  it('starts a new epoch when the sensor reboots, noticed or not', () => {
    const clock = new DeviceClock();
    clock.place(60_000_000, 1_800_000_000_000);
    const afterReboot = clock.place(10_000, 1_800_000_005_000);
    expect(afterReboot).toMatchObject({ epoch: 1, rebooted: true, tUs: 1_800_000_005_000_000 });
    clock.noteReboot();
    expect(clock.place(20_000_000, 1_800_000_009_000).epoch).toBe(2);
    // Streams interleave a little out of order: that is not a reboot.
    expect(clock.place(19_500_000, 1_800_000_009_100).epoch).toBe(2);
  });
});

describe('ReadingsWriter', () => {
  it('keeps time strictly increasing and marks long silences as gaps', () => {
    const w = new ReadingsWriter(1, 100_000);
    const row = (tUs: number) => ({ tUs, temperatureC: 4, vibXG: null, vibYG: null, vibZG: null, currentA: null, powerW: null, audioLevelDb: null, quality: null });
    w.add(row(1000));
    w.add(row(1000));
    w.add(row(900));
    w.add(row(5_000_000));
    expect(w.take().map((r) => r.tUs)).toEqual([1000, 1001, 1002, 5_000_000]);
    expect(w.gaps).toEqual([{ atFrame: 3, missingFrames: 49, reason: 'stall', startUs: 1002, endUs: 5_000_000 }]);
    w.expectGap('disconnect');
    w.add(row(5_100_000));
    expect(w.gaps).toHaveLength(1);
    w.expectGap('disconnect');
    w.add(row(6_000_000));
    expect(w.gaps[1]).toMatchObject({ reason: 'disconnect', missingFrames: 8 });
  });
});
