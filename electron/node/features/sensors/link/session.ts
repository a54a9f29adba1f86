import { CommandOp, MessageType } from '../protocol/constants';
import { type BadFrameKind, type FrameHeader, FrameDecoder } from '../protocol/decoder';
import { encodeMessage } from '../protocol/encoder';
import type { LegacyReading } from '../protocol/legacy-json';
import type { AckMessage, Command, HelloMessage, ProtocolMessage } from '../protocol/messages';
import type { InfoMessage } from '../protocol/provisioning-messages';
import type { ByteLink } from './byte-link';
import { SensorLinkError } from './link-errors';

/** Who answered on a link: a sensor speaking the binary protocol, or one of the existing firmware's JSON senders. */
export type Identity =
  | { kind: 'binary'; hello: HelloMessage; header: FrameHeader }
  | { kind: 'legacy'; deviceId: string };

export interface SessionListener {
  message(header: FrameHeader, message: ProtocolMessage, hostTimeMs: number): void;
  /** An intact frame of an unknown type or newer version: its sequence number was received. */
  skipped(header: FrameHeader): void;
  legacyReading(reading: LegacyReading, hostTimeMs: number): void;
  badFrame(kind: BadFrameKind): void;
  text(line: string): void;
  closed(reason: string): void;
}

export class HandshakeError extends SensorLinkError {
  constructor(
    readonly code: 'timeout' | 'closed',
    message: string,
  ) {
    super(code === 'timeout' ? 'handshake_timeout' : 'link_lost', message);
    this.name = 'HandshakeError';
  }
}

export interface SessionOptions {
  now?: () => number;
  /**
   * A monotonic clock in ms for time sync. Not the wall clock: NTP slews that by up to 500 ppm
   * (measured here: 174 ppm), which would be reported as the sensor's drift.
   */
  monotonic?: () => number;
  /** How often the HELLO request is repeated during a handshake (a sensor still booting misses the first). */
  helloRetryMs?: number;
  commandTimeoutMs?: number;
}

interface PendingCommand {
  resolve: (ack: AckMessage) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  /** Monotonic. */
  sentAtMs: number;
}

type Queued =
  | { kind: 'message'; header: FrameHeader; message: ProtocolMessage; at: number }
  | { kind: 'skipped'; header: FrameHeader }
  | { kind: 'legacy'; reading: LegacyReading; at: number }
  | { kind: 'bad'; badKind: BadFrameKind }
  | { kind: 'text'; line: string };

/**
 * One connection to one sensor: decodes what arrives, answers the handshake, sends commands and
 * matches their acknowledgements. What happens across connections (sequence continuity, gaps,
 * reconnects) is the DeviceLink's job.
 */
export class LinkSession {
  readonly decoder: FrameDecoder;
  /** Host time of the last byte received (heartbeat watch). */
  lastByteAtMs: number;
  readonly openedAtMs: number;
  private readonly now: () => number;
  private readonly monotonic: () => number;
  private hostSequence = 0;
  private nextRequestId = 1;
  private readonly pending = new Map<number, PendingCommand>();
  private listener: SessionListener | null = null;
  /** Between the handshake and the DeviceLink taking over, nothing is lost: it is queued. */
  private queue: Queued[] = [];
  private handshakeWaiter: ((identity: Identity) => void) | null = null;
  private closeReason: string | null = null;
  private readonly closeWaiters: ((reason: string) => void)[] = [];
  /** The last INFO frame (board facts): the sensor sends it just before the INFO command's ACK. */
  lastInfo: InfoMessage | null = null;
  /** Round trips of TIME_SYNC commands: (host send, host receive, both on the monotonic clock, device time of the ACK). */
  onTimeSync: ((sentAtMs: number, receivedAtMs: number, deviceTimeUs: number) => void) | null = null;

  constructor(
    readonly link: ByteLink,
    private readonly options: SessionOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.monotonic = options.monotonic ?? (() => performance.now());
    this.openedAtMs = this.now();
    this.lastByteAtMs = this.openedAtMs;
    this.decoder = new FrameDecoder(
      {
        onMessage: (header, message) => this.onMessage(header, message),
        onSkipped: (header) => this.deliver({ kind: 'skipped', header }),
        onBadFrame: (badKind) => this.deliver({ kind: 'bad', badKind }),
        onText: (line) => this.deliver({ kind: 'text', line }),
        onLegacyReading: (reading) => {
          if (this.handshakeWaiter) this.handshakeWaiter({ kind: 'legacy', deviceId: reading.deviceId });
          this.deliver({ kind: 'legacy', reading, at: this.now() });
        },
      },
      { synced: link.startsAtBoundary },
    );
    link.onData((bytes) => {
      this.lastByteAtMs = this.now();
      this.decoder.push(bytes);
    });
    link.onClose((reason) => this.onClosed(reason));
  }

