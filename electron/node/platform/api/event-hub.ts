import type { EventMessage, EventName, EventPayload } from '../../../../shared/contract';

type Listener = (message: EventMessage) => void;

/** Where one UI connection's events go: a WebSocket, or one Electron window's webContents. */
export interface EventSink {
  deliver(message: EventMessage): void;
  /**
   * False while the connection cannot take more now (a WebSocket's send backlog): senders of
   * optional, coalescable data (live frames) hold it back instead of queueing. Always true if absent.
   */
  ready?(): boolean;
}

/**
 * One UI connection (a browser tab's WebSocket, an Electron window): it receives every broadcast
 * event, and the events sent to it alone (live frames of the sensors it subscribed to). Closing it
 * tells its owners (subscriptions) to let go.
 */
export class EventConnection {
  private readonly closeListeners = new Set<() => void>();
  private open = true;

  constructor(
    readonly id: number,
    private readonly sink: EventSink,
    private readonly detach: (connection: EventConnection) => void,
  ) {}

  get closed(): boolean {
    return !this.open;
  }

  send<E extends EventName>(event: E, payload: EventPayload<E>): void {
    if (this.open) this.deliver({ type: 'event', event, payload });
  }

  /** @internal the hub's broadcast path */
  deliver(message: EventMessage): void {
    try {
      this.sink.deliver(message);
    } catch {
      // a broken transport must not stop the others
    }
  }

  ready(): boolean {
    return this.open && (this.sink.ready?.() ?? true);
  }

  /** Called with no argument when the connection closes; returns a function that stops listening. */
  onClose(listener: () => void): () => void {
    if (!this.open) {
      listener();
      return () => undefined;
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.detach(this);
    for (const listener of [...this.closeListeners]) {
      try {
        listener();
      } catch {
        // one owner's failure must not keep the others holding on
      }
    }
    this.closeListeners.clear();
  }
}

/**
 * Fan-out of back-end events to every connected UI (Electron windows, browser tabs), and to the
 * back end's own listeners. A listener that throws is dropped from this emit only; it cannot
 * break the others. Events meant for one connection go through `EventConnection.send`.
 */
export class EventHub {
  private readonly listeners = new Set<Listener>();
  private readonly connections = new Set<EventConnection>();
  private nextConnectionId = 1;

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const message: EventMessage = { type: 'event', event, payload };
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch {
        // a broken listener must not stop the others
      }
    }
    for (const connection of this.connections) connection.deliver(message);
  }

  /** A back-end listener of every broadcast event. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A UI connection: broadcasts reach it until `close()`. */
  connect(sink: EventSink): EventConnection {
    const connection = new EventConnection(this.nextConnectionId++, sink, (c) => this.connections.delete(c));
    this.connections.add(connection);
    return connection;
  }

  /** Listeners and connections: zero means nobody would see a broadcast. */
  get size(): number {
    return this.listeners.size + this.connections.size;
  }
}
