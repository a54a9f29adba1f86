import type { GapReason, RecordingGap } from '../../../../shared/contract';
import type { WavAppender } from './wav-appender';

/** Where a chunk belongs: its first sample's index in its stream, its time on the session timeline, and the sensor's boot. */
export interface Placement {
  index: number;
  tUs: number;
  epoch: number;
}

export type Interleaved = Int16Array | Float32Array;

/**
 * Two chunks whose indices and times disagree by more than this belong to different runs of the
 * stream (a reconnect restarted the indices, or the sensor rebooted).
 */
const CONSISTENCY_TOLERANCE_US = 250_000;

/**
 * One sample stream of a recording (a sensor's audio or vibration, a microphone), written to its
 * WAV as chunks arrive. It keeps the stream honest:
 *
 * - a chunk that repeats samples already written (a retransmission) is dropped, in part or whole;
 * - samples that never arrived become a gap at the place they belong, with how many and why (the
 *   reason the sensor link gave, if any), never filler;
 * - a stream that restarts (indices back to zero after a reconnect, or a reboot) is placed by its
 *   device time, and the hole before it is a gap too;
 * - a fixed-length recording takes exactly its length of timeline, gaps included.
 */
export class SampleTrack {
  startUs: number | null = null;
  readonly gaps: RecordingGap[] = [];
  peak = 0;
  clippedSamples = 0;
  duplicateChunks = 0;
  missingFrames = 0;
  /** Peak since the last `takePeak()` (level meter). */
  private recentPeak = 0;
  private recentClipped = false;
  private last: { index: number; tUs: number; epoch: number; frames: number } | null = null;
  private timelineFrames = 0;
  private pending: GapReason | null = null;

  constructor(
    readonly appender: WavAppender,
    readonly sampleRate: number,
    readonly channels: number,
    readonly maxFrames: number | null,
  ) {}

  get framesWritten(): number {
    return this.appender.frames;
  }

  get full(): boolean {
    return this.maxFrames !== null && this.timelineFrames >= this.maxFrames;
  }

  /** The next gap found is labelled with this reason (the sensor link said why data is missing). */
  expectGap(reason: GapReason): void {
    this.pending = reason;
  }

  /** Forgets an expected gap that did not happen (the next chunk followed on). */
  clearExpectedGap(): void {
    this.pending = null;
  }

  /**
   * Writes a chunk of interleaved samples. Throws AppendError when the disk refuses it (what was
   * written before stays valid).
   */
  accept(p: Placement, data: Interleaved): void {
    if (this.full) return;
    let frames = data.length / this.channels;
    let placed = p;
    let samples = data;
    const last = this.last;
    if (last === null) {
      this.startUs = p.tUs;
    } else {
      const expectedIndex = last.index + last.frames;
      const expectedUs = last.tUs + (last.frames * 1e6) / this.sampleRate;
      const predictedUs = last.tUs + ((p.index - last.index) * 1e6) / this.sampleRate;
      const sameRun = p.epoch === last.epoch && Math.abs(p.tUs - predictedUs) <= CONSISTENCY_TOLERANCE_US;
      if (sameRun && p.index < expectedIndex) {
        const overlap = expectedIndex - p.index;
        if (overlap >= frames) {
          this.duplicateChunks += 1;
          return;
        }
        samples = data.subarray(overlap * this.channels);
        frames -= overlap;
        placed = { index: expectedIndex, tUs: p.tUs + (overlap * 1e6) / this.sampleRate, epoch: p.epoch };
      } else if (sameRun && p.index > expectedIndex) {
        this.addGap(p.index - expectedIndex, 'sequence', expectedUs, p.tUs);
      } else if (!sameRun) {
        const missing = Math.round(((p.tUs - expectedUs) * this.sampleRate) / 1e6);
        this.addGap(missing > 0 ? missing : null, p.epoch !== last.epoch ? 'reboot' : 'sequence', expectedUs, p.tUs);
      }
    }
    if (this.maxFrames !== null) {
      const room = this.maxFrames - this.timelineFrames;
      if (room <= 0) return;
      if (frames > room) {
        samples = samples.subarray(0, room * this.channels);
        frames = room;
      }
    }
    this.measure(samples);
    const bytes = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
    this.appender.append(bytes);
    this.timelineFrames += frames;
    this.last = { index: placed.index, tUs: placed.tUs, epoch: placed.epoch, frames };
  }

  /**
   * Marks something wrong with the stream where the next sample goes, without losing data (a clock
   * jump, samples arriving faster than real time): a gap of zero frames with that reason.
   */
  mark(reason: GapReason, atUs: number): void {
    const us = Math.round(atUs);
    this.gaps.push({ atFrame: this.framesWritten, missingFrames: 0, reason, startUs: us, endUs: us });
  }

  /** On stop: a drop-out the stream never came back from is still a gap, open-ended. */
  closePendingGap(): void {
    if (this.pending === null || this.last === null) return;
    const endOfData = this.last.tUs + (this.last.frames * 1e6) / this.sampleRate;
    this.gaps.push({ atFrame: this.framesWritten, missingFrames: null, reason: this.pending, startUs: Math.round(endOfData), endUs: null });
    this.pending = null;
  }

  takeLevel(): { peak: number; clipped: boolean } {
    const level = { peak: this.recentPeak, clipped: this.recentClipped };
    this.recentPeak = 0;
    this.recentClipped = false;
    return level;
  }

  private addGap(missing: number | null, fallback: GapReason, startUs: number, endUs: number): void {
    this.gaps.push({
      atFrame: this.framesWritten,
      missingFrames: missing,
      reason: this.pending ?? fallback,
      startUs: Math.round(startUs),
      endUs: Math.round(endUs),
    });
    this.pending = null;
    if (missing !== null) {
      this.missingFrames += missing;
      this.timelineFrames += missing;
    }
  }

  private measure(samples: Interleaved): void {
    let peak = 0;
    let clipped = 0;
    if (samples instanceof Int16Array) {
      for (let i = 0; i < samples.length; i += 1) {
        const v = samples[i]!;
        const a = v < 0 ? -v : v;
        if (a > peak) peak = a;
        if (v >= 32767 || v <= -32768) clipped += 1;
      }
      peak /= 32768;
    } else {
      for (let i = 0; i < samples.length; i += 1) {
        const a = Math.abs(samples[i]!);
        if (a > peak) peak = a;
      }
    }
    if (peak > this.peak) this.peak = peak;
    if (peak > this.recentPeak) this.recentPeak = peak;
    this.clippedSamples += clipped;
    if (clipped > 0) this.recentClipped = true;
  }
}
