import type { EventMessage, Outcome, ServerMessage, Transport } from '../../../shared/contract';

type Pending = { resolve: (outcome: Outcome) => void; timer: ReturnType<typeof setTimeout> };

/** How long a call waits for an answer (including a reconnect) before it is reported as failed. */
const CALL_TIMEOUT_MS = 20_000;

/**
 * Serve mode's transport: one WebSocket to the back end, reconnected with backoff when it drops.
 * Calls made while disconnected wait for the connection instead of failing at once, so a brief
 * Wi-Fi hiccup on a tablet is invisible; `onStatus` lets the UI say when it is not brief.
 */
export class WebSocketTransport implements Transport {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly queue: string[] = [];
  private readonly eventListeners = new Set<(message: EventMessage) => void>();
  private readonly statusListeners = new Set<(connected: boolean) => void>();
  private retryDelay = 250;
  private connected = false;

  constructor(private readonly url: string) {
    this.connect();
  }

  call(method: string, params: unknown): Promise<Outcome> {
    const id = this.nextId++;
    const text = JSON.stringify({ type: 'call', id, method, params });
    return new Promise<Outcome>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, error: { code: 'unavailable', message: 'The back end did not answer in time.' } });
      }, CALL_TIMEOUT_MS);
      this.pending.set(id, { resolve, timer });
      if (this.connected && this.socket) this.socket.send(text);
      else this.queue.push(text);
    });
  }

  onEvent(listener: (message: EventMessage) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onStatus(listener: (connected: boolean) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private connect(): void {
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.connected = true;
      this.retryDelay = 250;
      for (const text of this.queue.splice(0)) socket.send(text);
      for (const l of this.statusListeners) l(true);
    });
    socket.addEventListener('message', (event) => this.receive(String(event.data)));
    socket.addEventListener('close', () => {
      const wasConnected = this.connected;
      this.connected = false;
      if (wasConnected) for (const l of this.statusListeners) l(false);
      // Calls sent on the dead socket will never be answered there; they time out unless the
      // back end answered before the drop. Reconnect with capped exponential backoff.
      setTimeout(() => this.connect(), this.retryDelay);
      this.retryDelay = Math.min(this.retryDelay * 2, 5000);
    });
  }

  private receive(text: string): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(text) as ServerMessage;
    } catch {
      return;
    }
    if (message.type === 'event') {
      for (const l of this.eventListeners) l(message);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    pending.resolve(message.ok ? { ok: true, result: message.result } : { ok: false, error: message.error });
  }
}
