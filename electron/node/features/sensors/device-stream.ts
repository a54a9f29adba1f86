/**
 * What a connected sensor delivers to the rest of the back end, whatever carried it (USB serial,
 * TCP, the HTTP ingest of existing firmware, the simulator). The sensor link produces these
 * messages; recording, the live view and link health consume them.
 *
 * Time: `deviceTimeUs` is the sensor's own clock in microseconds (it resets when the sensor
 * reboots); `hostTimeMs` is this computer's clock when the message arrived. Sample streams also
 * carry `firstSample`, the index of their first sample since the stream started, so a consumer can
 * place every sample exactly and see any that are missing.
 */

export type TransportKind = 'serial' | 'tcp' | 'http-ingest';

export interface DeviceInfo {
  /** The sensor's own id (HELLO frame or the `device_id` of JSON readings); stable across reconnects. */
  deviceId: string;
  firmwareVersion: string | null;
  transport: TransportKind;
  /** Port path (`/dev/ttyUSB0`), `host:port`, or the remote address of an HTTP sender. */
  address: string;
  /** Stream rates the sensor announced; null for a stream it does not have. */
  audioSampleRate: number | null;
  vibrationSampleRate: number | null;
  readingRateHz: number | null;
}

export type StreamName = 'audio' | 'vibration' | 'reading';

export interface AudioChunk {
  type: 'audio';
  deviceId: string;
  deviceTimeUs: number;
  hostTimeMs: number;
  sampleRate: number;
  firstSample: number;
  /** Mono PCM16. */
  samples: Int16Array;
}

export interface VibrationChunk {
  type: 'vibration';
  deviceId: string;
  deviceTimeUs: number;
  hostTimeMs: number;
  sampleRate: number;
  firstSample: number;
  /** Acceleration in g, one array per axis, equal lengths. */
  x: Float32Array;
  y: Float32Array;
  z: Float32Array;
}

/** A slow reading (1-10 Hz). Absent sensors are null, never zero. */
export interface Reading {
  type: 'reading';
  deviceId: string;
  deviceTimeUs: number;
  hostTimeMs: number;
  temperatureC: number | null;
  /** Vibration summary in g (per-axis RMS over the reading interval). */
  vibrationG: { x: number; y: number; z: number } | null;
  currentA: number | null;
  powerW: number | null;
  audioLevelDb: number | null;
  /** 0..1, the sensor's own estimate of its measurement quality. */
  quality: number | null;
  /** Refrigerant pressures from the sensor's transducers, absolute kPa; null without a transducer. */
  suctionKpa: number | null;
  dischargeKpa: number | null;
}

/**
 * Data that should have arrived and did not. Never papered over: recordings mark it, the live
 * view shows it, link health counts it.
 */
export interface Gap {
  type: 'gap';
  deviceId: string;
  stream: StreamName | 'all';
  reason: 'sequence' | 'corrupt' | 'disconnect' | 'reboot' | 'stall' | 'overflow';
  hostTimeMs: number;
  /** For sample streams: where the missing run starts and how long it is, when known. */
  fromSample?: number;
  missingSamples?: number;
  /** For frame-level losses: how many frames were lost, when known. */
  missingFrames?: number;
}

export interface LinkStateChange {
  type: 'link';
  deviceId: string;
  state: 'connected' | 'disconnected' | 'reconnecting';
  hostTimeMs: number;
}

export type StreamMessage = AudioChunk | VibrationChunk | Reading | Gap | LinkStateChange;

/** Implemented by the sensor link; recording and the live view depend only on this. */
export interface DeviceStreamSource {
  /** Devices connected right now. */
  connected(): DeviceInfo[];
  /** A firmware update holds the sensor: it cannot be recorded until it is over. */
  updating?(deviceId: string): boolean;
  /** Every message of one device, from now on, until the returned function is called. */
  subscribe(deviceId: string, listener: (message: StreamMessage) => void): () => void;
}
