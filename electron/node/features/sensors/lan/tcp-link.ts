import net from 'node:net';
import { BaseByteLink } from '../link/byte-link';

export function formatHostPort(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

class TcpByteLink extends BaseByteLink {
  readonly transport = 'tcp' as const;
  readonly startsAtBoundary = true;
  constructor(
    readonly address: string,
    private readonly socket: net.Socket,
  ) {
    super();
    socket.on('data', (chunk: Buffer) => this.received(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    let reason = 'the sensor closed the connection';
    socket.on('error', (error: NodeJS.ErrnoException) => {
      reason = error.code === 'ECONNRESET' ? 'connection reset' : error.message;
    });
    socket.on('close', () => this.ended(reason));
  }

  write(bytes: Uint8Array): void {
    if (!this.closed && this.socket.writable) this.socket.write(bytes);
  }

  protected release(): void {
    this.socket.destroy();
  }
}

/** Opens a TCP connection to a sensor; rejects with a plain reason (refused, timed out, unreachable). */
export function connectTcp(host: string, port: number, timeoutMs = 2000): Promise<TcpByteLink> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: host.replace(/^\[|\]$/g, ''), port });
    // Errors carry the system's code: a refused connection means "not switched on yet" (link/retry-policy.ts).
    const timer = setTimeout(() => {
      socket.destroy();
      reject(Object.assign(new Error(`no answer from ${formatHostPort(host, port)} within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const message = error.code === 'ECONNREFUSED' ? `${formatHostPort(host, port)} refused the connection` : error.message;
      reject(Object.assign(new Error(message), { code: error.code }));
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      // Frames are small and latency matters more than packet count; keep-alive finds dead peers.
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 5000);
      resolve(new TcpByteLink(formatHostPort(host, port), socket));
    });
  });
}

export type { TcpByteLink };
