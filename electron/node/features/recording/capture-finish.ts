import type { StopReason } from '../../../../shared/contract';
import type { CaptureLinks } from './capture-links';
import type { CaptureRun, ReadingsStreamWriter, RecorderDeps, SampleWriter } from './capture-run';
import type { CaptureTicker } from './capture-tick';
import type { FinishedRecording } from './recordings-repository';

const STOP_MESSAGES: Record<StopReason, string> = {
  user: 'Stopped by the technician.',
  duration: 'The fixed length was reached.',
  disk_low: 'Stopped because the disk is nearly full; everything recorded so far is kept. Free some space to record more.',
  disk_full: 'Stopped because the disk is full; everything written before is kept. Free some space to record more.',
  write_error: 'Stopped because a file could not be written; everything written before is kept.',
  stall: 'Stopped because no audio arrived from the page for 15 seconds (closed or disconnected).',
  no_data: 'Stopped: no data arrived.',
  shutdown: 'Stopped because the app was closed; everything recorded so far is kept.',
  crash: 'Interrupted (crash or power cut) and recovered when the app started again.',
  imported: 'Imported from a file.',
};

export interface FinishedStream {
  id: string;
  frames: number;
}

/**
 * The end of a capture, whatever stopped it: sensors let go, the last readings committed, every
 * file finalised, the rows made final together, the link health kept with the visit. Whatever
 * fails here is left `recording` for the next start's recovery, never lost.
 */
export class CaptureFinisher {
  constructor(
    private readonly deps: RecorderDeps,
    private readonly ticker: CaptureTicker,
    private readonly links: CaptureLinks,
  ) {}

  /** Returns the recordings that became final. */
  async close(run: CaptureRun): Promise<FinishedStream[]> {
    const { recordings, sessions, log } = this.deps;
    for (const link of run.devices.values()) {
      try {
        link.unsubscribe();
      } catch (error) {
        log.warn({ err: error, deviceId: link.info.deviceId }, 'unsubscribing from a sensor failed');
      }
    }
    try {
      this.ticker.commitReadings(run.writers.filter((w): w is ReadingsStreamWriter => w.kind === 'readings').map((w) => w.writer));
    } catch (error) {
      log.error({ err: error, captureId: run.id }, 'the last readings of a capture could not be committed');
    }
    const endedAt = this.deps.clock.now().toISOString();
    const final: { id: string; result: FinishedRecording }[] = [];
    for (const w of run.writers) {
      try {
        const result = w.kind === 'samples' ? await finalSamples(run, w, endedAt) : this.finalReadings(run, w, endedAt);
        final.push({ id: w.recordingId, result });
      } catch (error) {
        // Left as `recording`: the next start repairs it like any interrupted recording.
        log.error({ err: error, recordingId: w.recordingId }, 'a recording could not be finalised; it will be recovered at the next start');
      }
    }
    let results: FinishedStream[] = [];
    try {
      recordings.finishCapture(final);
      results = final.map((f) => ({ id: f.id, frames: f.result.frames }));
    } catch (error) {
      log.error({ err: error, captureId: run.id }, 'the recordings of a capture could not be finalised; they will be recovered at the next start');
    }
    for (const link of run.devices.values()) {
      try {
        sessions.addLinkHealth(run.sessionId, link.info.deviceId, this.links.healthAtEnd(link));
      } catch (error) {
        log.warn({ err: error }, 'link health could not be saved');
      }
    }
    try {
      sessions.touch(run.sessionId);
    } catch {
      // the session may have been deleted meanwhile
    }
    return results;
  }

  /** Tells the page and the other features, once the capture is no longer the recorder's. */
  announce(run: CaptureRun, results: FinishedStream[]): void {
    const { log, events } = this.deps;
    const reason = run.stopReason ?? 'user';
    log.info({ captureId: run.id, reason, recordings: results }, 'capture stopped');
    events.emit('capture.stopped', { captureId: run.id, sessionId: run.sessionId, reason, message: STOP_MESSAGES[reason] });
    events.emit('sessions.changed', { sessionId: run.sessionId, assetId: run.assetId });
    try {
      this.deps.onFinished?.(run.sessionId, results.map((r) => r.id));
    } catch (error) {
      log.error({ err: error }, 'a listener for finished recordings failed');
    }
    if (run.mic && results[0] && results[0].frames > 0) this.deps.afterMicrophone?.(results[0].id);
  }

  private finalReadings(run: CaptureRun, w: ReadingsStreamWriter, endedAt: string): FinishedRecording {
    w.writer.closePendingGap();
    const stats = this.deps.recordings.countReadings(w.recordingId);
    return {
      status: stats.count > 0 ? 'complete' : 'failed',
      stopReason: stats.count > 0 ? run.stopReason : 'no_data',
      frames: stats.count,
      durationS: stats.firstUs !== null && stats.lastUs !== null ? (stats.lastUs - stats.firstUs) / 1e6 : null,
      startUs: stats.firstUs,
      gaps: w.writer.gaps,
      peak: null,
      clippedSamples: 0,
      bytes: null,
      sha256: null,
      endedAt,
    };
  }
}

async function finalSamples(run: CaptureRun, w: SampleWriter, endedAt: string): Promise<FinishedRecording> {
  w.track.closePendingGap();
  const file = await w.track.appender.finalize();
  const frames = file.frames;
  return {
    status: frames > 0 ? 'complete' : 'failed',
    stopReason: frames > 0 ? run.stopReason : 'no_data',
    frames,
    durationS: frames / w.track.sampleRate,
    startUs: w.track.startUs,
    gaps: w.track.gaps,
    peak: frames > 0 ? w.track.peak : null,
    clippedSamples: w.track.clippedSamples,
    bytes: file.bytes,
    sha256: file.sha256,
    endedAt,
  };
}
