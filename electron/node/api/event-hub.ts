import type { EventMessage, EventName, EventPayload } from '../../../shared/contract';

type Listener = (message: EventMessage) => void;

/**
 * Fan-out of back-end events to every connected UI (Electron windows, browser tabs).
 * A listener that throws is dropped from this emit only; it cannot break the others.
 */
export class EventHub {
  private readonly listeners = new Set<Listener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const message: EventMessage = { type: 'event', event, payload };
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch {
        // a broken transport must not stop the others
      }
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }
}
