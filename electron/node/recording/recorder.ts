/*
 * Over 400 lines, and due to be split (issue 12): one capture's life (start, samples placed on one
 * clock, gaps, device loss and return, stop and commit) is here in one class because every step
 * touches the same run state and the same writers; the split planned is a clock, a repository and
 * the capture run, once the SQLite writes move to a worker.
 */
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import {
  AppError,
  type Capture,
  type CaptureDevice,
  type CaptureSource,
  type GapReason,
  type LinkHealth,
  type RecordingStream,
  type StopReason,
} from '../../../shared/contract';
import type { ActivityHandle, ActivityTracker } from '../activity';
import type { EventHub } from '../api/event-hub';
import type { Logger } from '../log';
import type { DeviceInfo, DeviceStreamSource, StreamMessage } from '../sensors';
import type { Db } from '../storage/database';
import { explainSqliteError } from '../storage/errors';
import { ArrivalWatch } from './arrival-watch';
import { DeviceClock } from './device-clock';
import type { DiskGuard } from './disk-guard';
import type { FileStore } from './file-store';
import { flushReadings, ReadingsWriter } from './readings-writer';
import type { RecorderClock } from './recorder-clock';
import type { FinishedRecording, RecordingProgress, RecordingsRepository } from './recordings-repository';
import { SampleTrack } from './sample-track';
import { writeCaptureSidecars } from './sidecars';
import { EMPTY_LINK_HEALTH, type SessionsRepository } from './sessions-repository';
import { AppendError, WavAppender } from './wav-appender';

/** Progress events go out this often; every second tick also syncs files, commits readings and checks the disk. */
export const TICK_MS = 250;
/** A sensor silent this long is reported lost (the sensor link usually says so first). */
const DEVICE_SILENCE_MS = 3000;
/** A microphone capture whose page stopped sending for this long is stopped. */
const MIC_STALL_MS = 15_000;
/** A fixed-length sensor capture ends at its length plus this, even if a sensor fell silent. */
const FIXED_LENGTH_GRACE_MS = 5000;

export interface RecorderDeps {
  db: Db;
  databaseFile: string;
  files: FileStore;
  sessions: SessionsRepository;
  recordings: RecordingsRepository;
  events: EventHub;
  activity: ActivityTracker;
  log: Logger;
  /** Every time the recorder reads: wall time for what it stores, monotonic time for silences, stalls and deadlines. */
  clock: RecorderClock;
  source: DeviceStreamSource;
  disk: DiskGuard;
  /** Called once a capture's recordings are final (the sync outbox hooks in here). */
  onFinished?: (sessionId: string, recordingIds: string[]) => void;
  /** Called after a microphone capture is final, to make its analysis copy off the hot path. */
  afterMicrophone?: (recordingId: string) => void;
}

interface SampleWriter {
  kind: 'samples';
  recordingId: string;
  stream: 'audio' | 'vibration';
  deviceId: string | null;
  track: SampleTrack;
  /** Sensor streams only: flags samples arriving faster than real time. */
  arrival: ArrivalWatch | null;
  bytesPerSecond: number;
  reportedGaps: number;
  /** What saveProgress last stored, to write only on change. */
  savedState: string;
}

interface ReadingsStreamWriter {
  kind: 'readings';
  recordingId: string;
  stream: 'readings';
  deviceId: string;
  writer: ReadingsWriter;
  bytesPerSecond: number;
  savedState: string;
  failureReported?: boolean;
}

type StreamWriter = SampleWriter | ReadingsStreamWriter;

interface DeviceLink {
  info: DeviceInfo;
  clock: DeviceClock;
  audio: SampleWriter | null;
  vibration: SampleWriter | null;
  readings: ReadingsStreamWriter | null;
  unsubscribe: () => void;
  health: LinkHealth;
  /** Monotonic. */
  lastMessageMs: number;
  silent: boolean;
}

