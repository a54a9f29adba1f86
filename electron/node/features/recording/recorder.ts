import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { AppError, type Capture, type CaptureDevice, type CaptureSource, type StopReason } from '../../../../shared/contract';
import type { DeviceInfo } from '../sensors';
import { explainSqliteError } from '../../platform/storage/errors';
import { CaptureFinisher } from './capture-finish';
import { CaptureLinks } from './capture-links';
import { type CaptureControl, type CaptureRun, failWrite, openWriters, type RecorderDeps, type SampleWriter, toCapture } from './capture-run';
import { CaptureTicker, TICK_MS } from './capture-tick';
import { writeCaptureSidecars } from './sidecars';
import { devicePlans, micPlan, streamsOf } from './stream-plans';

export type { RecorderDeps } from './capture-run';
export { TICK_MS } from './capture-tick';

/** A fixed-length sensor capture ends at its length plus this, even if a sensor fell silent. */
const FIXED_LENGTH_GRACE_MS = 5000;

/**
 * Runs captures: subscribes to sensors (or takes microphone chunks from the UI), writes every
 * stream as it arrives, keeps the files synced and the readings committed at least every second,
 * watches the disk and the links, and finalises everything when a capture stops for any reason.
 * A capture's sensors are in capture-links.ts, its ticks in capture-tick.ts, its end in
 * capture-finish.ts; what they share of a run in capture-run.ts.
 */
export class Recorder {
  private readonly captures = new Map<string, CaptureRun>();
  /** Recently stopped captures, so late microphone chunks get a clear "stopped" answer. */
  private readonly finished = new Map<string, CaptureRun>();
  private timer: NodeJS.Timeout | null = null;
  private readonly ctl: CaptureControl;
  private readonly links: CaptureLinks;
  private readonly ticker: CaptureTicker;
  private readonly finisher: CaptureFinisher;

  constructor(private readonly deps: RecorderDeps) {
    this.ctl = { deps, stop: (captureId, reason) => this.stop(captureId, reason) };
    this.links = new CaptureLinks(this.ctl);
    this.ticker = new CaptureTicker(this.ctl, this.links);
    this.finisher = new CaptureFinisher(deps, this.ticker, this.links);
  }

  devices(): CaptureDevice[] {
    return this.deps.source.connected().map((d) => ({
      deviceId: d.deviceId,
      transport: d.transport,
      address: d.address,
      firmwareVersion: d.firmwareVersion,
      streams: streamsOf(d),
    }));
  }

  active(): Capture[] {
    return [...this.captures.values()].map(toCapture);
  }

  isRecording(sessionId: string): boolean {
    return [...this.captures.values()].some((c) => c.sessionId === sessionId);
  }

