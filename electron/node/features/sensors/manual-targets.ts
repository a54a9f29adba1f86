import { formatHostPort } from './lan/tcp-link';
import type { ManualTarget, SensorStore } from './store';

/** The key of an address added by hand, in the snapshot and in `sensors.forget`. */
export function manualTargetKey(target: ManualTarget): string {
  return target.kind === 'tcp' ? `tcp:${formatHostPort(target.host, target.port)}` : `serial:${target.path}`;
}

/** Addresses and serial paths the technician added by hand, kept in the store so they are tried again after a restart. */
export class ManualTargets {
  private targets: ManualTarget[];

  constructor(private readonly store: SensorStore) {
    this.targets = store.manualTargets();
  }

  list(): readonly ManualTarget[] {
    return this.targets;
  }

  /** Remembers a target once; returns its key. */
  add(target: ManualTarget): string {
    const key = manualTargetKey(target);
    if (!this.targets.some((t) => manualTargetKey(t) === key)) {
      this.targets.push(target);
      this.store.saveManualTargets(this.targets);
    }
    return key;
  }

  /**
   * Forgets the target with this key; forgetting a connected sensor (`reachedBy`, by its id)
   * forgets the address it was added by. True when something was forgotten.
   */
  forget(key: string, reachedBy: { tcp: { host: string; port: number } | null; serialPath: string | null } | undefined): boolean {
    const before = this.targets.length;
    this.targets = this.targets.filter((t) => {
      if (manualTargetKey(t) === key) return false;
      if (!reachedBy) return true;
      return !(
        (t.kind === 'tcp' && reachedBy.tcp && formatHostPort(reachedBy.tcp.host, reachedBy.tcp.port) === formatHostPort(t.host, t.port)) ||
        (t.kind === 'serial' && reachedBy.serialPath === t.path)
      );
    });
    const forgotten = this.targets.length !== before;
    if (forgotten) this.store.saveManualTargets(this.targets);
    return forgotten;
  }
}
