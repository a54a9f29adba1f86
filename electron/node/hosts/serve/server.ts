import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { FILES_PREFIX } from '../../../../shared/contract/recording';
import { SECURITY_HEADERS } from '../../../../shared/security/csp';
import type { Backend } from '../backend';
import { BUNDLE_DIR, BUNDLE_NAME_PATTERN } from '../../features/support-bundle';
import type { Logger } from '../../platform/logging/log';
import { SocketGate, type SocketGateStats, type SocketLimits } from './socket-limits';
import { handleSocketMessage } from './ws-protocol';

export const PAIRING_COOKIE = 'sc_pair';
/** Diagnostics bundles made in serve mode are downloaded from here (behind the same Host and pairing checks). */
export const DIAGNOSTICS_DOWNLOAD_PATH = '/api/diagnostics';
/** A call larger than this is not a UI call; refuse it before parsing. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
/** Beyond this many unsent bytes to a slow client, pushed events are dropped for it (calls still answer). */
const EVENT_BACKLOG_LIMIT = 4 * 1024 * 1024;
/** Beyond this, live frames wait (coalesced) for the client to catch up: a slow tablet gets fewer, fuller frames. */
const LIVE_BACKLOG_LIMIT = 64 * 1024;

export interface ServeOptions {
  backend: Backend;
  log: Logger;
  rendererDir: string;
  port: number;
  /** Listen on every interface. Then every request must carry the pairing token. */
  lan: boolean;
  /** Fixed token (tests, kiosk set-ups); a random one is made when omitted. */
  pairingToken?: string;
  /** Per-connection limits on unanswered calls and answer bytes (socket-limits.ts); tests shrink them. */
  socketLimits?: SocketLimits;
}

export interface RunningServer {
  port: number;
  /** What to open in a browser on this machine. */
  localUrl: string;
  /** LAN mode: links with the token for other devices, one per interface address. */
  pairingUrls: string[];
  pairingToken: string | null;
  /** Each open WebSocket's calls in flight and answer backlog (tests and diagnostics). */
  connections(): SocketGateStats[];
  close(): Promise<void>;
}

/**
 * Serve mode: the same back end as the desktop app, reached from a browser over HTTP and a
 * WebSocket. Loopback only unless `lan` is set, and then paired by a token.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { backend, log } = options;
  const token = options.lan ? (options.pairingToken ?? crypto.randomBytes(24).toString('base64url')) : null;
  const host = options.lan ? '0.0.0.0' : '127.0.0.1';

  if (!fs.existsSync(path.join(options.rendererDir, 'index.html'))) {
    throw new Error(`The UI has not been built (${options.rendererDir}/index.html is missing). Run "npm run build" first.`);
  }

  const app = Fastify({ logger: false, bodyLimit: MAX_MESSAGE_BYTES, forceCloseConnections: true });
  const pairingLog = pairingAudit(log);
  const gates = new Set<SocketGate>();
  let port = 0;

  app.addHook('onRequest', async (request, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    if (!options.lan && !isLoopbackHost(request.headers.host, port)) {
      // DNS rebinding: a web page whose name resolves to 127.0.0.1 must not reach the register.
      return reply.code(421).type('text/plain').send('This address is not served. Open http://127.0.0.1 instead.');
    }
    if (token !== null) return checkPairing(request, reply, token, pairingLog);
    return undefined;
  });

  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_MESSAGE_BYTES } });
  await app.register(async (scope) => {
    scope.get('/api/ws', { websocket: true }, (socket: WebSocket, request) => {
      if (!isSameOrigin(request)) {
        socket.close(1008, 'cross-origin connection refused');
        return;
      }
      const gate = attachSocket(socket, backend, log, options.socketLimits);
      gates.add(gate);
      socket.on('close', () => gates.delete(gate));
    });
  });
  app.get('/api/ready', async () => ({ ok: true }));
  // Recordings, photos and exports: the same relative URLs the desktop app serves over app://.
  app.get(`/${FILES_PREFIX}/*`, async (request, reply) => {
    const file = await backend.serveFile(new URL(request.url, 'http://local').pathname, request.headers.range);
    return reply.code(file.status).headers(file.headers).send(file.body ?? '');
  });
  app.get<{ Params: { name: string } }>(`${DIAGNOSTICS_DOWNLOAD_PATH}/:name`, async (request, reply) => {
    const name = request.params.name;
    const file = path.join(backend.info().dataDir, BUNDLE_DIR, name);
    if (!BUNDLE_NAME_PATTERN.test(name) || !fs.existsSync(file)) return reply.code(404).type('text/plain').send('No such bundle.');
    return reply
      .type('application/zip')
      .header('Content-Disposition', `attachment; filename="${name}"`)
      .send(fs.createReadStream(file));
  });
  await app.register(fastifyStatic, { root: options.rendererDir, index: 'index.html', wildcard: true });

  // Upgraded (WebSocket) sockets, including refused ones a client leaves open, are not tracked by
  // the HTTP server's connection list: track them so closing the server cannot hang on them.
  const upgraded = new Set<Duplex>();
  app.server.on('upgrade', (_request, socket: Duplex) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
  });

  await app.listen({ host, port: options.port });
  port = (app.server.address() as AddressInfo).port;
  const localUrl = `http://127.0.0.1:${port}/`;
  const pairingUrls = token === null ? [] : lanAddresses().map((ip) => `http://${ip}:${port}/?pair=${token}`);
  log.info({ port, lan: options.lan }, 'serve mode listening');

  return {
    port,
    localUrl: token === null ? localUrl : `${localUrl}?pair=${token}`,
    pairingUrls,
    pairingToken: token,
    connections: () => [...gates].map((g) => g.stats()),
    close: async () => {
      for (const socket of upgraded) socket.destroy();
      await app.close();
    },
  };
}

function attachSocket(socket: WebSocket, backend: Backend, log: Logger, limits?: SocketLimits): SocketGate {
  // One connection per socket: its live subscriptions end when it closes.
  const connection = backend.events.connect({
    deliver: (message) => {
      if (socket.readyState !== socket.OPEN || socket.bufferedAmount > EVENT_BACKLOG_LIMIT) return;
      socket.send(JSON.stringify(message));
    },
    ready: () => socket.readyState === socket.OPEN && socket.bufferedAmount < LIVE_BACKLOG_LIMIT,
  });
  const gate = new SocketGate(socket, async (data, isBinary) => JSON.stringify(await handleSocketMessage(data, isBinary, backend.dispatcher, connection)), log, limits);
  socket.on('message', (data, isBinary) => gate.receive(data, isBinary));
  socket.on('close', () => connection.close());
  socket.on('error', (error) => log.warn({ err: error }, 'websocket error'));
  return gate;
}

function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const allowed = ['127.0.0.1', 'localhost', '[::1]'];
  return allowed.some((h) => hostHeader === h || hostHeader === `${h}:${port}`);
}

/** Browsers always send Origin on a WebSocket; it must be this very server. */
function isSameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true; // not a browser: cannot be a cross-site request
  return origin === `http://${request.headers.host ?? ''}`;
}

