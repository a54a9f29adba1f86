import { v7 as uuidv7 } from 'uuid';
import type { Activity, ActivityKind } from '../../../shared/contract';
import type { EventHub } from './api/event-hub';

export interface ActivityHandle {
  readonly id: string;
  /** Idempotent: ending twice is harmless, so `finally` blocks can always call it. */
  end(): void;
}

/**
 * What the app is in the middle of. Anything that must not be interrupted (a recording, an
 * import, an analysis, an upload) begins an activity and ends it in a `finally`; the updater
 * installs only when none is running, and the UI shows why it waits.
 */
export class ActivityTracker {
  private readonly running = new Map<string, Activity>();

  constructor(
    private readonly events: EventHub,
    private readonly now: () => Date = () => new Date(),
  ) {}

  begin(kind: ActivityKind, label: string): ActivityHandle {
    const id = uuidv7();
    this.running.set(id, { id, kind, label, startedAt: this.now().toISOString() });
    this.changed();
    return {
      id,
      end: () => {
        if (this.running.delete(id)) this.changed();
      },
    };
  }

  /** Runs `work` as an activity, ending it however `work` finishes. */
  async during<T>(kind: ActivityKind, label: string, work: () => Promise<T>): Promise<T> {
    const handle = this.begin(kind, label);
    try {
      return await work();
    } finally {
      handle.end();
    }
  }

  list(): Activity[] {
    return [...this.running.values()];
  }

  get busy(): boolean {
    return this.running.size > 0;
  }

  private changed(): void {
    this.events.emit('activity.changed', this.list());
  }
}
