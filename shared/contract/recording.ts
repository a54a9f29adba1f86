/*
 * Over 400 lines: the whole recording contract (visits, captures, recordings, imports, photos,
 * signatures) is one zod module so that the UI, the back end and the tests import one shape for
 * each; splitting it would scatter types that always change together.
 */
import { z } from 'zod';
import { ById, EntityId, method, NoParams, Timestamp } from './define';
import { optionalText } from './register';

/**
 * Sessions and recordings: one visit to one asset, and everything measured during it.
 *
 * A *capture* is one press of Record: it writes one *recording* per stream it takes (a sensor's
 * audio, vibration and readings, or the microphone's audio), all sharing the capture's id. An
 * import makes recordings too, with source `import`. Sample streams are kept as WAV files on disk
 * and served to the UI under `files/` (see `recordingMediaUrl`); readings live in SQLite.
 */

export const SessionTag = z.string().trim().min(1, { message: 'is required' }).max(40);
export const SessionTags = z.array(SessionTag).max(20);

export const SessionStatus = z.enum(['open', 'closed']);
export type SessionStatus = z.infer<typeof SessionStatus>;

export const RecordingSource = z.enum(['sensor', 'microphone', 'import']);
export type RecordingSource = z.infer<typeof RecordingSource>;
export const RecordingStream = z.enum(['audio', 'vibration', 'readings']);
export type RecordingStream = z.infer<typeof RecordingStream>;
export const RecordingStatus = z.enum(['recording', 'complete', 'recovered', 'failed']);
export type RecordingStatus = z.infer<typeof RecordingStatus>;

/** Why a recording ended. `shutdown`: the app was closed during it; recovered ones say `crash`. */
export const StopReason = z.enum([
  'user',
  'duration',
  'disk_low',
  'disk_full',
  'write_error',
  'stall',
  'no_data',
  'shutdown',
  'crash',
  'imported',
]);
export type StopReason = z.infer<typeof StopReason>;

/**
 * `clock_jump` and `rate_mismatch` mark a sensor that misbehaved without losing data (issue 14):
 * its clock leapt or became impossible, or its samples arrived faster than real time. Such a mark
 * has `missingFrames: 0`.
 */
export const GapReason = z.enum(['sequence', 'corrupt', 'disconnect', 'reboot', 'stall', 'overflow', 'clock_jump', 'rate_mismatch']);
export type GapReason = z.infer<typeof GapReason>;

/**
 * Data that should be in a recording and is not. Sample files hold only samples that arrived
 * (never filler): `atFrame` is where in the file the missing run belongs, `missingFrames` how long
 * it was (null when unknown). `startUs`/`endUs` place it on the session timeline.
 */
export const RecordingGap = z.object({
  atFrame: z.number().int().nonnegative().nullable(),
  missingFrames: z.number().int().nonnegative().nullable(),
  reason: GapReason,
  /** Microseconds since the Unix epoch: where the missing data starts and where data resumed (null if it never did). */
  startUs: z.number().int().nullable(),
  endUs: z.number().int().nullable(),
});
export type RecordingGap = z.infer<typeof RecordingGap>;

export const SampleFormat = z.enum(['pcm8', 'pcm16', 'pcm24', 'pcm32', 'float32', 'float64']);
export type SampleFormat = z.infer<typeof SampleFormat>;

export const Recording = z.object({
  id: EntityId,
  sessionId: EntityId,
  captureId: EntityId.nullable(),
  deviceId: z.string().nullable(),
  source: RecordingSource,
  /** The microphone's name, or the sensor's address; null for imports (see originalName). */
  sourceLabel: z.string().nullable(),
  stream: RecordingStream,
  status: RecordingStatus,
  stopReason: StopReason.nullable(),
  sampleRate: z.number().positive().nullable(),
  channels: z.number().int().positive().nullable(),
  sampleFormat: SampleFormat.nullable(),
  /** Sample frames in the file, or readings in the database. */
  frames: z.number().int().nonnegative(),
  durationS: z.number().nonnegative().nullable(),
  /** Session timeline (µs since the Unix epoch) of the first frame or reading; null when unknown (imports). */
  startUs: z.number().int().nullable(),
  gaps: z.array(RecordingGap),
  /** Largest absolute sample (1.0 = full scale for audio; g for vibration). */
  peak: z.number().nonnegative().nullable(),
  clippedSamples: z.number().int().nonnegative(),
  originalName: z.string().nullable(),
  hasOriginal: z.boolean(),
  bytes: z.number().int().nonnegative().nullable(),
  sha256: z.string().nullable(),
  startedAt: Timestamp,
  endedAt: Timestamp.nullable(),
  /** Relative URL of the playable WAV (sample streams), null for readings. */
  mediaUrl: z.string().nullable(),
});
export type Recording = z.infer<typeof Recording>;