  start(sessionId: string, source: CaptureSource, durationS: number | null): Capture {
    const { sessions, recordings, files, disk, clock } = this.deps;
    const session = sessions.get(sessionId);
    if (session.status === 'closed') throw new AppError('conflict', 'This visit is closed. Reopen it to record more.', 'sessionId');

    const infos = source.kind === 'sensor' ? this.sensorsFor(source.deviceIds) : [];
    const plan = source.kind === 'microphone' ? [micPlan(source.sampleRate)] : infos.flatMap(devicePlans);
    disk.checkStart(
      plan.reduce((sum, p) => sum + p.bytesPerSecond, 0),
      durationS,
    );

    const id = uuidv7();
    const startedAt = clock.now();
    const startedMs = clock.monotonicMs();
    const at = startedAt.toISOString();
    const label = source.kind === 'microphone' ? `Recording ${session.assetName} (microphone)` : `Recording ${session.assetName}`;
    const run: CaptureRun = {
      id,
      sessionId,
      assetId: session.assetId,
      kind: source.kind,
      durationS,
      startedAt,
      startedMs,
      state: 'recording',
      stopReason: null,
      writers: [],
      devices: new Map(),
      mic: null,
      activity: this.deps.activity.begin('recording', label),
      deadlineMs: durationS !== null && source.kind === 'sensor' ? startedMs + durationS * 1000 + FIXED_LENGTH_GRACE_MS : null,
      stopped: null,
    };
    const sourceLabel = (p: { label: string | null }) => (source.kind === 'microphone' ? (source.label ?? null) : p.label);
    const rows = plan.map((p) => ({ p, recordingId: uuidv7() }));
    const created: string[] = [];
    try {
      // The sensors first, on their own: that a sensor was seen is true whether or not the capture's rows follow.
      for (const info of infos) {
        sessions.upsertDevice({ id: info.deviceId, firmwareVersion: info.firmwareVersion, transport: info.transport, address: info.address });
      }
      const series = recordings.insertCapture(
        rows.map(({ p, recordingId }) => ({
          id: recordingId,
          sessionId,
          captureId: id,
          deviceId: p.deviceId,
          source: source.kind,
          sourceLabel: sourceLabel(p),
          stream: p.stream,
          status: 'recording',
          path: p.stream === 'readings' ? null : files.recordingFile(sessionId, recordingId, '.wav'),
          sampleRate: p.sampleRate,
          channels: p.channels,
          sampleFormat: p.stream === 'audio' ? 'pcm16' : p.stream === 'vibration' ? 'float32' : null,
          startedAt: at,
        })),
      );
      // Files after the rows: a crash in between leaves a row that recovery marks failed, never a file nobody knows.
      // Sidecars before the WAVs: the files alone can rebuild the rows if the database is lost (sidecars.ts).
      writeCaptureSidecars(this.deps.db, files, {
        sessionId,
        captureId: id,
        startedAt: at,
        source: source.kind,
        streams: rows.map(({ p, recordingId }) => ({ recordingId, stream: p.stream, deviceId: p.deviceId, sourceLabel: sourceLabel(p) })),
      });
      openWriters(
        files,
        run,
        rows.map((r) => ({ ...r, series: series.get(r.recordingId) })),
        created,
      );
    } catch (error) {
      run.activity.end();
      this.undoStart(run, created);
      throw explainSqliteError(error, this.deps.databaseFile);
    }

    if (source.kind === 'microphone') {
      const writer = run.writers[0] as SampleWriter;
      run.mic = { writer, sampleRate: source.sampleRate, ackedSeq: -1, startUs: null, lastChunkMs: clock.monotonicMs() };
    } else {
      for (const info of infos) this.links.attach(run, info);
    }
    this.captures.set(id, run);
    this.ensureTimer();
    this.deps.log.info({ captureId: id, sessionId, source: source.kind, streams: run.writers.length, durationS }, 'capture started');
    this.deps.events.emit('sessions.changed', { sessionId, assetId: session.assetId });
    return toCapture(run);
  }

  micChunk(p: { captureId: string; seq: number; firstFrame: number; pcm16: string }): { ackedSeq: number; framesWritten: number; stopped: boolean } {
    const run = this.captures.get(p.captureId) ?? this.finished.get(p.captureId);
    if (!run) throw new AppError('not_found', `No capture with id ${p.captureId}.`, 'captureId');
    const mic = run.mic;
    if (!mic) throw new AppError('conflict', 'This capture records sensors, not the microphone.', 'captureId');
    const answer = () => ({ ackedSeq: mic.ackedSeq, framesWritten: mic.writer.track.framesWritten, stopped: run.state !== 'recording' });
    if (run.state !== 'recording' || p.seq <= mic.ackedSeq) return answer();

    const bytes = Buffer.from(p.pcm16, 'base64');
    if (bytes.length % 2 !== 0) throw new AppError('invalid_params', 'A microphone chunk must hold whole 16-bit samples.', 'pcm16');
    // Copy into an aligned buffer: base64 decoding gives no alignment guarantee for Int16Array.
    const samples = new Int16Array(bytes.length / 2);
    new Uint8Array(samples.buffer).set(bytes);
    const track = mic.writer.track;
    // The page's first chunk places the capture on the wall-clock timeline the sensors' streams share.
    if (mic.startUs === null) mic.startUs = this.deps.clock.now().getTime() * 1000 - Math.round((samples.length / mic.sampleRate) * 1e6) - Math.round((p.firstFrame / mic.sampleRate) * 1e6);
    // A skipped sequence number is a lost chunk; frames skipped within the sequence were dropped by the page itself.
    if (p.seq > mic.ackedSeq + 1) track.expectGap('sequence');
    else track.expectGap('overflow');
    try {
      track.accept({ index: p.firstFrame, tUs: mic.startUs + Math.round((p.firstFrame / mic.sampleRate) * 1e6), epoch: 0 }, samples);
    } catch (error) {
      failWrite(this.ctl, run, error);
      return answer();
    } finally {
      track.clearExpectedGap();
    }
    mic.ackedSeq = p.seq;
    mic.lastChunkMs = this.deps.clock.monotonicMs();
    if (track.full) void this.stop(run.id, 'duration');
    return answer();
  }

