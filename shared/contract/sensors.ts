import { z } from 'zod';
import { method, NoParams } from './define';

/**
 * The sensor link as the UI sees it: sensors found and connected, their link health, the local
 * ingest endpoint for the existing firmware, and the live view's decimated data. The samples
 * themselves never cross this contract: the back end sends min/max columns and spectra.
 */

export const SensorTransport = z.enum(['serial', 'tcp', 'http-ingest']);
export type SensorTransport = z.infer<typeof SensorTransport>;

/** How the app came to know the sensor: a USB board, mDNS, an address typed in, the simulator's port folder, an HTTP sender. */
export const SensorSource = z.enum(['usb', 'mdns', 'manual', 'simulator', 'ingest']);
export type SensorSource = z.infer<typeof SensorSource>;

/**
 * found: seen, not connected. connecting: opening and asking who it is. connected: data flows.
 * reconnecting: the link was lost (or went silent) and the app is getting it back.
 * waiting: an address added by hand where nothing answers yet (the sensor is off or still
 * booting); tried again by itself, more slowly each time, up to every 30 s. Not an error.
 * disconnected: the technician disconnected it. unavailable: it answered but cannot be used (see problem).
 */
export const SensorLinkState = z.enum(['found', 'connecting', 'connected', 'reconnecting', 'waiting', 'disconnected', 'unavailable']);
export type SensorLinkState = z.infer<typeof SensorLinkState>;

export const SensorProblemCode = z.enum([
  'handshake_timeout',
  'wrong_device',
  'open_failed',
  'connect_failed',
  'link_lost',
  'serial_process',
  'already_connected',
]);
export type SensorProblemCode = z.infer<typeof SensorProblemCode>;

const count = z.number().int().nonnegative();
const nullableNumber = z.number().nullable();

export const SensorBadFrameCounts = z.object({
  cobs: count,
  length: count,
  crc: count,
  malformed: count,
  oversize: count,
  truncated: count,
  garbage: count,
});

/** Everything known about one sensor's link, counted since the app first connected it. Stored with every session. */
export const SensorLinkHealth = z.object({
  deviceId: z.string(),
  transport: SensorTransport,
  address: z.string(),
  state: SensorLinkState,
  /** Host clock, ms since the epoch. */
  connectedSinceMs: nullableNumber,
  lastDataAtMs: nullableNumber,
  bytes: count,
  frames: count,
  badFrames: count,
  bad: SensorBadFrameCounts,
  /** Intact frames of an unknown type or a newer protocol version. */
  skippedFrames: count,
  /** Frames that never arrived, from gaps in the sequence numbers. */
  framesLost: count,
  duplicateFrames: count,
  /** Gap messages emitted (each marks missing data in the streams). */
  gaps: count,
  lostSamples: z.object({ audio: count, vibration: count }),
  reconnects: count,
  disconnects: count,
  stalls: count,
  reboots: count,
  /** Half the round trip of the last time sync, and its moving average. */
  latencyMs: nullableNumber,
  latencyAvgMs: nullableNumber,
  clockOffsetMs: nullableNumber,
  clockDriftPpm: nullableNumber,
  legacyReadings: count,
  legacyRejected: count,
  textLines: count,
  /** Refused as impossible (issue 14): HELLO rates outside the hardware's range; sample frames declaring a rate other than HELLO's. */
  refusedRates: count,
  refusedFrames: count,
  /** The sensor's own STATUS report, when it sends one. */
  device: z
    .object({
      batteryPercent: nullableNumber,
      rssiDbm: nullableNumber,
      droppedSamples: count,
      freeHeapBytes: count,
    })
    .nullable(),
});
export type SensorLinkHealth = z.infer<typeof SensorLinkHealth>;

export const SensorStreams = z.object({
  audioSampleRate: nullableNumber,
  vibrationSampleRate: nullableNumber,
  readingRateHz: nullableNumber,
});

export const SensorEntry = z.object({
  /** Stable key for this entry: the device id once known, otherwise `serial:<path>` or `tcp:<host>:<port>`. */
  key: z.string(),
  deviceId: z.string().nullable(),
  model: z.string().nullable(),
  firmwareVersion: z.string().nullable(),
  transport: SensorTransport,
  address: z.string(),
  source: SensorSource,
  state: SensorLinkState,
  problem: z.object({ code: SensorProblemCode, message: z.string() }).nullable(),
  streams: SensorStreams.nullable(),
  health: SensorLinkHealth.nullable(),
});
export type SensorEntry = z.infer<typeof SensorEntry>;