export const LinkHealth = z.object({
  transport: z.string().nullable(),
  address: z.string().nullable(),
  firmwareVersion: z.string().nullable(),
  audioChunks: z.number().int().nonnegative(),
  vibrationChunks: z.number().int().nonnegative(),
  readings: z.number().int().nonnegative(),
  gaps: z.number().int().nonnegative(),
  missingSamples: z.number().int().nonnegative(),
  duplicateChunks: z.number().int().nonnegative(),
  disconnects: z.number().int().nonnegative(),
  reboots: z.number().int().nonnegative(),
  /** State of the link when the last capture ended. */
  lastState: z.enum(['connected', 'disconnected', 'reconnecting']),
  firstMessageAt: Timestamp.nullable(),
  lastMessageAt: Timestamp.nullable(),
});
export type LinkHealth = z.infer<typeof LinkHealth>;

export const SessionDevice = z.object({
  deviceId: z.string(),
  linkHealth: LinkHealth,
});
export type SessionDevice = z.infer<typeof SessionDevice>;

export const SessionPhoto = z.object({
  id: EntityId,
  sessionId: EntityId,
  caption: z.string().nullable(),
  takenAt: Timestamp.nullable(),
  createdAt: Timestamp,
  url: z.string(),
});
export type SessionPhoto = z.infer<typeof SessionPhoto>;

export const SessionSummary = z.object({
  id: EntityId,
  assetId: EntityId,
  assetName: z.string(),
  assetTag: z.string().nullable(),
  siteId: EntityId,
  siteName: z.string(),
  technician: z.string().nullable(),
  /** Stamped from the technician profile when the visit started (null on visits made before it existed). */
  technicianCompany: z.string().nullable(),
  technicianLicence: z.string().nullable(),
  status: SessionStatus,
  startedAt: Timestamp,
  endedAt: Timestamp.nullable(),
  notes: z.string().nullable(),
  tags: z.array(z.string()),
  recordingCount: z.number().int().nonnegative(),
  /** Seconds of audio and vibration recorded (sum over recordings). */
  recordedS: z.number().nonnegative(),
  /** True when any recording was recovered after a crash or has gaps: worth a look. */
  needsAttention: z.boolean(),
  updatedAt: Timestamp,
});
export type SessionSummary = z.infer<typeof SessionSummary>;

export const SessionDetail = SessionSummary.extend({
  recordings: z.array(Recording),
  devices: z.array(SessionDevice),
  photos: z.array(SessionPhoto),
});
export type SessionDetail = z.infer<typeof SessionDetail>;

export const SessionInput = z.object({
  assetId: EntityId,
  notes: optionalText(4000),
  tags: SessionTags.optional(),
});
export type SessionInput = z.input<typeof SessionInput>;

export const SessionPatch = z.object({
  id: EntityId,
  notes: optionalText(4000),
  tags: SessionTags.optional(),
  status: SessionStatus.optional(),
});

/** Fixed lengths offered to technicians; any length from 1 s to 1 h is accepted. */
export const FIXED_DURATIONS_S = [10, 30, 60] as const;
export const CaptureDuration = z.number().int().min(1).max(3600).nullable();

export const CaptureSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sensor'), deviceIds: z.array(z.string().min(1).max(128)).min(1).max(8) }).strict(),
  z
    .object({
      kind: z.literal('microphone'),
      sampleRate: z.number().int().min(8000).max(192_000),
      /** The microphone's name as the browser reports it. */
      label: z.string().trim().max(200).optional(),
    })
    .strict(),
]);
export type CaptureSource = z.infer<typeof CaptureSource>;

export const CaptureState = z.enum(['recording', 'stopped']);

export const Capture = z.object({
  id: EntityId,
  sessionId: EntityId,
  source: z.enum(['sensor', 'microphone']),
  durationS: CaptureDuration,
  state: CaptureState,
  stopReason: StopReason.nullable(),
  startedAt: Timestamp,
  recordingIds: z.array(EntityId),
});
export type Capture = z.infer<typeof Capture>;

/** Largest microphone chunk, in bytes of PCM16: 2 s at 48 kHz mono. Keeps WebSocket frames small. */
export const MAX_MIC_CHUNK_BYTES = 192_000;
/** Largest upload chunk, in bytes before base64. */
export const MAX_UPLOAD_CHUNK_BYTES = 512 * 1024;

const base64Of = (maxBytes: number) => z.base64().max(Math.ceil(maxBytes / 3) * 4);

