import { EventHub } from '../../platform/api/event-hub';
import { silentLogger } from '../../platform/logging/log';
import { type Db, openDatabase } from '../../platform/storage/database';
import { tempDir } from '../fixtures';
import type { StreamMessage } from '../../features/sensors/device-stream';
import type { IngestLimits } from '../../features/sensors/lan/rate-limiter';
import { type HubTiming, SensorHub } from '../../features/sensors/sensor-hub';
import type { SerialHost } from '../../features/sensors/serial/serial-host';
import { SensorStore } from '../../features/sensors/store';

export interface TestHub {
  hub: SensorHub;
  dir: string;
  db: Db;
  events: EventHub;
  store: SensorStore;
  close(): Promise<void>;
}

/** A sensor hub on a real database in a temp folder, with only the parts a test asks for. */
export function testHub(
  options: {
    serial?: SerialHost | null;
    simulatorPortDir?: string | null;
    mdns?: boolean;
    ingest?: boolean;
    timing?: Partial<HubTiming>;
    ingestLimits?: Partial<IngestLimits>;
    now?: () => number;
    /** An existing data folder (a restart); otherwise a fresh one, removed on close. */
    dir?: string;
  } = {},
): TestHub {
  const { dir, cleanup } = options.dir ? { dir: options.dir, cleanup: () => undefined } : tempDir('scf-sensors-');
  const { db } = openDatabase(`${dir}/signalcraft.db`);
  const events = new EventHub();
  const store = new SensorStore(db);
  const hub = new SensorHub({
    log: silentLogger(),
    events,
    store,
    serial: options.serial ?? null,
    mdns: options.mdns ?? false,
    simulatorPortDir: options.simulatorPortDir ?? null,
    ingest: options.ingest ?? false,
    ...(options.timing ? { timing: options.timing } : {}),
    ...(options.ingestLimits ? { ingestLimits: options.ingestLimits } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    hub,
    dir,
    db,
    events,
    store,
    close: async () => {
      await hub.close();
      db.close();
      cleanup();
    },
  };
}

export { eventually } from '../eventually';

/** Records every message of one sensor. */
export function recorder(hub: SensorHub, deviceId: string) {
  const messages: StreamMessage[] = [];
  const off = hub.subscribe(deviceId, (m) => messages.push(m));
  return {
    messages,
    off,
    of: <T extends StreamMessage['type']>(type: T) => messages.filter((m): m is Extract<StreamMessage, { type: T }> => m.type === type),
    clear: () => messages.splice(0),
  };
}