interface MicState {
  writer: SampleWriter;
  sampleRate: number;
  ackedSeq: number;
  startUs: number | null;
  /** Monotonic. */
  lastChunkMs: number;
}

interface CaptureRun {
  id: string;
  sessionId: string;
  assetId: string;
  kind: 'sensor' | 'microphone';
  durationS: number | null;
  startedAt: Date;
  /** Monotonic, for the elapsed time the page shows. */
  startedMs: number;
  state: 'recording' | 'stopping' | 'stopped';
  stopReason: StopReason | null;
  writers: StreamWriter[];
  devices: Map<string, DeviceLink>;
  mic: MicState | null;
  activity: ActivityHandle;
  /** Monotonic: a fixed-length sensor capture ends here even if a sensor fell silent. */
  deadlineMs: number | null;
  stopped: Promise<void> | null;
}

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

/**
 * Runs captures: subscribes to sensors (or takes microphone chunks from the UI), writes every
 * stream as it arrives, keeps the files synced and the readings committed at least every second,
 * watches the disk and the links, and finalises everything when a capture stops for any reason.
 */
export class Recorder {
  private readonly captures = new Map<string, CaptureRun>();
  /** Recently stopped captures, so late microphone chunks get a clear "stopped" answer. */
  private readonly finished = new Map<string, CaptureRun>();
  private timer: NodeJS.Timeout | null = null;
  private ticks = 0;

  constructor(private readonly deps: RecorderDeps) {}

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
    const { sessions, recordings, files, disk } = this.deps;
    const session = sessions.get(sessionId);
    if (session.status === 'closed') throw new AppError('conflict', 'This visit is closed. Reopen it to record more.', 'sessionId');

    const infos: DeviceInfo[] = [];
    if (source.kind === 'sensor') {
      const connected = new Map(this.deps.source.connected().map((d) => [d.deviceId, d]));
      for (const deviceId of new Set(source.deviceIds)) {
        const info = connected.get(deviceId);
        if (this.deps.source.updating?.(deviceId)) {
          throw new AppError('conflict', `The sensor ${deviceId} is having its firmware updated. Record once the update has finished.`, 'source.deviceIds');
        }
        if (!info) throw new AppError('not_found', `The sensor ${deviceId} is not connected. Connect it (or pick another) and try again.`, 'source.deviceIds');
        if (streamsOf(info).length === 0) throw new AppError('unavailable', `The sensor ${deviceId} announced no streams to record.`, 'source.deviceIds');
        if (this.deviceBusy(deviceId)) throw new AppError('unavailable', `The sensor ${deviceId} is already recording in another capture.`, 'source.deviceIds');
        infos.push(info);
      }
    }
    const plan = source.kind === 'microphone' ? [micPlan(source.sampleRate)] : infos.flatMap(devicePlans);
    disk.checkStart(
      plan.reduce((sum, p) => sum + p.bytesPerSecond, 0),
      durationS,
    );

