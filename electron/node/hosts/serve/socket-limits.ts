import type { RawData, WebSocket } from 'ws';
import type { Logger } from '../../platform/logging/log';

/**
 * Per-connection limits for serve mode's WebSocket (issue 14, case 5). A client that sends calls
 * and never reads the answers (a paused tab, a hostile script) used to make the back end compute
 * and keep every answer: 30,000 `recordings.waveform` calls grew memory from 162 MB to 2.3 GB and
 * made another client wait 9 s.
 *
 * The bound, per connection:
 * - at most `maxInFlight` calls are being worked on at once; further calls wait unread;
 * - no new call starts while more than `answerBacklogBytes` of answers wait to be sent, so what a
 *   connection holds in memory is at most that backlog plus `maxInFlight` answers;
 * - while either limit is reached the socket is paused: TCP flow control pushes back on the
 *   client, which cannot make the back end hold more;
 * - a client whose backlog has not moved for `stalledCloseMs` is disconnected (1008) and its
 *   answers freed; a client that reads again carries on where it was, every call answered.
 *
 * So one client costs another at most `maxInFlight` calls' work in front of it on the event loop.
 */
export interface SocketLimits {
  maxInFlight: number;
  answerBacklogBytes: number;
  stalledCloseMs: number;
  /** Frames ws already read when the socket was paused; more than this is not a UI. */
  maxWaitingFrames: number;
}

export const SOCKET_LIMITS: SocketLimits = {
  maxInFlight: 16,
  answerBacklogBytes: 4 * 1024 * 1024,
  stalledCloseMs: 30_000,
  maxWaitingFrames: 4096,
};

export interface SocketGateStats {
  inFlight: number;
  waiting: number;
  bufferedBytes: number;
  paused: boolean;
  /** The most answer bytes this connection ever held unsent. */
  peakBufferedBytes: number;
}

type Handler = (data: RawData, isBinary: boolean) => Promise<string>;

export class SocketGate {
  private inFlight = 0;
  private readonly waiting: { data: RawData; isBinary: boolean }[] = [];
  private stalledTimer: NodeJS.Timeout | null = null;
  private peakBuffered = 0;
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly handle: Handler,
    private readonly log: Logger,
    private readonly limits: SocketLimits = SOCKET_LIMITS,
  ) {
    socket.on('close', () => {
      this.closed = true;
      this.waiting.length = 0;
      if (this.stalledTimer) clearTimeout(this.stalledTimer);
    });
  }

  /** A frame from the client: queued, and started as soon as the limits allow. */
  receive(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    this.waiting.push({ data, isBinary });
    if (this.waiting.length > this.limits.maxWaitingFrames) {
      this.close('too many calls waiting; this client does not respect flow control');
      return;
    }
    this.pump();
  }

  stats(): SocketGateStats {
    return { inFlight: this.inFlight, waiting: this.waiting.length, bufferedBytes: this.socket.bufferedAmount, paused: this.socket.isPaused, peakBufferedBytes: this.peakBuffered };
  }

  private backlogged(): boolean {
    return this.socket.bufferedAmount > this.limits.answerBacklogBytes;
  }

  private pump(): void {
    if (this.closed) return;
    while (this.waiting.length > 0 && this.inFlight < this.limits.maxInFlight && !this.backlogged()) {
      const { data, isBinary } = this.waiting.shift()!;
      this.inFlight += 1;
      void this.handle(data, isBinary).then((reply) => this.answer(reply));
    }
    const full = this.waiting.length > 0 || this.inFlight >= this.limits.maxInFlight || this.backlogged();
    if (full && !this.socket.isPaused) this.socket.pause();
    else if (!full && this.socket.isPaused) this.socket.resume();
    this.watchStall();
  }

  private answer(reply: string): void {
    this.inFlight -= 1;
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    // The callback runs once the bytes are handed to the OS: the backlog moved, look again.
    this.socket.send(reply, () => this.pump());
    this.peakBuffered = Math.max(this.peakBuffered, this.socket.bufferedAmount);
    this.pump();
  }

  private watchStall(): void {
    if (!this.backlogged()) {
      if (this.stalledTimer) clearTimeout(this.stalledTimer);
      this.stalledTimer = null;
      return;
    }
    if (this.stalledTimer) return;
    const at = this.socket.bufferedAmount;
    this.stalledTimer = setTimeout(() => {
      this.stalledTimer = null;
      if (this.socket.bufferedAmount >= at && this.backlogged()) this.close(`answers not read for ${this.limits.stalledCloseMs / 1000} s`);
      else this.watchStall();
    }, this.limits.stalledCloseMs);
    this.stalledTimer.unref?.();
  }

  private close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.waiting.length = 0;
    this.log.warn({ reason, bufferedBytes: this.socket.bufferedAmount }, 'closing a WebSocket client that does not read its answers');
    this.socket.close(1008, reason.slice(0, 120));
    // A client that reads nothing never completes the closing handshake either.
    setTimeout(() => this.socket.terminate(), 2000).unref?.();
  }
}
