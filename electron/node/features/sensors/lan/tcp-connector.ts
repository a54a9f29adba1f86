import type { HubTiming } from '../hub-timing';
import { attachSession } from '../link/attach';
import { problemOf } from '../link/link-errors';
import type { LinkMeta, LinkRegistry } from '../link/link-registry';
import { wakeableSleep } from '../link/retry-policy';
import { manualTargetKey } from '../manual-targets';
import { ManualTcpTarget } from './manual-target';
import type { SensorBrowser } from './mdns';
import { connectTcp } from './tcp-link';

export interface TcpConnectorDeps {
  links: LinkRegistry;
  browser: SensorBrowser | null;
  now: () => number;
  timing: Pick<HubTiming, 'handshakeMs' | 'maxRetryMs' | 'manualRetryMs' | 'manualRetryMaxMs'>;
  closed(): boolean;
  changed(): void;
}

const CONNECT_TIMEOUT_MS = 2000;

/**
 * Wi-Fi sensors: gets a known sensor back at its address (or where mDNS last saw it), and tries
 * addresses added by hand until a sensor answers there (lan/manual-target.ts).
 */
export class TcpConnector {
  /** Addresses added by hand that no sensor answers at yet, by key. */
  readonly pending = new Map<string, ManualTcpTarget>();

  constructor(private readonly deps: TcpConnectorDeps) {}

  /** Reconnects a wanted sensor, only to that sensor, retrying quickly until it answers or is no longer wanted. */
  async reconnect(meta: LinkMeta): Promise<void> {
    const { links, browser, now, timing } = this.deps;
    let delay = 100;
    while (!this.deps.closed() && meta.link.wanted && meta.link.session === null) {
      // mDNS may have seen the sensor move to a new address.
      const lan = browser?.sensors.get(meta.link.deviceId);
      const target = lan && meta.source === 'mdns' ? { host: lan.host, port: lan.port } : meta.tcp;
      if (!target) return;
      try {
        const byteLink = await connectTcp(target.host, target.port, CONNECT_TIMEOUT_MS);
        await attachSession(links, byteLink, { expectedId: meta.link.deviceId, source: meta.source, now, handshakeMs: timing.handshakeMs });
        meta.problem = null;
        return;
      } catch (error) {
        meta.problem = problemOf(error);
        this.deps.changed();
      }
      await wakeableSleep(delay).done;
      delay = Math.min(timing.maxRetryMs, delay * 2);
    }
  }

  /** Connects an address added by hand, trying until a sensor answers there; called again, it tries at once. */
  connectAddress(host: string, port: number): void {
    if (this.deps.closed()) return;
    const key = manualTargetKey({ kind: 'tcp', host, port });
    let pending = this.pending.get(key);
    if (!pending) {
      const { links, now, timing } = this.deps;
      pending = new ManualTcpTarget(key, host, port, {
        policy: { firstMs: timing.manualRetryMs, maxMs: timing.manualRetryMaxMs },
        connect: (h, p) => connectTcp(h, p, CONNECT_TIMEOUT_MS),
        attach: async (byteLink) => {
          await attachSession(links, byteLink, { expectedId: null, source: 'manual', tcp: { host, port }, now, handshakeMs: timing.handshakeMs });
        },
        problemOf,
        changed: () => this.deps.changed(),
      });
      this.pending.set(key, pending);
    }
    const ours = pending;
    void ours.run().then((connected) => {
      if (connected && this.pending.get(key) === ours) this.pending.delete(key);
      this.deps.changed();
    });
    this.deps.changed();
  }

  forget(key: string): void {
    this.pending.get(key)?.stop();
    this.pending.delete(key);
  }

  stop(): void {
    for (const p of this.pending.values()) p.stop();
  }
}