  async stop(captureId: string, reason: StopReason): Promise<Capture> {
    const run = this.captures.get(captureId) ?? this.finished.get(captureId);
    if (!run) throw new AppError('not_found', `No capture with id ${captureId}.`, 'captureId');
    if (run.state === 'recording') {
      run.state = 'stopping';
      run.stopReason = reason;
      run.stopped = this.finish(run);
    }
    await run.stopped;
    return toCapture(run);
  }

  /** Stops every capture (the app is closing): each is finalised, nothing is left for recovery. */
  async close(): Promise<void> {
    await Promise.all([...this.captures.keys()].map((id) => this.stop(id, 'shutdown')));
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The sensors a capture asks for, each connected, not updating its firmware and not in another capture. */
  private sensorsFor(deviceIds: readonly string[]): DeviceInfo[] {
    const infos: DeviceInfo[] = [];
    const connected = new Map(this.deps.source.connected().map((d) => [d.deviceId, d]));
    for (const deviceId of new Set(deviceIds)) {
      const info = connected.get(deviceId);
      if (this.deps.source.updating?.(deviceId)) {
        throw new AppError('conflict', `The sensor ${deviceId} is having its firmware updated. Record once the update has finished.`, 'source.deviceIds');
      }
      if (!info) throw new AppError('not_found', `The sensor ${deviceId} is not connected. Connect it (or pick another) and try again.`, 'source.deviceIds');
      if (streamsOf(info).length === 0) throw new AppError('unavailable', `The sensor ${deviceId} announced no streams to record.`, 'source.deviceIds');
      if (this.deviceBusy(deviceId)) throw new AppError('unavailable', `The sensor ${deviceId} is already recording in another capture.`, 'source.deviceIds');
      infos.push(info);
    }
    return infos;
  }

  private async finish(run: CaptureRun): Promise<void> {
    const results = await this.finisher.close(run);
    run.state = 'stopped';
    run.activity.end();
    this.captures.delete(run.id);
    this.finished.set(run.id, run);
    if (this.finished.size > 20) this.finished.delete(this.finished.keys().next().value!);
    if (this.captures.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    this.finisher.announce(run, results);
  }

  private deviceBusy(deviceId: string): boolean {
    return [...this.captures.values()].some((c) => c.devices.has(deviceId));
  }

  private undoStart(run: CaptureRun, files: string[]): void {
    for (const f of files) {
      try {
        this.deps.files.remove(path.relative(this.deps.files.dataDir, f));
      } catch {
        // removed at the next start as an orphan
      }
    }
    try {
      this.deps.recordings.deleteByCapture(run.id);
    } catch {
      // rows left as `recording` are marked failed by the next start's recovery
    }
  }

  private ensureTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.ticker.tick([...this.captures.values()].filter((c) => c.state === 'recording')), TICK_MS);
  }
}
