import { explainSqliteError } from '../../platform/storage/errors';
import type { CaptureLinks } from './capture-links';
import { type CaptureControl, type CaptureRun, failWrite, progressOf, type ReadingsStreamWriter, type RecorderDeps, type SampleWriter, warn } from './capture-run';
import { flushReadings, type ReadingsWriter } from './readings-writer';
import type { RecordingProgress } from './recordings-repository';

/** Progress events go out this often; every second tick also syncs files, commits readings and checks the disk. */
export const TICK_MS = 250;
/** A sensor silent this long is reported lost (the sensor link usually says so first). */
const DEVICE_SILENCE_MS = 3000;
/** A microphone capture whose page stopped sending for this long is stopped. */
const MIC_STALL_MS = 15_000;

/**
 * What happens to running captures on every tick: progress to the page, warnings for silent
 * sensors and new gaps, the stall and deadline checks, and, every second tick, everything written
 * made durable. Silence, stall and deadline are read from the recorder's monotonic clock.
 */
export class CaptureTicker {
  private readonly deps: RecorderDeps;
  private ticks = 0;

  constructor(
    private readonly ctl: CaptureControl,
    private readonly links: CaptureLinks,
  ) {
    this.deps = ctl.deps;
  }

  tick(running: CaptureRun[]): void {
    this.ticks += 1;
    const now = this.deps.clock.monotonicMs();
    for (const run of running) {
      this.deps.events.emit('capture.progress', {
        captureId: run.id,
        sessionId: run.sessionId,
        elapsedS: (now - run.startedMs) / 1000,
        levels: run.writers
          .filter((w): w is SampleWriter => w.kind === 'samples')
          .map((w) => {
            const level = w.track.takeLevel();
            return { recordingId: w.recordingId, stream: w.stream, deviceId: w.deviceId, peak: level.peak, clipped: level.clipped, frames: w.track.framesWritten };
          }),
      });
      for (const link of run.devices.values()) {
        if (!link.silent && now - link.lastMessageMs > DEVICE_SILENCE_MS) {
          link.silent = true;
          this.links.expectGap(link, 'all', link.health.lastState === 'connected' ? 'stall' : 'disconnect');
          warn(this.ctl, run, 'device_lost', link.info.deviceId, `Nothing has arrived from the sensor ${link.info.deviceId} for ${DEVICE_SILENCE_MS / 1000} s; recording continues and marks the gap.`);
        }
      }
      for (const w of run.writers) {
        if (w.kind === 'samples' && w.track.gaps.length > w.reportedGaps) {
          w.reportedGaps = w.track.gaps.length;
          warn(this.ctl, run, 'gap', w.deviceId, `Some ${w.stream} data did not arrive; the gap is marked in the recording.`);
        }
      }
      if (run.mic && now - run.mic.lastChunkMs > MIC_STALL_MS) void this.ctl.stop(run.id, 'stall');
      else if (run.deadlineMs !== null && now >= run.deadlineMs) void this.ctl.stop(run.id, 'duration');
    }
    if (this.ticks % 2 === 0) this.persist(running);
  }

  /** Every commit of readings goes through here: the ticks' and a capture's last. */
  commitReadings(writers: ReadingsWriter[]): void {
    flushReadings(this.deps.db, writers);
  }

  /** At least every second: files to the disk, readings committed, the disk checked. */
  private persist(running: CaptureRun[]): void {
    for (const run of running) {
      for (const w of run.writers) if (w.kind === 'samples') void w.track.appender.sync();
    }
    const writers = running.flatMap((r) => r.writers.filter((w): w is ReadingsStreamWriter => w.kind === 'readings').map((w) => w.writer));
    try {
      this.commitReadings(writers);
      this.reportRefusedReadings(running);
    } catch (error) {
      const explained = explainSqliteError(error, this.deps.databaseFile);
      this.deps.log.error({ err: explained }, 'committing readings failed; stopping captures');
      for (const run of running) failWrite(this.ctl, run, error);
      return;
    }
    try {
      this.saveProgress(running);
    } catch (error) {
      this.deps.log.warn({ err: error }, 'saving recording progress failed');
    }
    const bytesPerSecond = running.reduce((sum, r) => sum + r.writers.reduce((s, w) => s + w.bytesPerSecond, 0), 0);
    if (running.length > 0 && this.deps.disk.mustStop(bytesPerSecond)) {
      for (const run of running) {
        warn(this.ctl, run, 'disk_low', null, 'The disk is nearly full: recording stopped, everything so far is kept.');
        void this.ctl.stop(run.id, 'disk_low');
      }
    }
  }

  private saveProgress(running: CaptureRun[]): void {
    const changed: { id: string; progress: RecordingProgress }[] = [];
    for (const run of running) {
      for (const w of run.writers) {
        const progress = progressOf(w);
        const state = `${progress.startUs}|${progress.gaps.length}|${progress.clippedSamples > 0}`;
        if (state !== w.savedState) {
          w.savedState = state;
          changed.push({ id: w.recordingId, progress });
        }
      }
    }
    this.deps.recordings.saveProgressAll(changed);
  }

  /** A sensor whose readings the database refused stops taking readings; say so once, the rest records on. */
  private reportRefusedReadings(running: CaptureRun[]): void {
    for (const run of running) {
      for (const w of run.writers) {
        if (w.kind !== 'readings' || !w.writer.failure || w.failureReported) continue;
        w.failureReported = true;
        this.deps.log.error({ err: w.writer.failure.error, captureId: run.id, deviceId: w.deviceId }, 'a sensor\'s readings could not be stored; its readings stop, the other sensors go on');
        warn(this.ctl, run, 'gap', w.deviceId, `The readings of the sensor ${w.deviceId} could not be stored; they stop here and the other sensors go on.`);
      }
    }
  }
}
