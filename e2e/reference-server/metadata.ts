import { z } from 'zod';

/**
 * The report metadata as the server checks it (docs/server-api.md, section 3.2). Written from the
 * document, independently of the app's own types, so that a client drifting from the contract
 * fails here as it would against the real server.
 */
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SHA-256');
const Id = z.uuid();
const Text = z.string().max(10_000);
const When = z.iso.datetime({ offset: true });

const FileDecl = z.object({
  id: Id,
  contentType: z.string().min(1).max(100),
  bytes: z.number().int().min(0).max(4 * 1024 ** 3),
  sha256: Sha256,
});

export const ReportMetadata = z.object({
  schema: z.literal('signalcraft.field-report/1'),
  reportId: Id,
  app: z.object({ name: z.string(), version: z.string() }),
  session: z.object({
    id: Id,
    startedAt: When,
    endedAt: When.nullable(),
    technician: Text.nullable(),
    /** The technician profile stamped when the visit started (optional: older apps do not send it). */
    technicianProfile: z.object({ name: Text.nullable(), company: Text.nullable(), licenceNumber: Text.nullable() }).optional(),
    notes: Text.nullable(),
    tags: z.array(z.string().max(200)).max(100),
  }),
  customer: z.object({ name: z.string().min(1).max(200) }).nullable(),
  site: z.object({ id: Id, name: z.string().min(1).max(200), address: Text.nullable() }),
  asset: z.object({
    id: Id,
    name: z.string().min(1).max(200),
    kind: z.string().min(1).max(50),
    maker: Text.nullable(),
    model: Text.nullable(),
    serialNumber: Text.nullable(),
    refrigerant: Text.nullable(),
    assetTag: Text.nullable(),
    location: Text.nullable(),
  }),
  diagnosis: z.record(z.string(), z.unknown()).nullable(),
  /** The visit verdict (computed, the technician's override, effective, revision); optional for older apps. */
  verdict: z.record(z.string(), z.unknown()).optional(),
  signature: z.object({ signerName: Text.nullable(), signedAt: When }).nullable(),
  recordings: z
    .array(
      FileDecl.extend({
        stream: z.string().max(50),
        source: z.string().max(50),
        deviceId: z.string().max(200).nullable(),
        sampleRate: z.number().positive().nullable(),
        channels: z.number().int().positive().nullable(),
        durationS: z.number().nonnegative().nullable(),
        startedAt: When,
        status: z.string().max(50),
      }),
    )
    .max(500),
  photos: z.array(FileDecl.extend({ caption: Text.nullable(), takenAt: When.nullable() })).max(500),
  readings: z.object({
    count: z.number().int().nonnegative(),
    batches: z
      .array(z.object({ id: z.string().regex(/^[0-9a-f-]{36}\.\d{1,6}$/, 'must be <recordingId>.<index>'), count: z.number().int().min(1).max(5000) }))
      .max(100_000),
  }),
  document: FileDecl.extend({ language: z.enum(['ko', 'en']) }).nullable(),
});
export type ReportMetadata = z.infer<typeof ReportMetadata>;

export const REQUIRED_READING_FIELDS = ['device_id', 'timestamp', 'temperature', 'vibration', 'power_consumption', 'audio_level'] as const;

/**
 * The existing endpoint's check (docs/field-facts.md §4): the first required field that is absent
 * is named. Present-but-null is accepted: it means "not measured".
 */
export function missingReadingField(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return REQUIRED_READING_FIELDS[0];
  for (const field of REQUIRED_READING_FIELDS) {
    if (!Object.hasOwn(body, field)) return field;
  }
  return null;
}

/** Beyond presence: the values a store can keep. Returns the English reason, or null. */
export function invalidReading(body: Record<string, unknown>): string | null {
  if (typeof body.device_id !== 'string' || body.device_id.length === 0) return 'device_id must be a non-empty string';
  if (typeof body.timestamp !== 'number' || !Number.isFinite(body.timestamp)) return 'timestamp must be epoch seconds';
  for (const key of ['temperature', 'power_consumption', 'audio_level', 'sensor_quality'] as const) {
    const v = body[key];
    if (v !== undefined && v !== null && (typeof v !== 'number' || !Number.isFinite(v))) return `${key} must be a number or null`;
  }
  const vib = body.vibration;
  if (vib !== null) {
    if (typeof vib !== 'object' || vib === undefined) return 'vibration must be an object {x, y, z} or null';
    for (const axis of ['x', 'y', 'z'] as const) {
      const v = (vib as Record<string, unknown>)[axis];
      if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) return `vibration.${axis} must be a number or null`;
    }
  }
  return null;
}