export const MicChunk = z
  .object({
    captureId: EntityId,
    /** 0, 1, 2 ...: a repeated chunk is ignored, a missing one is marked as a gap. */
    seq: z.number().int().nonnegative(),
    /** Index of the chunk's first frame since the capture started. */
    firstFrame: z.number().int().nonnegative(),
    /** Mono PCM16 little-endian, base64. */
    pcm16: base64Of(MAX_MIC_CHUNK_BYTES),
  })
  .strict();

export const MicChunkAck = z.object({
  /** Highest chunk the back end has written (everything up to it is on disk, or a marked gap). */
  ackedSeq: z.number().int(),
  framesWritten: z.number().int().nonnegative(),
  /** True once the capture has stopped (fixed length reached, disk guard, or stopped elsewhere): send no more. */
  stopped: z.boolean(),
});

export const UploadPurpose = z.enum(['recording', 'photo']);

export const ImportOptions = z
  .object({
    sessionId: EntityId,
    uploadId: EntityId,
    /** What a WAV or FLAC holds: sound (default) or vibration (e.g. an accelerometer export). */
    stream: z.enum(['audio', 'vibration']).optional(),
    /** For waveform CSVs without a time column. */
    csvSampleRate: z.number().positive().max(1_000_000).optional(),
  })
  .strict();

export const WaveformRequest = z
  .object({
    id: EntityId,
    fromFrame: z.number().int().nonnegative().optional(),
    toFrame: z.number().int().positive().optional(),
    buckets: z.number().int().min(8).max(4096),
    channel: z.number().int().nonnegative().max(31).optional(),
  })
  .strict();

export const Waveform = z.object({
  sampleRate: z.number().positive(),
  channels: z.number().int().positive(),
  frames: z.number().int().nonnegative(),
  fromFrame: z.number().int().nonnegative(),
  toFrame: z.number().int().nonnegative(),
  framesPerBucket: z.number().positive(),
  min: z.array(z.number()),
  max: z.array(z.number()),
});
export type Waveform = z.infer<typeof Waveform>;

export const SPECTROGRAM_FFT_SIZES = [256, 512, 1024, 2048, 4096] as const;
export const SpectrogramRequest = z
  .object({
    id: EntityId,
    fromFrame: z.number().int().nonnegative().optional(),
    toFrame: z.number().int().positive().optional(),
    columns: z.number().int().min(8).max(1024),
    fftSize: z.literal(SPECTROGRAM_FFT_SIZES).optional(),
    channel: z.number().int().nonnegative().max(31).optional(),
  })
  .strict();

export const Spectrogram = z.object({
  sampleRate: z.number().positive(),
  fromFrame: z.number().int().nonnegative(),
  toFrame: z.number().int().nonnegative(),
  fftSize: z.number().int(),
  columns: z.number().int().nonnegative(),
  /** Frequency rows; row r covers [r, r + 1) × maxHz / bins. */
  bins: z.number().int().positive(),
  maxHz: z.number().positive(),
  dbMin: z.number(),
  dbMax: z.number(),
  /** columns × bins bytes, column after column, 0 = dbMin .. 255 = dbMax; base64. */
  levels: z.string(),
});
export type Spectrogram = z.infer<typeof Spectrogram>;

export const ReadingPoint = z.object({
  tUs: z.number().int(),
  temperatureC: z.number().nullable(),
  vibXG: z.number().nullable(),
  vibYG: z.number().nullable(),
  vibZG: z.number().nullable(),
  currentA: z.number().nullable(),
  powerW: z.number().nullable(),
  audioLevelDb: z.number().nullable(),
  /** Pressure transducers, absolute kPa; null for sensors without them. */
  suctionKpa: z.number().nullable(),
  dischargeKpa: z.number().nullable(),
});
export type ReadingPoint = z.infer<typeof ReadingPoint>;

export const RecoveredRecording = z.object({
  recordingId: EntityId,
  sessionId: EntityId,
  assetName: z.string(),
  stream: RecordingStream,
  status: RecordingStatus,
  durationS: z.number().nonnegative().nullable(),
  frames: z.number().int().nonnegative(),
});
export type RecoveredRecording = z.infer<typeof RecoveredRecording>;

export const CaptureDevice = z.object({
  deviceId: z.string(),
  transport: z.string(),
  address: z.string(),
  firmwareVersion: z.string().nullable(),
  streams: z.array(RecordingStream),
});
export type CaptureDevice = z.infer<typeof CaptureDevice>;