    const id = uuidv7();
    const startedAt = this.deps.clock.now();
    const startedMs = this.deps.clock.monotonicMs();
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
          sourceLabel: source.kind === 'microphone' ? (source.label ?? null) : p.label,
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
        streams: rows.map(({ p, recordingId }) => ({
          recordingId,
          stream: p.stream,
          deviceId: p.deviceId,
          sourceLabel: source.kind === 'microphone' ? (source.label ?? null) : p.label,
        })),
      });
      for (const { p, recordingId } of rows) {
        if (p.stream === 'readings') {
          run.writers.push({
            kind: 'readings',
            recordingId,
            stream: 'readings',
            deviceId: p.deviceId!,
            writer: new ReadingsWriter(series.get(recordingId)!, p.readingRateHz ? Math.round(1e6 / p.readingRateHz) : null),
            bytesPerSecond: p.bytesPerSecond,
            savedState: '',
          });
          continue;
        }
        const file = files.abs(files.recordingFile(sessionId, recordingId, '.wav'));
        const appender = WavAppender.create(file, {
          encoding: p.stream === 'audio' ? 'pcm' : 'float',
          bitsPerSample: p.stream === 'audio' ? 16 : 32,
          channels: p.channels!,
          sampleRate: p.sampleRate!,
        });
        created.push(file);
        const maxFrames = durationS === null ? null : Math.round(durationS * p.sampleRate!);
        run.writers.push({
          kind: 'samples',
          recordingId,
          stream: p.stream,
          deviceId: p.deviceId,
          track: new SampleTrack(appender, p.sampleRate!, p.channels!, maxFrames),
          arrival: p.deviceId === null ? null : new ArrivalWatch(p.sampleRate!),
          bytesPerSecond: p.bytesPerSecond,
          reportedGaps: 0,
          savedState: '',
        });
      }
    } catch (error) {
      run.activity.end();
      this.undoStart(run, created);
      throw explainSqliteError(error, this.deps.databaseFile);
    }

    if (source.kind === 'microphone') {
      const writer = run.writers[0] as SampleWriter;
      run.mic = { writer, sampleRate: source.sampleRate, ackedSeq: -1, startUs: null, lastChunkMs: this.deps.clock.monotonicMs() };
    } else {
      for (const info of infos) this.attachDevice(run, info);
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
    if (mic.startUs === null) mic.startUs = this.deps.clock.now().getTime() * 1000 - Math.round((samples.length / mic.sampleRate) * 1e6) - Math.round((p.firstFrame / mic.sampleRate) * 1e6);
    // A skipped sequence number is a lost chunk; frames skipped within the sequence were dropped by the page itself.
    if (p.seq > mic.ackedSeq + 1) track.expectGap('sequence');
    else track.expectGap('overflow');
    try {
      track.accept({ index: p.firstFrame, tUs: mic.startUs + Math.round((p.firstFrame / mic.sampleRate) * 1e6), epoch: 0 }, samples);
    } catch (error) {
      this.failWrite(run, error);
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

  private async finish(run: CaptureRun): Promise<void> {
    const { recordings, sessions, log } = this.deps;
    for (const link of run.devices.values()) {
      try {
        link.unsubscribe();
      } catch (error) {
        log.warn({ err: error, deviceId: link.info.deviceId }, 'unsubscribing from a sensor failed');
      }
    }
    try {
      this.commitReadings(run.writers.filter((w): w is ReadingsStreamWriter => w.kind === 'readings').map((w) => w.writer));
    } catch (error) {
      log.error({ err: error, captureId: run.id }, 'the last readings of a capture could not be committed');
    }
    const endedAt = this.deps.clock.now().toISOString();
    const final: { id: string; result: FinishedRecording }[] = [];
    for (const w of run.writers) {
      try {
        if (w.kind === 'samples') {
          w.track.closePendingGap();
          const file = await w.track.appender.finalize();
          const frames = file.frames;
          const result: FinishedRecording = {
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
          final.push({ id: w.recordingId, result });
        } else {
          w.writer.closePendingGap();
          const stats = recordings.countReadings(w.recordingId);
          const result: FinishedRecording = {
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
          final.push({ id: w.recordingId, result });
        }
      } catch (error) {
        // Left as `recording`: the next start repairs it like any interrupted recording.
        log.error({ err: error, recordingId: w.recordingId }, 'a recording could not be finalised; it will be recovered at the next start');
      }
    }
    let results: { id: string; frames: number }[] = [];
    try {
      recordings.finishCapture(final);
      results = final.map((f) => ({ id: f.id, frames: f.result.frames }));
    } catch (error) {
      log.error({ err: error, captureId: run.id }, 'the recordings of a capture could not be finalised; they will be recovered at the next start');
    }
    for (const link of run.devices.values()) {
      try {
        sessions.addLinkHealth(run.sessionId, link.info.deviceId, this.healthAtEnd(run, link));
      } catch (error) {
        log.warn({ err: error }, 'link health could not be saved');
      }
    }
    try {
      sessions.touch(run.sessionId);
    } catch {
      // the session may have been deleted meanwhile
    }
    run.state = 'stopped';
    run.activity.end();
    this.captures.delete(run.id);
    this.finished.set(run.id, run);
    if (this.finished.size > 20) this.finished.delete(this.finished.keys().next().value!);
    if (this.captures.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
    const reason = run.stopReason ?? 'user';
    log.info({ captureId: run.id, reason, recordings: results }, 'capture stopped');
    this.deps.events.emit('capture.stopped', { captureId: run.id, sessionId: run.sessionId, reason, message: STOP_MESSAGES[reason] });
    this.deps.events.emit('sessions.changed', { sessionId: run.sessionId, assetId: run.assetId });
    try {
      this.deps.onFinished?.(run.sessionId, results.map((r) => r.id));
    } catch (error) {
      log.error({ err: error }, 'a listener for finished recordings failed');
    }
    if (run.mic && results[0] && results[0].frames > 0) this.deps.afterMicrophone?.(results[0].id);
  }

  private attachDevice(run: CaptureRun, info: DeviceInfo): void {
    const forDevice = run.writers.filter((w) => w.deviceId === info.deviceId);
    const link: DeviceLink = {
      info,
      clock: new DeviceClock(),
      audio: (forDevice.find((w) => w.stream === 'audio') as SampleWriter | undefined) ?? null,
      vibration: (forDevice.find((w) => w.stream === 'vibration') as SampleWriter | undefined) ?? null,
      readings: (forDevice.find((w) => w.stream === 'readings') as ReadingsStreamWriter | undefined) ?? null,
      unsubscribe: () => undefined,
      health: { ...EMPTY_LINK_HEALTH, transport: info.transport, address: info.address, firmwareVersion: info.firmwareVersion },
      lastMessageMs: this.deps.clock.monotonicMs(),
      silent: false,
    };
    run.devices.set(info.deviceId, link);
    try {
      link.unsubscribe = this.deps.source.subscribe(info.deviceId, (message) => this.onMessage(run, link, message));
    } catch (error) {
      // Gone between the list and the subscription: the other sensors record; this one's recordings end empty.
      this.deps.log.warn({ err: error, deviceId: info.deviceId }, 'could not subscribe to a sensor');
      link.silent = true;
      link.health.lastState = 'disconnected';
    }
  }

  private onMessage(run: CaptureRun, link: DeviceLink, m: StreamMessage): void {
    if (run.state !== 'recording') return;
    const h = link.health;
    const nowIso = this.deps.clock.now().toISOString();
    h.firstMessageAt ??= nowIso;
    h.lastMessageAt = nowIso;
    link.lastMessageMs = this.deps.clock.monotonicMs();
    if (link.silent && m.type !== 'link') this.deviceBack(run, link);
    try {
      switch (m.type) {
        case 'audio': {
          h.audioChunks += 1;
          if (!link.audio || !this.rateHolds(run, link, link.audio, m.sampleRate)) return;
          const at = this.place(run, link, m.deviceTimeUs, m.hostTimeMs);
          link.audio.track.accept({ index: m.firstSample, tUs: at.tUs, epoch: at.epoch }, m.samples);
          this.watchArrival(run, link.audio, m.samples.length, m.hostTimeMs, at.tUs);
          break;
        }
        case 'vibration': {
          h.vibrationChunks += 1;
          if (!link.vibration || !this.rateHolds(run, link, link.vibration, m.sampleRate)) return;
          const at = this.place(run, link, m.deviceTimeUs, m.hostTimeMs);
          link.vibration.track.accept({ index: m.firstSample, tUs: at.tUs, epoch: at.epoch }, interleave(m.x, m.y, m.z));
          this.watchArrival(run, link.vibration, m.x.length, m.hostTimeMs, at.tUs);
          break;
        }
        case 'reading': {
          h.readings += 1;
          if (!link.readings) return;
          const at = this.place(run, link, m.deviceTimeUs, m.hostTimeMs);
          link.readings.writer.add({
            tUs: at.tUs,
            temperatureC: m.temperatureC,
            vibXG: m.vibrationG?.x ?? null,
            vibYG: m.vibrationG?.y ?? null,
            vibZG: m.vibrationG?.z ?? null,
            currentA: m.currentA,
            powerW: m.powerW,
            audioLevelDb: m.audioLevelDb,
            quality: m.quality,
            suctionKpa: m.suctionKpa,
            dischargeKpa: m.dischargeKpa,
          });
          break;
        }
        case 'gap': {
          if (m.reason === 'reboot') link.clock.noteReboot();
          this.expectGap(link, m.stream, m.reason);
          break;
        }
        case 'link': {
          if (m.state === 'disconnected' || m.state === 'reconnecting') {
            if (h.lastState === 'connected') {
              h.disconnects += 1;
              this.expectGap(link, 'all', 'disconnect');
              this.warn(run, 'device_lost', link.info.deviceId, `The sensor ${link.info.deviceId} dropped out; recording continues and marks the gap.`);
            }
          } else if (h.lastState !== 'connected') {
            this.deviceBack(run, link);
          }
          h.lastState = m.state;
          break;
        }
      }
    } catch (error) {
      if (isStorageFailure(error)) this.failWrite(run, error);
      else this.dropDevice(run, link, error);
      return;
    }
    if (run.durationS !== null && this.sampleTracksFull(run)) void this.stop(run.id, 'duration');
  }

  /**
   * A chunk at another rate than the recording's (the sensor changed its rate mid-capture) cannot go
   * in this file: refused, and its samples become a `rate_mismatch` gap (issue 14, case 8).
   */
  private rateHolds(run: CaptureRun, link: DeviceLink, w: SampleWriter, sampleRate: number): boolean {
    if (sampleRate === w.track.sampleRate) return true;
    w.track.expectGap('rate_mismatch');
    if (!w.arrival?.flagged) {
      if (w.arrival) w.arrival.flagged = true;
      this.warn(run, 'gap', link.info.deviceId, `The sensor ${link.info.deviceId} sent ${w.stream} at ${sampleRate} Hz while recording at ${w.track.sampleRate} Hz; those chunks are left out and marked.`);
    }
    return false;
  }

  private watchArrival(run: CaptureRun, w: SampleWriter, frames: number, hostTimeMs: number, tUs: number): void {
    if (!w.arrival?.note(frames, hostTimeMs)) return;
    w.track.mark('rate_mismatch', tUs);
    this.deps.log.warn({ captureId: run.id, deviceId: w.deviceId, stream: w.stream }, 'sensor samples arrive faster than real time; the recording is marked');
    this.warn(run, 'gap', w.deviceId, `The sensor ${w.deviceId} sends ${w.stream} faster than real time; its recording is marked "rate mismatch".`);
  }

  /** Places a message on the timeline; a clock jump is marked on every stream of that device, once per jump. */
  private place(run: CaptureRun, link: DeviceLink, deviceTimeUs: number, hostTimeMs: number): { tUs: number; epoch: number } {
    const at = link.clock.place(deviceTimeUs, hostTimeMs);
    if (at.jumped) {
      link.audio?.track.mark('clock_jump', at.tUs);
      link.vibration?.track.mark('clock_jump', at.tUs);
      link.readings?.writer.mark('clock_jump', at.tUs);
      this.deps.log.warn({ captureId: run.id, deviceId: link.info.deviceId, deviceTimeUs }, 'a sensor clock jumped; its recordings are marked');
      this.warn(run, 'gap', link.info.deviceId, `The clock of the sensor ${link.info.deviceId} jumped; its recording carries on and is marked "clock jumped".`);
    }
    return at;
  }

  /**
   * One sensor's data could not be handled (not a disk problem): that sensor alone stops being
   * recorded, with an open gap; the capture's other sensors go on untouched (issue 14, case 7).
   */
  private dropDevice(run: CaptureRun, link: DeviceLink, error: unknown): void {
    this.deps.log.error({ err: error, captureId: run.id, deviceId: link.info.deviceId }, 'a sensor\'s data could not be recorded; that sensor stops, the others go on');
    try {
      link.unsubscribe();
    } catch {
      // already gone
    }
    link.unsubscribe = () => undefined;
    this.expectGap(link, 'all', 'corrupt');
    link.silent = true;
    this.warn(run, 'device_lost', link.info.deviceId, `The data of the sensor ${link.info.deviceId} could not be recorded; its recording ends here and the other sensors go on.`);
  }

  private expectGap(link: DeviceLink, stream: 'audio' | 'vibration' | 'reading' | 'all', reason: GapReason): void {
    if ((stream === 'audio' || stream === 'all') && link.audio) link.audio.track.expectGap(reason);
    if ((stream === 'vibration' || stream === 'all') && link.vibration) link.vibration.track.expectGap(reason);
    if ((stream === 'reading' || stream === 'all') && link.readings) link.readings.writer.expectGap(reason);
  }

  private deviceBack(run: CaptureRun, link: DeviceLink): void {
    link.silent = false;
    this.warn(run, 'device_back', link.info.deviceId, `The sensor ${link.info.deviceId} is back; recording continues.`);
  }

  private sampleTracksFull(run: CaptureRun): boolean {
    const tracks = run.writers.filter((w): w is SampleWriter => w.kind === 'samples');
    return tracks.length > 0 && tracks.every((w) => w.track.full);
  }

  private failWrite(run: CaptureRun, error: unknown): void {
    const code = errorCode(error);
    const full = code === 'ENOSPC' || code === 'SQLITE_FULL' || code === 'EDQUOT';
    this.deps.log.error({ err: error, captureId: run.id }, 'writing a recording failed; stopping the capture');
    void this.stop(run.id, full ? 'disk_full' : 'write_error');
  }

  private warn(run: CaptureRun, kind: 'device_lost' | 'device_back' | 'gap' | 'disk_low', deviceId: string | null, message: string): void {
    this.deps.events.emit('capture.warning', { captureId: run.id, sessionId: run.sessionId, kind, deviceId, message });
  }

  private healthAtEnd(run: CaptureRun, link: DeviceLink): LinkHealth {
    const tracks = [link.audio, link.vibration].filter((w): w is SampleWriter => w !== null);
    return {
      ...link.health,
      gaps: tracks.reduce((n, w) => n + w.track.gaps.length, 0) + (link.readings?.writer.gaps.length ?? 0),
      missingSamples: tracks.reduce((n, w) => n + w.track.missingFrames, 0),
      duplicateChunks: tracks.reduce((n, w) => n + w.track.duplicateChunks, 0),
      reboots: link.clock.epoch,
    };
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
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  private tick(): void {
    this.ticks += 1;
    const running = [...this.captures.values()].filter((c) => c.state === 'recording');
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
          this.expectGap(link, 'all', link.health.lastState === 'connected' ? 'stall' : 'disconnect');
          this.warn(run, 'device_lost', link.info.deviceId, `Nothing has arrived from the sensor ${link.info.deviceId} for ${DEVICE_SILENCE_MS / 1000} s; recording continues and marks the gap.`);
        }
      }
      for (const w of run.writers) {
        if (w.kind === 'samples' && w.track.gaps.length > w.reportedGaps) {
          w.reportedGaps = w.track.gaps.length;
          this.warn(run, 'gap', w.deviceId, `Some ${w.stream} data did not arrive; the gap is marked in the recording.`);
        }
      }
      if (run.mic && now - run.mic.lastChunkMs > MIC_STALL_MS) void this.stop(run.id, 'stall');
      else if (run.deadlineMs !== null && now >= run.deadlineMs) void this.stop(run.id, 'duration');
    }
    if (this.ticks % 2 === 0) this.persist(running);
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
        this.warn(run, 'gap', w.deviceId, `The readings of the sensor ${w.deviceId} could not be stored; they stop here and the other sensors go on.`);
      }
    }
  }

  /** Every commit of readings goes through here: the ticks' and a capture's last. */
  private commitReadings(writers: ReadingsWriter[]): void {
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
      for (const run of running) this.failWrite(run, error);
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
        this.warn(run, 'disk_low', null, 'The disk is nearly full: recording stopped, everything so far is kept.');
        void this.stop(run.id, 'disk_low');
      }
    }
  }
}