/**
 * Who paired and who was refused, for the technician and support. The request line is logged as
 * it came (a pairing link carries the token; log.ts scrubs it from every line); refusals are
 * logged at most every few seconds so that a noisy device cannot flood the log files.
 */
function pairingAudit(log: Logger) {
  let lastRefusalAt = 0;
  let refusedSince = 0;
  return {
    paired: (request: FastifyRequest) => log.info({ url: request.url, ip: request.ip }, 'device paired'),
    refused: (request: FastifyRequest) => {
      refusedSince += 1;
      const now = Date.now();
      if (now - lastRefusalAt < 5000) return;
      log.warn({ url: request.url, ip: request.ip, refused: refusedSince }, 'refused a request without a valid pairing token');
      lastRefusalAt = now;
      refusedSince = 0;
    },
  };
}

function checkPairing(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  audit: ReturnType<typeof pairingAudit>,
): FastifyReply | undefined {
  const url = new URL(request.url, 'http://local');
  const offered = url.searchParams.get('pair');
  if (offered !== null && safeEqual(offered, token)) {
    audit.paired(request);
    // Trade the token in the link for a cookie, and drop it from the address bar and history.
    url.searchParams.delete('pair');
    return reply
      .header('Set-Cookie', `${PAIRING_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`)
      .redirect(`${url.pathname}${url.search}`, 303);
  }
  const cookie = readCookie(request.headers.cookie, PAIRING_COOKIE);
  const bearer = request.headers.authorization?.replace(/^Bearer\s+/i, '');
  if ((cookie !== null && safeEqual(cookie, token)) || (bearer !== undefined && safeEqual(bearer, token))) return undefined;
  audit.refused(request);
  return reply
    .code(401)
    .type('text/plain; charset=utf-8')
    .send(
      'This SignalCraft Field is paired. Open the pairing link shown on the laptop that runs it.\n' +
        '이 SignalCraft Field는 페어링이 필요합니다. 노트북에 표시된 페어링 링크를 여세요.',
    );
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return null;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((i): i is os.NetworkInterfaceInfo => i !== undefined && i.family === 'IPv4' && !i.internal)
    .map((i) => i.address);
}