export const SensorIngestSettings = z.object({
  enabled: z.boolean(),
  /** Listen on the local network, not only on this computer. Off unless the technician turns it on. */
  lan: z.boolean(),
  port: z.number().int().min(1).max(65535),
});
export type SensorIngestSettings = z.infer<typeof SensorIngestSettings>;

export const SensorIngestStatus = SensorIngestSettings.extend({
  listening: z.boolean(),
  /** Addresses a sensor can post to. */
  urls: z.array(z.string()),
  /** Why it is not listening although on: a code the UI words itself, with the system's detail. */
  error: z.object({ code: z.enum(['port_in_use', 'not_started']), port: z.number().int(), detail: z.string().nullable() }).nullable(),
});
export type SensorIngestStatus = z.infer<typeof SensorIngestStatus>;

/**
 * A sensor posting to the HTTP ingest that the technician has not accepted yet (issue 14, case 6).
 * Its data is answered 202 and not kept; nothing of it is stored until it is accepted.
 */
export const PendingIngestDevice = z.object({
  deviceId: z.string(),
  /** The remote address of its latest request. */
  address: z.string(),
  /** Host clock, ms since the epoch. */
  firstSeenMs: z.number(),
  lastSeenMs: z.number(),
  requests: count,
  /** What it posted: readings (`/api/iot/sensors/data`), sound (`/api/esp32/audio/upload`). */
  streams: z.array(z.enum(['readings', 'audio'])),
});
export type PendingIngestDevice = z.infer<typeof PendingIngestDevice>;

/**
 * Who may post to the ingest: devices waiting for the technician's decision (at most `cap`, the
 * oldest dropped first and counted), and the decisions kept between runs.
 */
export const IngestConsentState = z.object({
  /** Goes up with every change; events carrying it come at most every 500 ms. */
  version: count,
  pending: z.array(PendingIngestDevice),
  cap: count,
  /** Pending devices pushed out of the full list by newer ones since the app started. */
  dropped: count,
  /** Requests answered 429 (too many from one address, or too many unknown devices) since the app started. */
  limited: count,
  accepted: z.array(z.string()),
  ignored: z.array(z.string()),
});
export type IngestConsentState = z.infer<typeof IngestConsentState>;

export const SensorSerialProcessStatus = z.object({
  state: z.enum(['starting', 'running', 'restarting', 'stopped']),
  restarts: count,
  lastExit: z.string().nullable(),
});

export const SensorsSnapshot = z.object({
  entries: z.array(SensorEntry),
  ingest: SensorIngestStatus,
  serial: SensorSerialProcessStatus,
  /** Why network discovery is off, as a code the page words from its catalogue (the system's own text goes to the log). */
  mdns: z.object({ browsing: z.boolean(), error: z.enum(['port_in_use', 'no_permission', 'no_network', 'failed']).nullable() }),
});
export type SensorsSnapshot = z.infer<typeof SensorsSnapshot>;

export const LiveReading = z.object({
  hostTimeMs: z.number(),
  temperatureC: nullableNumber,
  vibX: nullableNumber,
  vibY: nullableNumber,
  vibZ: nullableNumber,
  currentA: nullableNumber,
  powerW: nullableNumber,
  audioLevelDb: nullableNumber,
  quality: nullableNumber,
  /** Pressure transducers, absolute kPa (docs/protocol.md); null without them. */
  suctionKpa: nullableNumber,
  dischargeKpa: nullableNumber,
});
export type LiveReading = z.infer<typeof LiveReading>;

export const LiveGap = z.object({
  hostTimeMs: z.number(),
  stream: z.enum(['audio', 'vibration', 'reading', 'all']),
  reason: z.enum(['sequence', 'corrupt', 'disconnect', 'reboot', 'stall', 'overflow']),
  missingFrames: z.number().nullable(),
  missingSamples: z.number().nullable(),
});
export type LiveGap = z.infer<typeof LiveGap>;

/**
 * What a page shows of a sensor: the sound's waveform, its spectrogram, and the readings (values,
 * charts, vibration RMS). A subscription carries only these; gaps and the link state always come.
 */
