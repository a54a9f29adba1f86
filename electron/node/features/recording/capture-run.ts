import { type Capture, type LinkHealth, type StopReason } from '../../../../shared/contract';
import type { ActivityHandle, ActivityTracker } from '../../platform/activity';
import type { EventHub } from '../../platform/api/event-hub';
import type { Logger } from '../../platform/logging/log';
import type { DeviceInfo, DeviceStreamSource } from '../sensors';
import type { Db } from '../../platform/storage/database';
import { ArrivalWatch } from './arrival-watch';
import type { DeviceClock } from './device-clock';
import type { DiskGuard } from './disk-guard';
import type { FileStore } from './file-store';
import { ReadingsWriter } from './readings-writer';
import type { RecorderClock } from './recorder-clock';
import type { RecordingProgress, RecordingsRepository } from './recordings-repository';
import { SampleTrack } from './sample-track';
import type { SessionsRepository } from './sessions-repository';
import type { StreamPlan } from './stream-plans';
import { AppendError, WavAppender } from './wav-appender';

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

export interface SampleWriter {
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

export interface ReadingsStreamWriter {
  kind: 'readings';
  recordingId: string;
  stream: 'readings';
  deviceId: string;
  writer: ReadingsWriter;
  bytesPerSecond: number;
  savedState: string;
  failureReported?: boolean;
}

export type StreamWriter = SampleWriter | ReadingsStreamWriter;

export interface DeviceLink {
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

export interface MicState {
  writer: SampleWriter;
  sampleRate: number;
  ackedSeq: number;
  startUs: number | null;
  /** Monotonic. */
  lastChunkMs: number;
}

export interface CaptureRun {
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

/** What the parts of a capture's life (links, ticks, the finish) need of the recorder that runs it. */
export interface CaptureControl {
  readonly deps: RecorderDeps;
  stop(captureId: string, reason: StopReason): Promise<Capture>;
}

export type WarningKind = 'device_lost' | 'device_back' | 'gap' | 'disk_low';

export function warn(ctl: CaptureControl, run: CaptureRun, kind: WarningKind, deviceId: string | null, message: string): void {
  ctl.deps.events.emit('capture.warning', { captureId: run.id, sessionId: run.sessionId, kind, deviceId, message });
}

/** A file or the database refused a write: the capture stops, saying whether the disk is full. */
export function failWrite(ctl: CaptureControl, run: CaptureRun, error: unknown): void {
  const code = errorCode(error);
  const full = code === 'ENOSPC' || code === 'SQLITE_FULL' || code === 'EDQUOT';
  ctl.deps.log.error({ err: error, captureId: run.id }, 'writing a recording failed; stopping the capture');
  void ctl.stop(run.id, full ? 'disk_full' : 'write_error');
}

/**
 * The writers of a capture's streams, their WAV files created (headers only). Returns the files
 * made so far through `created` even when one fails, so the caller can take them back.
 */
export function openWriters(
  files: FileStore,
  run: CaptureRun,
  streams: readonly { p: StreamPlan; recordingId: string; series: number | undefined }[],
  created: string[],
): void {
  for (const { p, recordingId, series } of streams) {
    if (p.stream === 'readings') {
      run.writers.push({
        kind: 'readings',
        recordingId,
        stream: 'readings',
        deviceId: p.deviceId!,
        writer: new ReadingsWriter(series!, p.readingRateHz ? Math.round(1e6 / p.readingRateHz) : null),
        bytesPerSecond: p.bytesPerSecond,
        savedState: '',
      });
      continue;
    }
    const file = files.abs(files.recordingFile(run.sessionId, recordingId, '.wav'));
    const appender = WavAppender.create(file, {
      encoding: p.stream === 'audio' ? 'pcm' : 'float',
      bitsPerSample: p.stream === 'audio' ? 16 : 32,
      channels: p.channels!,
      sampleRate: p.sampleRate!,
    });
    created.push(file);
    const maxFrames = run.durationS === null ? null : Math.round(run.durationS * p.sampleRate!);
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
}

/** Start time and gaps reach the database as soon as they change, so a recovered recording keeps them. */
export function progressOf(w: StreamWriter): RecordingProgress {
  return w.kind === 'samples'
    ? { startUs: w.track.startUs, gaps: w.track.gaps, peak: w.track.peak, clippedSamples: w.track.clippedSamples }
    : { startUs: w.writer.firstUs, gaps: w.writer.gaps, peak: null, clippedSamples: 0 };
}

export function errorCode(error: unknown): string | undefined {
  return error instanceof AppendError ? error.code : (error as { code?: string } | null)?.code;
}

/** A failure of the disk or the database file (every capture must stop), as opposed to one sensor's bad data. */
export function isStorageFailure(error: unknown): boolean {
  if (error instanceof AppendError) return true;
  const code = errorCode(error);
  return typeof code === 'string' && (code.startsWith('E') || (code.startsWith('SQLITE_') && !code.startsWith('SQLITE_CONSTRAINT')));
}

export function toCapture(run: CaptureRun): Capture {
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