export const recordingMethods = {
  'sessions.create': method(SessionInput.strict(), SessionSummary),
  'sessions.get': method(ById, SessionDetail),
  'sessions.list': method(
    z
      .object({ assetId: EntityId.optional(), siteId: EntityId.optional(), limit: z.number().int().min(1).max(500).optional() })
      .strict(),
    z.array(SessionSummary),
  ),
  'sessions.update': method(SessionPatch.strict(), SessionSummary),
  /** Deletes the session with its recordings, readings, photos and files. Refused while it records. */
  'sessions.delete': method(ById, z.object({ deleted: z.literal(true) })),
  /** Writes WAV + CSV + JSON metadata (and photos, originals) as one zip in the data folder. */
  'sessions.export': method(ById, z.object({ fileName: z.string(), url: z.string(), path: z.string(), bytes: z.number().int() })),
  'sessions.addPhoto': method(
    z.object({ sessionId: EntityId, uploadId: EntityId, caption: optionalText(300) }).strict(),
    SessionPhoto,
  ),
  'sessions.deletePhoto': method(ById, z.object({ deleted: z.literal(true) })),

  /** Chunked upload of a file the UI holds (a picked or dropped file, a photo) into a temp file. */
  'uploads.begin': method(
    z.object({ name: z.string().trim().min(1).max(255), bytes: z.number().int().positive().max(1024 ** 3), purpose: UploadPurpose }).strict(),
    z.object({ uploadId: EntityId, chunkBytes: z.number().int().positive() }),
  ),
  'uploads.chunk': method(
    z.object({ uploadId: EntityId, seq: z.number().int().nonnegative(), data: base64Of(MAX_UPLOAD_CHUNK_BYTES) }).strict(),
    z.object({ received: z.number().int().nonnegative(), nextSeq: z.number().int().nonnegative() }),
  ),
  'uploads.cancel': method(z.object({ uploadId: EntityId }).strict(), z.object({ cancelled: z.boolean() })),

  /** Imports a finished upload (WAV, FLAC, CSV) into a session: validated completely, then committed at once. */
  'recordings.import': method(ImportOptions, z.array(Recording)),
  'recordings.waveform': method(WaveformRequest, Waveform),
  'recordings.spectrogram': method(SpectrogramRequest, Spectrogram),
  'recordings.readings': method(
    z
      .object({
        id: EntityId,
        fromUs: z.number().int().optional(),
        toUs: z.number().int().optional(),
        maxPoints: z.number().int().min(10).max(5000).optional(),
      })
      .strict(),
    z.object({ total: z.number().int().nonnegative(), points: z.array(ReadingPoint) }),
  ),
  /** Recordings found interrupted (crash, power cut) and repaired when the app last started. */
  'recordings.recoveries': method(NoParams, z.array(RecoveredRecording)),

  /** Sensors that can be recorded from right now. */
  'captures.devices': method(NoParams, z.array(CaptureDevice)),
  'captures.start': method(
    z.object({ sessionId: EntityId, source: CaptureSource, durationS: CaptureDuration }).strict(),
    Capture,
  ),
  'captures.micChunk': method(MicChunk, MicChunkAck),
  'captures.stop': method(z.object({ captureId: EntityId }).strict(), Capture),
  /** Captures running now (a reloaded page finds its recording again). */
  'captures.active': method(NoParams, z.array(Capture)),
};

export const CaptureLevel = z.object({
  recordingId: EntityId,
  stream: RecordingStream,
  deviceId: z.string().nullable(),
  /** Peak since the previous progress event (audio: 0..1 of full scale; vibration: g). */
  peak: z.number().nonnegative(),
  clipped: z.boolean(),
  frames: z.number().int().nonnegative(),
});

export const recordingEvents = {
  /** A session, its recordings or photos changed: refetch what shows it (and sites'/assets' last service). */
  'sessions.changed': z.object({ sessionId: z.string(), assetId: z.string(), deleted: z.boolean().optional() }),
  /** About four times a second while a capture runs. */
  'capture.progress': z.object({
    captureId: EntityId,
    sessionId: EntityId,
    elapsedS: z.number().nonnegative(),
    levels: z.array(CaptureLevel),
  }),
  /** Something the technician should know now: a sensor dropped out or came back, data is missing, the disk is nearly full. */
  'capture.warning': z.object({
    captureId: EntityId,
    sessionId: EntityId,
    kind: z.enum(['device_lost', 'device_back', 'gap', 'disk_low']),
    deviceId: z.string().nullable(),
    message: z.string(),
  }),
  'capture.stopped': z.object({ captureId: EntityId, sessionId: EntityId, reason: StopReason, message: z.string() }),
};

/** The one URL scheme for files the back end serves: relative, so it works under app:// and http://. */
export const FILES_PREFIX = 'files';
export const recordingMediaUrl = (recordingId: string) => `${FILES_PREFIX}/recordings/${recordingId}.wav`;
export const recordingOriginalUrl = (recordingId: string) => `${FILES_PREFIX}/recordings/${recordingId}/original`;
export const photoUrl = (photoId: string) => `${FILES_PREFIX}/photos/${photoId}`;
export const exportUrl = (fileName: string) => `${FILES_PREFIX}/exports/${encodeURIComponent(fileName)}`;