export const LiveView = z.enum(['waveform', 'spectrogram', 'readings']);
export type LiveView = z.infer<typeof LiveView>;
/** Live frames come at most this often (the back end's tick), and at least this often while subscribed. */
export const LIVE_MIN_INTERVAL_MS = 100;
export const LIVE_MAX_INTERVAL_MS = 2000;

/**
 * Everything since the previous frame of one subscribed sensor, decimated for drawing: one every
 * 100 ms, or fewer and fuller ones when the page asked for a slower rate or its connection is
 * behind. Only the views the page subscribed to are filled.
 */
export const SensorLiveFrame = z.object({
  deviceId: z.string(),
  hostTimeMs: z.number(),
  state: SensorLinkState,
  audio: z
    .object({
      sampleRate: z.number(),
      samplesPerColumn: z.number(),
      /** Per column, the smallest and largest sample, scaled to -1..1. */
      min: z.array(z.number()),
      max: z.array(z.number()),
      levelDbfs: nullableNumber,
    })
    .nullable(),
  /** Spectra since the previous frame, oldest first: one per 100 ms of sound (dB, whole numbers). */
  spectra: z.object({ binHz: z.number(), columns: z.array(z.array(z.number())) }).nullable(),
  vibrationRmsG: z.object({ x: z.number(), y: z.number(), z: z.number() }).nullable(),
  readings: z.array(LiveReading),
  gaps: z.array(LiveGap),
});
export type SensorLiveFrame = z.infer<typeof SensorLiveFrame>;

const EntryKey = z.string().min(1).max(300);
const DeviceId = z.string().min(1).max(64);

/** Host names and IPv4/IPv6 literals; no scheme, no path. */
const Host = z
  .string()
  .trim()
  .min(1, { message: 'is required' })
  .max(253)
  .regex(/^[A-Za-z0-9.\-:[\]]+$/, { message: 'must be a host name or an IP address' });

export const AddSensorParams = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tcp'), host: Host, port: z.number().int().min(1).max(65535) }).strict(),
  z
    .object({
      kind: z.literal('serial'),
      path: z
        .string()
        .trim()
        .min(1, { message: 'is required' })
        .max(260)
        .regex(/^(\/|\\\\\.\\|COM\d+$)/i, { message: 'must be a device path such as /dev/ttyUSB0 or COM3' }),
      baudRate: z.number().int().min(1200).max(4_000_000).optional(),
    })
    .strict(),
]);
export type AddSensorParams = z.input<typeof AddSensorParams>;

/** UTF-8 bytes of a string (the sensor's limits are in bytes; shared/ has no TextEncoder). */
function utf8Bytes(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** The sensor refuses names with control characters (C0, DEL, C1): they are not for people. */
function hasControlCharacter(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return true;
  }
  return false;
}

/** What a sensor says about itself over its link (the INFO command): never a credential. */
export const SensorBoardInfo = z.object({
  deviceId: DeviceId,
  /** The name a technician gave it ("" when none). */
  name: z.string(),
  firmwareVersion: z.string(),
  model: z.string(),
  chip: z.string(),
  idfVersion: z.string(),
  mac: z.string(),
  flashBytes: z.number(),
  ip: z.string(),
  apSsid: z.string(),
  wifiConfigured: z.boolean(),
  wifiConnected: z.boolean(),
  apActive: z.boolean(),
  /** Name and Wi-Fi can be written only over USB (credentials never travel over the network). */
  canProvision: z.boolean(),
});
export type SensorBoardInfo = z.infer<typeof SensorBoardInfo>;

/**
 * Provisioning over USB: a name, the site's Wi-Fi (an empty password for an open network), or
 * forgetting the Wi-Fi. Flat, so the log redaction of `password` covers it.
 */
export const ProvisionSensorParams = z
  .object({
    deviceId: DeviceId,
    name: z
      .string()
      .trim()
      .min(1, { message: 'is required' })
      .refine((s) => utf8Bytes(s) <= 63 && !hasControlCharacter(s), { message: 'must be at most 63 bytes of text' })
      .optional(),
    ssid: z
      .string()
      .min(1, { message: 'is required' })
      .refine((s) => utf8Bytes(s) <= 32 && !s.includes('\u0000'), { message: 'must be at most 32 bytes' })
      .optional(),
    password: z
      .string()
      .refine((s) => s === '' || /^[\x20-\x7e]{8,63}$/.test(s), { message: 'must be empty (an open network) or 8 to 63 printable characters' })
      .optional(),
    forgetWifi: z.boolean().optional(),
  })
  .strict()
  .refine((p) => p.password === undefined || p.ssid !== undefined, { message: 'a password needs its network name', path: ['ssid'] })
  .refine((p) => !(p.forgetWifi && p.ssid !== undefined), { message: 'either forget the Wi-Fi or set it', path: ['forgetWifi'] });
