import http from 'node:http';
import zlib from 'node:zlib';
import { closeNow, listenLocal } from './local-http';

export interface ReceivedItem {
  header: Record<string, unknown>;
  payload: unknown;
}

export interface ReceivedEnvelope {
  project: string;
  /** The DSN's public key the SDK authenticated with. */
  auth: string;
  header: Record<string, unknown>;
  items: ReceivedItem[];
  /** The whole request body as received (decompressed), for "does X appear anywhere" checks. */
  raw: string;
}

/**
 * A local stand-in for sentry.io: a real HTTP server that accepts what the Sentry SDKs post to
 * /api/<project>/envelope/ and parses the envelope format (a JSON header line, then items, each a
 * JSON header line and a payload of the stated length or up to the next newline).
 */
export class FakeSentry {
  readonly envelopes: ReceivedEnvelope[] = [];
  private server: http.Server | null = null;
  private port = 0;
  private waiters: (() => void)[] = [];

  dsn(project = '42'): string {
    return `http://publickey@127.0.0.1:${this.port}/${project}`;
  }

  /** Error events received so far (items of type `event`). */
  get events(): Record<string, unknown>[] {
    return this.envelopes.flatMap((e) => e.items.filter((i) => i.header.type === 'event').map((i) => i.payload as Record<string, unknown>));
  }

  async start(port = 0): Promise<void> {
    this.server = http.createServer((request, response) => {
      const match = /^\/api\/([^/]+)\/envelope\/?/.exec(request.url ?? '');
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        if (request.method !== 'POST' || !match) {
          response.writeHead(404).end();
          return;
        }
        let body = Buffer.concat(chunks);
        if (request.headers['content-encoding'] === 'gzip') body = zlib.gunzipSync(body);
        try {
          // The public key arrives in the X-Sentry-Auth header or in the query string.
          const header = String(request.headers['x-sentry-auth'] ?? '');
          const auth = /sentry_key=([^,\s]+)/.exec(header)?.[1] ?? new URL(request.url ?? '', 'http://x').searchParams.get('sentry_key') ?? '';
          this.envelopes.push({ project: match[1]!, auth, ...parseEnvelope(body), raw: body.toString('utf8') });
          response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
        } catch (error) {
          response.writeHead(400).end(String(error));
        }
        for (const wake of this.waiters.splice(0)) wake();
      });
    });
    this.port = await listenLocal(this.server, port);
  }

  async stop(): Promise<number> {
    const port = this.port;
    if (this.server) await closeNow(this.server);
    this.server = null;
    return port;
  }

  /** Resolves when at least `count` error events have arrived. */
  async waitForEvents(count: number, timeoutMs = 15_000): Promise<Record<string, unknown>[]> {
    const end = Date.now() + timeoutMs;
    while (this.events.length < count) {
      const left = end - Date.now();
      if (left <= 0) throw new Error(`expected ${count} Sentry event(s), got ${this.events.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.events;
  }
}

function parseEnvelope(body: Buffer): { header: Record<string, unknown>; items: ReceivedItem[] } {
  let at = 0;
  const readLine = (): Buffer => {
    const end = body.indexOf(0x0a, at);
    const line = body.subarray(at, end === -1 ? body.length : end);
    at = end === -1 ? body.length : end + 1;
    return line;
  };
  const header = JSON.parse(readLine().toString('utf8')) as Record<string, unknown>;
  const items: ReceivedItem[] = [];
  while (at < body.length) {
    const headerLine = readLine();
    if (headerLine.length === 0) continue;
    const itemHeader = JSON.parse(headerLine.toString('utf8')) as Record<string, unknown>;
    let payload: Buffer;
    if (typeof itemHeader.length === 'number') {
      payload = body.subarray(at, at + itemHeader.length);
      at += itemHeader.length;
      if (body[at] === 0x0a) at += 1;
    } else {
      payload = readLine();
    }
    const text = payload.toString('utf8');
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // attachments and the like are not JSON
    }
    items.push({ header: itemHeader, payload: parsed });
  }
  return { header, items };
}