/** Start time and gaps reach the database as soon as they change, so a recovered recording keeps them. */
function progressOf(w: StreamWriter): RecordingProgress {
  return w.kind === 'samples'
    ? { startUs: w.track.startUs, gaps: w.track.gaps, peak: w.track.peak, clippedSamples: w.track.clippedSamples }
    : { startUs: w.writer.firstUs, gaps: w.writer.gaps, peak: null, clippedSamples: 0 };
}

interface StreamPlan {
  deviceId: string | null;
  stream: RecordingStream;
  sampleRate: number | null;
  channels: number | null;
  readingRateHz: number | null;
  bytesPerSecond: number;
  label: string | null;
}

function streamsOf(d: DeviceInfo): RecordingStream[] {
  const streams: RecordingStream[] = [];
  if (d.audioSampleRate) streams.push('audio');
  if (d.vibrationSampleRate) streams.push('vibration');
  if (d.readingRateHz) streams.push('readings');
  return streams;
}

function devicePlans(d: DeviceInfo): StreamPlan[] {
  const label = `${d.transport} ${d.address}`;
  const plans: StreamPlan[] = [];
  if (d.audioSampleRate) {
    plans.push({ deviceId: d.deviceId, stream: 'audio', sampleRate: d.audioSampleRate, channels: 1, readingRateHz: null, bytesPerSecond: d.audioSampleRate * 2, label });
  }
  if (d.vibrationSampleRate) {
    plans.push({ deviceId: d.deviceId, stream: 'vibration', sampleRate: d.vibrationSampleRate, channels: 3, readingRateHz: null, bytesPerSecond: d.vibrationSampleRate * 12, label });
  }
  if (d.readingRateHz) {
    plans.push({ deviceId: d.deviceId, stream: 'readings', sampleRate: null, channels: null, readingRateHz: d.readingRateHz, bytesPerSecond: d.readingRateHz * 100, label });
  }
  return plans;
}

