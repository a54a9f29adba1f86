import type { TransportKind } from '../device-stream';

/**
 * One open connection that carries bytes both ways: a serial port (through the serial process)
 * or a TCP socket. The protocol above it is the same for both.
 */
export interface ByteLink {
  readonly transport: Exclude<TransportKind, 'http-ingest'>;
  /** Port path or host:port. */
  readonly address: string;
  /**
   * The first byte received is the first byte of a frame or line: true for a new TCP connection
   * (the sensor writes whole frames into it); false for a serial port, opened mid-stream.
   */
  readonly startsAtBoundary: boolean;
  write(bytes: Uint8Array): void;
  /** Idempotent. The close listener is called once, whoever closed it. */
  close(reason?: string): void;
  /** One listener each; bytes arrive in order. */
  onData(listener: (bytes: Uint8Array) => void): void;
  onClose(listener: (reason: string) => void): void;
  readonly closed: boolean;
}

/** A ByteLink's shared bookkeeping: the close-once rule and listener slots. */
export abstract class BaseByteLink implements ByteLink {
  abstract readonly transport: ByteLink['transport'];
  abstract readonly address: string;
  abstract readonly startsAtBoundary: boolean;
  private dataListener: ((bytes: Uint8Array) => void) | null = null;
  private closeListener: ((reason: string) => void) | null = null;
  private closeReason: string | null = null;

  abstract write(bytes: Uint8Array): void;
  /** Releases the underlying port or socket. */
  protected abstract release(): void;

  get closed(): boolean {
    return this.closeReason !== null;
  }

  close(reason = 'closed by the app'): void {
    if (this.closeReason !== null) return;
    this.release();
    this.ended(reason);
  }

  onData(listener: (bytes: Uint8Array) => void): void {
    this.dataListener = listener;
  }

  onClose(listener: (reason: string) => void): void {
    this.closeListener = listener;
    if (this.closeReason !== null) listener(this.closeReason);
  }

  /** For subclasses: bytes came in. */
  protected received(bytes: Uint8Array): void {
    if (this.closeReason === null) this.dataListener?.(bytes);
  }

  /** For subclasses: the other side or the OS ended the link. */
  protected ended(reason: string): void {
    if (this.closeReason !== null) return;
    this.closeReason = reason;
    this.closeListener?.(reason);
  }
}
