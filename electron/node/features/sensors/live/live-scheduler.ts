import type { SensorsSnapshot } from '../../../../../shared/contract/sensors';
import type { EventHub } from '../../../platform/api/event-hub';
import type { HubTiming } from '../hub-timing';
import type { LinkRegistry } from '../link/link-registry';
import type { LiveSubscriptions } from './live-subscriptions';

export interface LiveSchedulerDeps {
  links: LinkRegistry;
  live: LiveSubscriptions;
  events: EventHub;
  snapshot(): SensorsSnapshot;
  timing: Pick<HubTiming, 'liveMs' | 'snapshotMs'>;
}

/** A changed list reaches the UI within this, however many changes come in between. */
const SNAPSHOT_COALESCE_MS = 200;

/**
 * What the UI is sent on the hub's clock: decimated live frames of the sensors someone watches
 * (`sensors.live`), and the sensor list (`sensors.changed`) when it changed or, while anything
 * is connected, once a `snapshotMs` for the moving health counters.
 */
export class LiveScheduler {
  private lastLiveAt = 0;
  private lastSnapshotAt = 0;
  private dirty = true;

  constructor(private readonly deps: LiveSchedulerDeps) {}

  markDirty(): void {
    this.dirty = true;
  }

  tick(now: number): void {
    const { links, live, events, timing } = this.deps;
    if (now - this.lastLiveAt >= timing.liveMs) {
      this.lastLiveAt = now;
      const shown = live.deviceIds();
      for (const meta of links.values()) {
        const deviceId = meta.link.deviceId;
        meta.tap.views = live.viewsOf(deviceId);
        if (shown.has(deviceId)) live.deliver(meta.tap.take(now, meta.link.state), now);
      }
    }
    const anyConnected = [...links.values()].some((m) => m.link.state === 'connected');
    if ((this.dirty && now - this.lastSnapshotAt >= SNAPSHOT_COALESCE_MS) || (anyConnected && now - this.lastSnapshotAt >= timing.snapshotMs)) {
      this.dirty = false;
      this.lastSnapshotAt = now;
      if (events.size > 0) events.emit('sensors.changed', this.deps.snapshot());
    }
  }
}
