import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../../shared/contract/errors';
import type { firmwareMethods } from '../../../../shared/contract/firmware';
import { LIVE_MIN_INTERVAL_MS, type sensorsMethods } from '../../../../shared/contract/sensors';
import { APP_ROOT, unpackedPath } from '../../platform/app-meta';
import type { BackendContext, Feature } from '../../platform/feature';
import { type HubTiming, SensorHub } from './sensor-hub';
import { FirmwareUpdater, firmwareImagesDir } from './serial/firmware-updater';
import { SerialHost } from './serial/serial-host';
import { SensorStore } from './store';

/** The bundled serial process (scripts/build-node.mjs builds it next to the CLI). */
export const SERIAL_CHILD_ENTRY = unpackedPath(path.join(APP_ROOT, 'dist', 'node', 'serial-child.js'));

/** Where `signalcraft-field simulate --serial` links its ports, and where the app looks for them. */
export function simulatorPortDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SIGNALCRAFT_SIM_PORT_DIR || path.join(os.tmpdir(), 'signalcraft-field-sim');
}

export interface SensorsFeatureOptions {
  serialEntry?: string;
  /** Off with SIGNALCRAFT_MDNS=0 (networks where multicast is not wanted). */
  mdns?: boolean;
  simulatorPortDir?: string | null;
  ingest?: boolean;
  timing?: Partial<HubTiming>;
  /** The firmware images to offer (tests); the app's own by default. */
  firmwareDir?: string;
  firmwareByHandMs?: number;
}

export type SensorsFeature = Feature<keyof typeof sensorsMethods | keyof typeof firmwareMethods> & {
  /** The DeviceStreamSource the recorder and the rest of the back end consume. */
  source: SensorHub;
};

/** The sensor link: discovery, connections, link health, the ingest endpoint, the live view. */
export function sensorsFeature(ctx: BackendContext, options: SensorsFeatureOptions = {}): SensorsFeature {
  const serial = new SerialHost(ctx.launcher, options.serialEntry ?? SERIAL_CHILD_ENTRY, ctx.log.child({ feature: 'serial' }));
  const hub = new SensorHub({
    log: ctx.log.child({ feature: 'sensors' }),
    events: ctx.events,
    store: new SensorStore(ctx.db, ctx.now),
    serial,
    mdns: options.mdns ?? process.env.SIGNALCRAFT_MDNS !== '0',
    simulatorPortDir: options.simulatorPortDir === undefined ? simulatorPortDir() : options.simulatorPortDir,
    ingest: options.ingest ?? true,
    ...(options.timing ? { timing: options.timing } : {}),
  });
  const firmware = new FirmwareUpdater({
    hub,
    serial,
    imagesDir: options.firmwareDir ?? firmwareImagesDir(),
    emit: (progress) => ctx.events.emit('sensors.firmware.progress', progress),
    done: (result) => ctx.events.emit('sensors.firmware.result', result),
    log: ctx.log.child({ feature: 'firmware' }),
    ...(options.firmwareByHandMs !== undefined ? { byHandMs: options.firmwareByHandMs } : {}),
  });
  return {
    source: hub,
    handlers: {
      'sensors.list': () => hub.snapshot(),
      'sensors.connect': (p) => hub.connect(p.key),
      'sensors.disconnect': (p) => hub.disconnect(p.key),
      'sensors.add': (p) => hub.add(p),
      'sensors.forget': (p) => ({ forgotten: hub.forget(p.key) }),
      'sensors.identify': async (p) => ({ acknowledged: await hub.identify(p.deviceId, p.seconds ?? 5) }),
      'sensors.health': (p) => hub.healthOrThrow(p.deviceId),
      'sensors.recent': (p) => hub.recent(p.deviceId),
      'sensors.live.subscribe': (p, call) => {
        const updating = p.deviceIds.find((id) => hub.updating(id));
        if (updating) throw new AppError('conflict', `Sensor ${updating} is having its firmware updated; its live view comes back when the update has finished.`, 'deviceIds');
        const intervalMs = p.intervalMs ?? LIVE_MIN_INTERVAL_MS;
        return { deviceIds: hub.live.subscribe(call.connection, p.deviceIds, p.views, intervalMs), intervalMs };
      },
      'sensors.live.unsubscribe': (p, call) => ({ deviceIds: hub.live.unsubscribe(call.connection, p.deviceIds) }),
      'sensors.ingest.update': (p) => hub.updateIngest(p),
      'sensors.pending.list': () => hub.ingest.consent.state(),
      'sensors.pending.accept': (p) => hub.ingest.accept(p.deviceId),
      'sensors.pending.ignore': (p) => {
        hub.ingest.consent.ignore(p.deviceId);
        return hub.ingest.consent.state();
      },
      'sensors.pending.unignore': (p) => {
        hub.ingest.consent.unignore(p.deviceId);
        return hub.ingest.consent.state();
      },
      'sensors.info': (p) => hub.boardInfo(p.deviceId),
      'sensors.provision': (p) => hub.provision(p),
      'sensors.firmware.check': (p) => firmware.check(p.deviceId),
      'sensors.firmware.update': async (p) => {
        const { finished: _running, ...answer } = await firmware.start(p.deviceId, p.force ?? false);
        return answer;
      },
    },
    start: () => hub.start(),
    close: () => hub.close(),
  };
}