export type ProvisionSensorParams = z.input<typeof ProvisionSensorParams>;

export const sensorsMethods = {
  'sensors.list': method(NoParams, SensorsSnapshot),
  /** Connects a found sensor; answers at once with the entry (connecting), events follow. */
  'sensors.connect': method(z.object({ key: EntryKey }).strict(), SensorEntry),
  'sensors.disconnect': method(z.object({ key: EntryKey }).strict(), SensorEntry),
  /** A sensor by address (host:port, or a serial port path), remembered and connected. */
  'sensors.add': method(AddSensorParams, SensorEntry),
  /** Forgets an address added by hand (disconnecting it first). */
  'sensors.forget': method(z.object({ key: EntryKey }).strict(), z.object({ forgotten: z.boolean() })),
  /** Blinks the sensor's LED, to tell several sensors apart on site. */
  'sensors.identify': method(z.object({ deviceId: DeviceId, seconds: z.number().int().min(1).max(60).optional() }).strict(), z.object({ acknowledged: z.boolean() })),
  'sensors.health': method(z.object({ deviceId: DeviceId }).strict(), SensorLinkHealth),
  /** Readings of the last minutes, downsampled, so a chart opened late is not empty. */
  'sensors.recent': method(z.object({ deviceId: DeviceId }).strict(), z.object({ readings: z.array(LiveReading), gaps: z.array(LiveGap) })),
  /**
   * `sensors.live` frames of these sensors, to this connection (window or browser tab) only, with
   * only these views, at most every `intervalMs`. Replaces the connection's earlier subscription
   * of the same sensors; ends with `sensors.live.unsubscribe` or when the connection closes.
   */
  'sensors.live.subscribe': method(
    z
      .object({
        deviceIds: z.array(DeviceId).min(1).max(8),
        views: z.array(LiveView).min(1).max(3),
        intervalMs: z.number().int().min(LIVE_MIN_INTERVAL_MS).max(LIVE_MAX_INTERVAL_MS).optional(),
      })
      .strict(),
    z.object({ deviceIds: z.array(z.string()), intervalMs: z.number() }),
  ),
  /** Ends this connection's subscription of these sensors (all of them when `deviceIds` is absent). */
  'sensors.live.unsubscribe': method(z.object({ deviceIds: z.array(DeviceId).max(8).optional() }).strict(), z.object({ deviceIds: z.array(z.string()) })),
  'sensors.ingest.update': method(SensorIngestSettings.partial().strict(), SensorIngestStatus),
  /** Devices posting to the ingest that wait for the technician's decision, and the decisions kept. */
  'sensors.pending.list': method(NoParams, IngestConsentState),
  /** Registers a pending device: its data is taken from its next request on, and after restarts. */
  'sensors.pending.accept': method(z.object({ deviceId: DeviceId }).strict(), IngestConsentState),
  /** Refuses a pending device's data (403) until the technician removes it from the ignored list. */
  'sensors.pending.ignore': method(z.object({ deviceId: DeviceId }).strict(), IngestConsentState),
  /** Removes a device from the ignored list: its next request makes it pending again. */
  'sensors.pending.unignore': method(z.object({ deviceId: DeviceId }).strict(), IngestConsentState),
  /** Board facts of a connected sensor (firmware, chip, name, whether Wi-Fi is set). */
  'sensors.info': method(z.object({ deviceId: DeviceId }).strict(), SensorBoardInfo),
  /** Names the sensor and writes the site's Wi-Fi over USB; answers with the sensor's facts after. */
  'sensors.provision': method(ProvisionSensorParams, SensorBoardInfo),
};

export const sensorsEvents = {
  /** Entries, states and health changed (at most a few times a second; every second while connected). */
  'sensors.changed': SensorsSnapshot,
  /** The ingest's pending list or decisions changed (coalesced: at most one every 500 ms). */
  'sensors.pending.changed': IngestConsentState,
  /** Sent only to connections subscribed to the sensor (`sensors.live.subscribe`). */
  'sensors.live': SensorLiveFrame,
};
