import type { Logger } from './logging/log';

/**
 * Everything one back-end feature tells the others, declared once. Features emit what happened to
 * what they own and subscribe to what they react to; none holds a reference to another feature's
 * object, so backend.ts creates them in any order and nothing is wired by hand in two places.
 * (The UI's events are a separate list: shared/contract's events, sent over the transports.)
 */
export interface FeatureEventMap {
  /** Recording: the technician closed the visit. Sync queues its report. */
  'visit.closed': { visitId: string };
  /** Recording, reports, refrigeration: something the visit's report or upload shows changed. Sync re-sends a queued visit. */
  'visit.changed': { visitId: string };
  /** Recording: the visit and its files are gone. Sync drops its queued items, reports their files. */
  'visit.deleted': { visitId: string };
  /** Recording: new recordings of the visit are final (capture stopped, import committed). Insight diagnoses them. */
  'recordings.finished': { visitId: string; recordingIds: string[] };
}

/** Questions a feature asks before it acts; any subscriber may refuse by throwing an AppError. */
export interface FeatureGuardMap {
  /** Recording, before deleting a visit. Sync refuses while the visit's upload is in flight. */
  'visit.delete': { visitId: string };
}

type Listener<T> = (payload: T) => void;

export class FeatureBus {
  private readonly listeners = new Map<keyof FeatureEventMap, Set<Listener<never>>>();
  private readonly guards = new Map<keyof FeatureGuardMap, Set<Listener<never>>>();

  constructor(private readonly log: Logger) {}

  on<K extends keyof FeatureEventMap>(event: K, listener: Listener<FeatureEventMap[K]>): () => void {
    return add(this.listeners, event, listener);
  }

  /**
   * Tells every subscriber, synchronously and in subscription order. A subscriber that fails is
   * logged and the others still hear it: the emitter's own work is already done and stays done.
   */
  emit<K extends keyof FeatureEventMap>(event: K, payload: FeatureEventMap[K]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      try {
        (listener as Listener<FeatureEventMap[K]>)(payload);
      } catch (error) {
        this.log.error({ err: error, event }, 'a feature failed to handle an event; the others still got it');
      }
    }
  }

  guard<K extends keyof FeatureGuardMap>(question: K, check: Listener<FeatureGuardMap[K]>): () => void {
    return add(this.guards, question, check);
  }

  /** Throws the first refusal; the caller has not acted yet, so a refusal changes nothing. */
  check<K extends keyof FeatureGuardMap>(question: K, payload: FeatureGuardMap[K]): void {
    for (const check of this.guards.get(question) ?? []) (check as Listener<FeatureGuardMap[K]>)(payload);
  }
}

function add<K>(map: Map<K, Set<Listener<never>>>, key: K, listener: Listener<never>): () => void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}
