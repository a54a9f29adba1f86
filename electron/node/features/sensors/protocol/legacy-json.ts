import { deviceIdProblem } from '../device-id';
/**
 * Readings from the existing SignalCraft firmware: one JSON object per reading, sent by HTTP POST
 * to `/api/iot/sensors/data` or printed as a line. The rules and error texts are the server's
 * (docs/field-facts.md §4), so a sensor pointed at this app sees the answers it already knows.
 */
export const LEGACY_REQUIRED_FIELDS = [
  'device_id',
  'timestamp',
  'temperature',
  'vibration',
  'power_consumption',
  'audio_level',
] as const;

export interface LegacyReading {
  deviceId: string;
  /** The sensor's clock, epoch seconds. */
  timestamp: number;
  temperatureC: number | null;
  vibrationG: { x: number; y: number; z: number } | null;
  powerW: number | null;
  audioLevelDb: number | null;
  quality: number | null;
  /** Amperes, from the optional `current` field (boards with the ACS712 fitted); null when absent. */
  currentA: number | null;
}

export type LegacyResult = { ok: true; reading: LegacyReading } | { ok: false; error: string };

const MAX_DEVICE_ID = 64;

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function numberOrNull(body: Record<string, unknown>, field: string): number | null | string {
  const v = body[field];
  if (v === null) return null;
  if (isNumber(v)) return v;
  return `Invalid field: ${field} (expected a number)`;
}

/** Validates a parsed JSON body. Errors are worded as the server words them. */
export function parseLegacyReading(body: unknown): LegacyResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, error: 'Request body must be a JSON object' };
  }
  const record = body as Record<string, unknown>;
  for (const field of LEGACY_REQUIRED_FIELDS) {
    if (!Object.hasOwn(record, field)) return { ok: false, error: `Missing required field: ${field}` };
  }
  const deviceId = record.device_id;
  if (typeof deviceId !== 'string' || deviceId.trim() === '' || deviceId.length > MAX_DEVICE_ID) {
    return { ok: false, error: `Invalid field: device_id (expected text of 1 to ${MAX_DEVICE_ID} characters)` };
  }
  const problem = deviceIdProblem(deviceId);
  if (problem) return { ok: false, error: `Invalid field: device_id (${problem})` };
  const timestamp = record.timestamp;
  if (!isNumber(timestamp) || timestamp < 0) return { ok: false, error: 'Invalid field: timestamp (expected epoch seconds)' };

  let vibrationG: LegacyReading['vibrationG'] = null;
  const vib = record.vibration;
  if (vib !== null) {
    const v = vib as Record<string, unknown>;
    if (typeof vib !== 'object' || !isNumber(v.x) || !isNumber(v.y) || !isNumber(v.z)) {
      return { ok: false, error: 'Invalid field: vibration (expected {"x": number, "y": number, "z": number})' };
    }
    vibrationG = { x: v.x, y: v.y, z: v.z };
  }
  const temperatureC = numberOrNull(record, 'temperature');
  const powerW = numberOrNull(record, 'power_consumption');
  const audioLevelDb = numberOrNull(record, 'audio_level');
  const quality = Object.hasOwn(record, 'sensor_quality') ? numberOrNull(record, 'sensor_quality') : null;
  const currentA = Object.hasOwn(record, 'current') ? numberOrNull(record, 'current') : null;
  for (const value of [temperatureC, powerW, audioLevelDb, quality, currentA]) {
    if (typeof value === 'string') return { ok: false, error: value };
  }
  return {
    ok: true,
    reading: {
      deviceId: deviceId.trim(),
      timestamp,
      temperatureC: temperatureC as number | null,
      vibrationG,
      powerW: powerW as number | null,
      audioLevelDb: audioLevelDb as number | null,
      quality: normaliseQuality(quality as number | null),
      currentA: currentA as number | null,
    },
  };
}

/**
 * The firmware's `sensor_quality` has been seen both as 0..1 and as a percentage; readings carry
 * 0..1. Values outside 0..100 are not a quality: dropped rather than guessed.
 */
function normaliseQuality(value: number | null): number | null {
  if (value === null || value < 0 || value > 100) return null;
  return value > 1 ? value / 100 : value;
}