function micPlan(sampleRate: number): StreamPlan {
  return { deviceId: null, stream: 'audio', sampleRate, channels: 1, readingRateHz: null, bytesPerSecond: sampleRate * 2, label: null };
}

function interleave(x: Float32Array, y: Float32Array, z: Float32Array): Float32Array {
  const n = Math.min(x.length, y.length, z.length);
  const out = new Float32Array(n * 3);
  for (let i = 0, j = 0; i < n; i += 1, j += 3) {
    out[j] = x[i]!;
    out[j + 1] = y[i]!;
    out[j + 2] = z[i]!;
  }
  return out;
}

function errorCode(error: unknown): string | undefined {
  return error instanceof AppendError ? error.code : (error as { code?: string } | null)?.code;
}

/** A failure of the disk or the database file (every capture must stop), as opposed to one sensor's bad data. */
function isStorageFailure(error: unknown): boolean {
  if (error instanceof AppendError) return true;
  const code = errorCode(error);
  return typeof code === 'string' && (code.startsWith('E') || (code.startsWith('SQLITE_') && !code.startsWith('SQLITE_CONSTRAINT')));
}

function toCapture(run: CaptureRun): Capture {
  return {
    id: run.id,
    sessionId: run.sessionId,
    source: run.kind,
    durationS: run.durationS,
    state: run.state === 'recording' ? 'recording' : 'stopped',
    stopReason: run.stopReason,
    startedAt: run.startedAt.toISOString(),
    recordingIds: run.writers.map((w) => w.recordingId),
  };
}
