import { AppError } from '../../../../../shared/contract/errors';
import type { IngestConsentState, PendingIngestDevice } from '../../../../../shared/contract/sensors';

/** What the technician decided, kept between runs (SensorStore). */
export interface IngestDecisions {
  accepted: string[];
  ignored: string[];
}

export interface IngestDecisionStore {
  ingestDecisions(): IngestDecisions;
  saveIngestDecisions(decisions: IngestDecisions): void;
}

export type IngestDecision = 'accepted' | 'ignored' | 'unknown';

export interface IngestConsentOptions {
  store: IngestDecisionStore;
  /** Told of changes, at most once every `coalesceMs`, with the whole (small) state. */
  onChange: (state: IngestConsentState) => void;
  now?: () => number;
  /** Pending devices kept at once; the oldest is dropped (and counted) for a new one. */
  cap?: number;
  coalesceMs?: number;
}

export const PENDING_CAP = 32;
export const PENDING_COALESCE_MS = 500;
/** Decisions kept; the technician makes them one click at a time, this only bounds the settings row. */
const MAX_DECISIONS = 256;

/**
 * Consent for the unauthenticated HTTP ingest (issue 14, case 6): a device id seen for the first
 * time is not registered, it waits in a bounded pending list until the technician accepts or
 * ignores it. Only accepted devices' data is taken; ignored ones are refused until removed from
 * the ignored list. Both decisions persist. Whatever arrives, memory stays bounded (`cap` pending
 * entries, `MAX_DECISIONS` decisions) and listeners hear of changes at most every `coalesceMs`.
 */
export class IngestConsent {
  private readonly accepted: Set<string>;
  private readonly ignored: Set<string>;
  /** Insertion order is age: the first entry is the oldest. */
  private readonly pending = new Map<string, PendingIngestDevice>();
  private readonly cap: number;
  private readonly coalesceMs: number;
  private readonly now: () => number;
  private version = 0;
  private dropped = 0;
  private limited = 0;
  private timer: NodeJS.Timeout | null = null;
  private lastEmitAt = 0;
  private closed = false;

  constructor(private readonly options: IngestConsentOptions) {
    const decisions = options.store.ingestDecisions();
    this.accepted = new Set(decisions.accepted);
    this.ignored = new Set(decisions.ignored);
    this.cap = options.cap ?? PENDING_CAP;
    this.coalesceMs = options.coalesceMs ?? PENDING_COALESCE_MS;
    this.now = options.now ?? Date.now;
  }

  decision(deviceId: string): IngestDecision {
    if (this.accepted.has(deviceId)) return 'accepted';
    if (this.ignored.has(deviceId)) return 'ignored';
    return 'unknown';
  }

  /** An unknown device posted: listed as pending (the oldest pushed out when the list is full). */
  notePending(deviceId: string, address: string, stream: 'readings' | 'audio'): void {
    const now = this.now();
    const known = this.pending.get(deviceId);
    if (known) {
      known.address = address;
      known.lastSeenMs = now;
      known.requests += 1;
      if (!known.streams.includes(stream)) known.streams.push(stream);
    } else {
      if (this.pending.size >= this.cap) {
        this.pending.delete(this.pending.keys().next().value!);
        this.dropped += 1;
      }
      this.pending.set(deviceId, { deviceId, address, firstSeenMs: now, lastSeenMs: now, requests: 1, streams: [stream] });
    }
    this.changed();
  }

  /** A request was answered 429. */
  noteLimited(): void {
    this.limited += 1;
    this.changed();
  }

  /** Accepts a pending device. Answers what was known of it (its address). */
  accept(deviceId: string): PendingIngestDevice {
    const entry = this.pending.get(deviceId);
    if (!entry) throw notPending(deviceId);
    if (this.accepted.size >= MAX_DECISIONS) {
      throw new AppError('conflict', `${MAX_DECISIONS} sensors are accepted already. Forget one you no longer use on the Sensors page, then accept this one.`, 'deviceId');
    }
    this.pending.delete(deviceId);
    this.accepted.add(deviceId);
    this.save();
    this.changed();
    return entry;
  }

  ignore(deviceId: string): void {
    if (!this.pending.delete(deviceId)) throw notPending(deviceId);
    this.ignored.add(deviceId);
    // The oldest ignored id is let go first: it will only be pending again.
    while (this.ignored.size > MAX_DECISIONS) this.ignored.delete(this.ignored.values().next().value!);
    this.save();
    this.changed();
  }

  unignore(deviceId: string): void {
    if (!this.ignored.delete(deviceId)) throw new AppError('not_found', `The sensor "${deviceId}" is not in the ignored list.`, 'deviceId');
    this.save();
    this.changed();
  }

  /** Withdraws the acceptance of a device (the technician forgot it): its next request makes it pending again. */
  forgetAccepted(deviceId: string): boolean {
    if (!this.accepted.delete(deviceId)) return false;
    this.save();
    this.changed();
    return true;
  }

  state(): IngestConsentState {
    return {
      version: this.version,
      pending: [...this.pending.values()].map((p) => ({ ...p, streams: [...p.streams] })),
      cap: this.cap,
      dropped: this.dropped,
      limited: this.limited,
      accepted: [...this.accepted],
      ignored: [...this.ignored],
    };
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private save(): void {
    this.options.store.saveIngestDecisions({ accepted: [...this.accepted], ignored: [...this.ignored] });
  }

  /** One event for any number of changes within `coalesceMs` (a flood of ids costs one small event twice a second). */
  private changed(): void {
    this.version += 1;
    if (this.timer || this.closed) return;
    const wait = Math.max(0, this.lastEmitAt + this.coalesceMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lastEmitAt = Date.now();
      this.options.onChange(this.state());
    }, wait);
    this.timer.unref();
  }
}

function notPending(deviceId: string): AppError {
  return new AppError('not_found', `The sensor "${deviceId}" is not waiting for a decision. It may have been pushed out of the list by newer ones; it comes back with its next request.`, 'deviceId');
}
