import { z } from 'zod';
import { SensorIngestSettings } from '../../../../shared/contract/sensors';
import type { Db } from '../../platform/storage/database';
import type { PersonalDataQuery } from '../../platform/privacy/sensitive-terms';

/** This feature's personal data, for the scrubber (platform/privacy). */
export const SENSORS_PERSONAL_DATA: readonly PersonalDataQuery[] = ['SELECT id FROM devices UNION ALL SELECT name FROM devices UNION ALL SELECT last_address FROM devices'];

export const ManualTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tcp'), host: z.string(), port: z.number().int() }),
  z.object({ kind: z.literal('serial'), path: z.string(), baudRate: z.number().int() }),
]);
export type ManualTarget = z.infer<typeof ManualTarget>;

/** Where the existing firmware posts by default on this laptop. */
export const DEFAULT_INGEST: SensorIngestSettings = { enabled: true, lan: false, port: 5190 };

const MANUAL_KEY = 'sensors.manualTargets';
const INGEST_KEY = 'sensors.ingest';
const CONSENT_KEY = 'sensors.ingestConsent';

/** Which HTTP senders the technician accepted or ignored (issue 14, case 6). */
const IngestDecisions = z.object({
  accepted: z.array(z.string().min(1).max(64)).max(1000),
  ignored: z.array(z.string().min(1).max(64)).max(1000),
});

export interface KnownDevice {
  id: string;
  model: string | null;
  firmwareVersion: string | null;
  capabilities: Record<string, unknown>;
  transport: string;
  address: string;
}

/**
 * What the sensor link keeps between runs: addresses added by hand, the ingest endpoint's
 * settings and the technician's decisions on its senders (rows of the settings table under
 * `sensors.*`, validated on read so a bad value falls back to its default), and every sensor
 * identified or accepted, in the devices table, which recordings and sessions refer to.
 */
export class SensorStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  manualTargets(): ManualTarget[] {
    const parsed = z.array(ManualTarget).safeParse(this.read(MANUAL_KEY));
    return parsed.success ? parsed.data : [];
  }

  saveManualTargets(targets: ManualTarget[]): void {
    this.write(MANUAL_KEY, targets);
  }

  ingestSettings(): SensorIngestSettings {
    const parsed = SensorIngestSettings.safeParse(this.read(INGEST_KEY));
    return parsed.success ? parsed.data : DEFAULT_INGEST;
  }

  saveIngestSettings(settings: SensorIngestSettings): void {
    this.write(INGEST_KEY, settings);
  }

  ingestDecisions(): { accepted: string[]; ignored: string[] } {
    const parsed = IngestDecisions.safeParse(this.read(CONSENT_KEY));
    return parsed.success ? parsed.data : { accepted: [], ignored: [] };
  }

  saveIngestDecisions(decisions: { accepted: string[]; ignored: string[] }): void {
    this.write(CONSENT_KEY, decisions);
  }

  rememberDevice(device: KnownDevice): void {
    const at = this.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO devices (id, kind, name, firmware_version, capabilities, last_transport, last_address, first_seen_at, last_seen_at)
         VALUES (@id, 'sensor', @model, @firmwareVersion, @capabilities, @transport, @address, @at, @at)
         ON CONFLICT(id) DO UPDATE SET
           name = COALESCE(excluded.name, devices.name),
           firmware_version = COALESCE(excluded.firmware_version, devices.firmware_version),
           capabilities = excluded.capabilities,
           last_transport = excluded.last_transport,
           last_address = excluded.last_address,
           last_seen_at = excluded.last_seen_at`,
      )
      .run({ ...device, capabilities: JSON.stringify(device.capabilities), at });
  }

  private read(key: string): unknown {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    if (!row) return undefined;
    try {
      return JSON.parse(row.value);
    } catch {
      return undefined;
    }
  }

  private write(key: string, value: unknown): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(key, JSON.stringify(value));
  }
}