  get closed(): boolean {
    return this.closeReason !== null;
  }

  /**
   * Asks the sensor who it is (HELLO command, repeated) and waits for its HELLO frame, or for a
   * JSON reading from the existing firmware, which cannot be asked.
   */
  handshake(timeoutMs: number): Promise<Identity> {
    return new Promise<Identity>((resolve, reject) => {
      if (this.closeReason !== null) {
        reject(new HandshakeError('closed', `the link closed before the sensor answered (${this.closeReason})`));
        return;
      }
      const finish = (outcome: Identity | HandshakeError) => {
        clearTimeout(timer);
        clearInterval(retry);
        this.handshakeWaiter = null;
        if (outcome instanceof HandshakeError) reject(outcome);
        else resolve(outcome);
      };
      const timer = setTimeout(
        () => finish(new HandshakeError('timeout', `no sensor answered within ${timeoutMs} ms (no HELLO frame, no JSON reading)`)),
        timeoutMs,
      );
      const ask = () => this.sendCommandNoWait({ op: 'hello' });
      const retry = setInterval(ask, this.options.helloRetryMs ?? 400);
      this.handshakeWaiter = finish;
      this.closeWaiters.push((reason) => finish(new HandshakeError('closed', `the link closed during the handshake (${reason})`)));
      // A leading delimiter ends whatever partial frame the sensor's decoder holds.
      this.link.write(Uint8Array.of(0));
      ask();
    });
  }

  /** From now on, everything received goes to `listener`; what arrived since the handshake is delivered first. */
  setListener(listener: SessionListener): void {
    this.listener = listener;
    const queued = this.queue;
    this.queue = [];
    for (const item of queued) this.dispatch(item);
    if (this.closeReason !== null) listener.closed(this.closeReason);
  }

  /** Sends a command and resolves with its ACK; rejects on timeout or when the link closes. */
  command(command: Command, timeoutMs = this.options.commandTimeoutMs ?? 1500): Promise<AckMessage> {
    return new Promise<AckMessage>((resolve, reject) => {
      if (this.closeReason !== null) {
        reject(new Error(`link closed (${this.closeReason})`));
        return;
      }
      const requestId = this.takeRequestId();
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new Error(`the sensor did not acknowledge "${command.op}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(requestId, { resolve, reject, timer, sentAtMs: this.monotonic() });
      this.write({ type: 'command', requestId, command });
    });
  }

  close(reason = 'closed by the app'): void {
    this.link.close(reason);
  }

  private sendCommandNoWait(command: Command): void {
    if (this.closeReason !== null) return;
    this.write({ type: 'command', requestId: this.takeRequestId(), command });
  }

  private takeRequestId(): number {
    const id = this.nextRequestId;
    this.nextRequestId = (this.nextRequestId % 0xffff) + 1;
    return id;
  }

  private write(message: ProtocolMessage): void {
    const sequence = this.hostSequence;
    this.hostSequence = (this.hostSequence + 1) >>> 0;
    this.link.write(encodeMessage(message, sequence, (this.now() - this.openedAtMs) * 1000));
  }

  private onMessage(header: FrameHeader, message: ProtocolMessage): void {
    const at = this.now();
    if (message.type === 'ack') {
      const pending = this.pending.get(message.requestId);
      if (pending) {
        this.pending.delete(message.requestId);
        clearTimeout(pending.timer);
        if (message.op === CommandOp.TIME_SYNC) this.onTimeSync?.(pending.sentAtMs, this.monotonic(), header.deviceTimeUs);
        pending.resolve(message);
      }
    }
    if (message.type === 'info') this.lastInfo = message;
    if (message.type === 'hello' && header.type === MessageType.HELLO && this.handshakeWaiter) {
      this.handshakeWaiter({ kind: 'binary', hello: message, header });
    }
    this.deliver({ kind: 'message', header, message, at });
  }

  private deliver(item: Queued): void {
    if (this.listener) this.dispatch(item);
    else if (this.queue.length < 10_000) this.queue.push(item);
  }

  private dispatch(item: Queued): void {
    const l = this.listener!;
    switch (item.kind) {
      case 'message':
        return l.message(item.header, item.message, item.at);
      case 'skipped':
        return l.skipped(item.header);
      case 'legacy':
        return l.legacyReading(item.reading, item.at);
      case 'bad':
        return l.badFrame(item.badKind);
      case 'text':
        return l.text(item.line);
    }
  }

  private onClosed(reason: string): void {
    if (this.closeReason !== null) return;
    this.closeReason = reason;
    this.decoder.end();
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error(`link closed (${reason})`));
    }
    this.pending.clear();
    for (const waiter of this.closeWaiters.splice(0)) waiter(reason);
    this.listener?.closed(reason);
  }
}
