import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type Fault, FaultInjector, type FaultRule, type RandomFaults } from './faults';
import { invalidReading, missingReadingField, ReportMetadata } from './metadata';
import { type FileCollection, ReferenceStore, sha256 } from './store';
import { LinkThrottle } from './throttle';

/**
 * The reference SignalCraft server: the existing sign-in and IoT endpoints with their exact shapes
 * and errors (docs/field-facts.md §4), and version 1 of the field-report API (docs/server-api.md),
 * on a real HTTP server with real SQLite storage and fault injection. Tests and benchmarks run it
 * in-process or as `npm run server:dev`.
 */
export interface ReferenceServerOptions {
  dataDir: string;
  port?: number;
  host?: string;
  users?: { username: string; password: string; name: string }[];
  /** How long a sign-in lasts; default 12 hours. */
  sessionTtlMs?: number;
  /** Serve /__admin/... (faults, state) for people and tests; never on a real server. */
  admin?: boolean;
  /** Capacity of the upload direction in bytes per second; null for unlimited. */
  linkBytesPerSecond?: number | null;
  log?: (line: string) => void;
  now?: () => Date;
}

export interface ReferenceServer {
  readonly url: string;
  readonly port: number;
  readonly store: ReferenceStore;
  readonly faults: FaultInjector;
  readonly link: LinkThrottle;
  /** Requests seen per route name, for tests and benchmarks. */
  readonly requests: Map<string, number>;
  /** Stops listening and cuts every open connection (the network is gone); the data stays. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Stops and closes the database. */
  close(): Promise<void>;
  reportStatus(reportId: string): ReportStatus | null;
}

export interface ReportStatus {
  reportId: string;
  revision: number;
  complete: boolean;
  createdAt: string;
  updatedAt: string;
  recordings: FileStatusBody[];
  photos: FileStatusBody[];
  readings: { count: number; received: number; batches: { id: string; count: number; received: boolean }[] };
  document: { declared: boolean; sha256: string | null; bytes: number | null; stored: boolean };
}
type FileStatusBody = { id: string; bytes: number; sha256: string; received: number; complete: boolean };

interface Req {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  params: string[];
  sessionToken: string | undefined;
  userId: number | null;
}
interface Reply {
  status: number;
  body?: unknown;
  raw?: { contentType: string; data: Buffer };
  headers?: Record<string, string | string[]>;
}
interface Route {
  name: string;
  method: string;
  pattern: RegExp;
  auth: boolean;
  maxBody: number;
  handle: (req: Req) => Reply;
}

const MiB = 1024 * 1024;
const MAX_CHUNK = 8 * MiB;
const MAX_DOCUMENT = 50 * MiB;
const MAX_METADATA = MiB;
const MAX_BATCH_READINGS = 5000;
const UUID = '[0-9a-fA-F-]{36}';
const COOKIE = 'session';

const json = (status: number, body: unknown, headers?: Record<string, string | string[]>): Reply => ({ status, body, ...(headers ? { headers } : {}) });
const fail = (status: number, code: string, error: string, extra: Record<string, unknown> = {}): Reply => json(status, { error, code, ...extra });

export async function startReferenceServer(options: ReferenceServerOptions): Promise<ReferenceServer> {
  const now = options.now ?? (() => new Date());
  const store = new ReferenceStore(options.dataDir, now);
  for (const u of options.users ?? []) store.addUser(u.username, u.password, u.name);
  const faults = new FaultInjector();
  const link = new LinkThrottle();
  link.setRate(options.linkBytesPerSecond ?? null);
  const ttl = options.sessionTtlMs ?? 12 * 3600 * 1000;
  const requests = new Map<string, number>();
  const log = options.log ?? (() => {});

  const reportStatus = (reportId: string): ReportStatus | null => {
    const report = store.report(reportId);
    if (!report) return null;
    const recordings = store.files(reportId, 'recordings');
    const photos = store.files(reportId, 'photos');
    const batches = store.batches(reportId);
    const doc = store.document(reportId);
    const declared = typeof doc?.declaredSha256 === 'string';
    const stored = declared && doc?.storedSha256 === doc?.declaredSha256;
    const declaredIds = JSON.parse(report.metadata) as { recordings: { id: string }[]; photos: { id: string }[]; readings: { batches: { id: string }[] } };
    // Only what the current revision declares counts towards "complete".
    const pick = <T extends { id: string }>(all: T[], ids: { id: string }[]) => all.filter((f) => ids.some((d) => d.id === f.id));
    const recs = pick(recordings, declaredIds.recordings);
    const phs = pick(photos, declaredIds.photos);
    const bts = pick(batches, declaredIds.readings.batches);
    const received = bts.filter((b) => b.received).reduce((n, b) => n + b.count, 0);
    return {
      reportId,
      revision: report.revision,
      complete: recs.every((f) => f.complete) && phs.every((f) => f.complete) && bts.every((b) => b.received) && (!declared || stored),
      createdAt: report.createdAt,
      updatedAt: report.updatedAt,
      recordings: recs,
      photos: phs,
      readings: { count: bts.reduce((n, b) => n + b.count, 0), received, batches: bts },
      document: { declared, sha256: doc?.declaredSha256 ?? null, bytes: doc?.declaredBytes ?? null, stored },
    };
  };

  const parseJson = (req: Req): { ok: true; value: unknown } | { ok: false } => {
    try {
      return { ok: true, value: JSON.parse(req.body.toString('utf8')) };
    } catch {
      return { ok: false };
    }
  };

  const fileRoute = (req: Req): { reportId: string; collection: FileCollection; fileId: string } => ({
    reportId: req.params[0]!,
    collection: req.params[1] as FileCollection,
    fileId: req.params[2]!,
  });

  const routes: Route[] = [
    // ---- existing endpoints ----
    {
      name: 'auth.login',
      method: 'POST',
      pattern: /^\/api\/auth\/login$/,
      auth: false,
      maxBody: 64 * 1024,
      handle: (req) => {
        const parsed = parseJson(req);
        if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return json(400, { error: 'Invalid JSON' });
        const body = parsed.value as Record<string, unknown>;
        for (const field of ['username', 'password']) {
          if (typeof body[field] !== 'string' || body[field] === '') return json(400, { error: `Missing required field: ${field}` });
        }
        const user = store.checkPassword(body.username as string, body.password as string);
        if (!user) return json(401, { success: false, error: 'Invalid username or password' });
        const token = store.createSession(user.id, ttl);
        return json(
          200,
          { success: true, user },
          { 'Set-Cookie': `${COOKIE}=${token}; HttpOnly; Path=/; SameSite=Lax; Max-Age=${Math.floor(ttl / 1000)}` },
        );
      },
    },
    {
      name: 'auth.verify',
      method: 'GET',
      pattern: /^\/api\/auth\/verify$/,
      auth: false,
      maxBody: 0,
      handle: (req) => {
        const user = store.sessionUser(req.sessionToken);
        return user ? json(200, { valid: true, user }) : json(401, { valid: false, error: 'Not authenticated' });
      },
    },
    {
      name: 'iot.sensorData',
      method: 'POST',
      pattern: /^\/api\/iot\/sensors\/data$/,
      auth: false,
      maxBody: 64 * 1024,
      handle: (req) => {
        const parsed = parseJson(req);
        if (!parsed.ok) return json(400, { error: 'Invalid JSON' });
        const missing = missingReadingField(parsed.value);
        if (missing) return json(400, { error: `Missing required field: ${missing}` });
        const reading = parsed.value as { device_id: string; timestamp: number };
        const id = store.addSensorData(reading, req.body.toString('utf8'));
        return json(200, { success: true, message: 'Data received', id });
      },
    },

    // ---- field reports, version 1 ----
    {
      name: 'v1.health',
      method: 'GET',
      pattern: /^\/api\/field\/v1\/health$/,
      auth: false,
      maxBody: 0,
      handle: () => json(200, { ok: true, api: 'signalcraft.field/1' }),
    },
    {
      name: 'v1.putReport',
      method: 'PUT',
      pattern: new RegExp(`^/api/field/v1/reports/(${UUID})$`),
      auth: true,
      maxBody: MAX_METADATA,
      handle: (req) => {
        const reportId = req.params[0]!;
        const key = header(req, 'idempotency-key');
        if (!key) return fail(400, 'missing_idempotency_key', 'The Idempotency-Key header is required.');
        const parsed = parseJson(req);
        if (!parsed.ok) return fail(400, 'invalid_json', 'The body is not JSON.');
        const checked = ReportMetadata.safeParse(parsed.value);
        if (!checked.success) {
          const issue = checked.error.issues[0];
          const field = issue?.path.map(String).join('.') ?? '';
          return fail(400, 'invalid_report', `Invalid report metadata at "${field}": ${issue?.message ?? 'wrong shape'}.`, { field });
        }
        const metadata = checked.data;
        if (metadata.reportId !== reportId) {
          return fail(400, 'invalid_report', 'reportId in the body differs from the one in the path.', { field: 'reportId' });
        }
        const bodySha = sha256(req.body);
        const earlier = store.reportWrite(key);
        if (earlier) {
          if (earlier.reportId !== reportId || earlier.bodySha256 !== bodySha) {
            return fail(422, 'idempotency_key_reused', 'This Idempotency-Key was used before with a different request.');
          }
          return json(200, { ...reportStatus(reportId), replayed: true });
        }
        const conflict = store.fileConflict(reportId, metadata);
        if (conflict) return fail(409, 'file_conflict', 'A file is declared with another size or hash than the one already received.', { field: conflict });
        const existed = store.report(reportId) !== null;
        store.writeReport({ reportId, key, body: req.body.toString('utf8'), bodySha256: bodySha, metadata, userId: req.userId! });
        return json(existed ? 200 : 201, reportStatus(reportId));
      },
    },
    {
      name: 'v1.getReport',
      method: 'GET',
      pattern: new RegExp(`^/api/field/v1/reports/(${UUID})$`),
      auth: true,
      maxBody: 0,
      handle: (req) => {
        const status = reportStatus(req.params[0]!);
        return status ? json(200, status) : fail(404, 'report_not_found', 'No report with this id.');
      },
    },
    {
      name: 'v1.getRevisions',
      method: 'GET',
      pattern: new RegExp(`^/api/field/v1/reports/(${UUID})/revisions$`),
      auth: true,
      maxBody: 0,
      handle: (req) => {
        const reportId = req.params[0]!;
        if (!store.report(reportId)) return fail(404, 'report_not_found', 'No report with this id.');
        const revisions = store.revisions(reportId).map((r) => ({
          revision: r.revision,
          createdAt: r.createdAt,
          metadata: JSON.parse(r.metadata) as unknown,
          document: r.documentSha256 === null ? null : { sha256: r.documentSha256, stored: r.documentStored },
        }));
        return json(200, { reportId, revisions });
      },
    },
    {
      name: 'v1.getFile',
      method: 'GET',
      pattern: new RegExp(`^/api/field/v1/reports/(${UUID})/(recordings|photos)/(${UUID})$`),
      auth: true,
      maxBody: 0,
      handle: (req) => {
        const { reportId, collection, fileId } = fileRoute(req);
        if (!store.report(reportId)) return fail(404, 'report_not_found', 'No report with this id.');
        const file = store.fileState(reportId, collection, fileId);
        return file ? json(200, file) : fail(404, 'file_not_declared', 'The report metadata does not declare this file.');
      },
    },
    {
      name: 'v1.patchFile',
      method: 'PATCH',
      pattern: new RegExp(`^/api/field/v1/reports/(${UUID})/(recordings|photos)/(${UUID})$`),
      auth: true,
      maxBody: MAX_CHUNK,
      handle: (req) => {
        const { reportId, collection, fileId } = fileRoute(req);
        if (header(req, 'content-type') !== 'application/offset+octet-stream') {
          return fail(415, 'unsupported_media_type', 'Chunks must be sent as application/offset+octet-stream.');
        }
        if (!store.report(reportId)) return fail(404, 'report_not_found', 'No report with this id.');
        const file = store.fileState(reportId, collection, fileId);
        if (!file) return fail(404, 'file_not_declared', 'The report metadata does not declare this file.');
        const offsetText = header(req, 'upload-offset');
        const chunkSha = header(req, 'chunk-sha256');
        const offset = offsetText !== undefined && /^\d+$/.test(offsetText) ? Number(offsetText) : NaN;
        if (!Number.isSafeInteger(offset) || !chunkSha || req.body.length === 0) {
          return fail(400, 'invalid_chunk', 'Upload-Offset, Chunk-SHA256 and a non-empty body are required.');
        }
        if (offset !== file.received || file.complete) {
          return fail(409, 'offset_mismatch', `The server has ${file.received} bytes of this file; continue from there.`, {
            received: file.received,
            complete: file.complete,
          });
        }
        if (offset + req.body.length > file.bytes) {
          return fail(413, 'exceeds_declared_size', `The file was declared as ${file.bytes} bytes.`);
        }
        if (sha256(req.body) !== chunkSha.toLowerCase()) {
          return fail(422, 'chunk_checksum_mismatch', 'The chunk arrived damaged; nothing was stored. Send it again.');
        }
        let state = store.appendChunk(reportId, collection, fileId, offset, req.body);
        if (state.received === state.bytes) {
          const whole = sha256(readWhole(store.filePath(reportId, collection, fileId)));
          if (whole !== state.sha256) {
            store.markFile(reportId, collection, fileId, false);
            return fail(422, 'file_checksum_mismatch', 'The whole file does not match its declared SHA-256; it was discarded.', { received: 0 });
          }
          store.markFile(reportId, collection, fileId, true);
          state = store.fileState(reportId, collection, fileId)!;
        }
        return json(200, state);
      },
    },
    {
      name: 'v1.putReadings',
      method: 'PUT',
      pattern: new RegExp(`^/api/field/v1/reports/(${UUID})/readings/([0-9a-fA-F-]{36}\\.\\d{1,6})$`),
      auth: true,
      maxBody: 8 * MiB,
      handle: (req) => {
        const [reportId, batchId] = [req.params[0]!, req.params[1]!];
        if (!store.report(reportId)) return fail(404, 'report_not_found', 'No report with this id.');
        const batch = store.batch(reportId, batchId);
        if (!batch) return fail(404, 'batch_not_declared', 'The report metadata does not declare this batch.');
        const parsed = parseJson(req);
        if (!parsed.ok) return fail(400, 'invalid_json', 'The body is not JSON.');
        const readings = (parsed.value as { readings?: unknown })?.readings;
        if (!Array.isArray(readings) || readings.length > MAX_BATCH_READINGS) {
          return fail(400, 'invalid_batch', `The body must be {"readings": [...]} with at most ${MAX_BATCH_READINGS} readings.`);
        }
        const bodySha = sha256(req.body);
        if (batch.bodySha256 !== null) {
          return batch.bodySha256 === bodySha
            ? json(200, { batchId, count: batch.count, replayed: true })
            : fail(409, 'batch_conflict', 'This batch was stored before with different content.');
        }
        for (const [index, reading] of readings.entries()) {
          const missing = missingReadingField(reading);
          if (missing) return fail(400, 'invalid_reading', `Missing required field: ${missing}`, { index });
          const invalid = invalidReading(reading as Record<string, unknown>);
          if (invalid) return fail(400, 'invalid_reading', invalid, { index });
        }
        if (readings.length !== batch.count) {
          return fail(400, 'count_mismatch', `The batch was declared with ${batch.count} readings, not ${readings.length}.`);
        }
        store.storeBatch(reportId, batchId, bodySha, readings as { device_id: string; timestamp: number }[]);
        return json(201, { batchId, count: readings.length });
      },
    },
    {
      name: 'v1.putDocument',
      method: 'PUT',
      pattern: new RegExp(`^/api/field/v1/reports/(${UUID})/document$`),
      auth: true,
      maxBody: MAX_DOCUMENT,
      handle: (req) => {
        const reportId = req.params[0]!;
        if (header(req, 'content-type') !== 'application/pdf') return fail(415, 'unsupported_media_type', 'The document must be application/pdf.');
        if (!store.report(reportId)) return fail(404, 'report_not_found', 'No report with this id.');
        const doc = store.document(reportId);
        if (!doc?.declaredSha256) return fail(409, 'document_not_declared', 'The report metadata declares no document.');
        const hash = sha256(req.body);
        if (hash !== header(req, 'content-sha256')?.toLowerCase()) {
          return fail(422, 'checksum_mismatch', 'The document does not match its Content-SHA256; nothing was stored.');
        }
        if (hash !== doc.declaredSha256) return fail(409, 'document_mismatch', 'The report metadata declares another document.');
        if (doc.storedSha256 === hash) return json(200, { sha256: hash, bytes: req.body.length, replayed: true });
        store.storeDocument(reportId, req.body, hash);
        return json(201, { sha256: hash, bytes: req.body.length });
      },
    },
    {
      name: 'v1.getDocument',
      method: 'GET',
      pattern: new RegExp(`^/api/field/v1/reports/(${UUID})/document$`),
      auth: true,
      maxBody: 0,
      handle: (req) => {
        const doc = store.document(req.params[0]!);
        if (!doc?.storedSha256) return fail(404, 'document_not_stored', 'No document has been stored for this report.');
        return { status: 200, raw: { contentType: 'application/pdf', data: readWhole(store.documentPath(req.params[0]!)) } };
      },
    },
  ];

  if (options.admin) routes.push(...adminRoutes(store, faults, link, reportStatus));

  const sockets = new Set<Socket>();
  let listening: http.Server | null = null;
  let port = options.port ?? 0;
  const host = options.host ?? '127.0.0.1';

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    void handleRequest(req, res).catch((error: unknown) => {
      log(`internal error: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent && !res.destroyed) send(res, fail(500, 'internal', 'Internal server error'));
    });
  };

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://reference.invalid');
    const method = req.method ?? 'GET';
    const candidates = routes.filter((r) => r.pattern.test(url.pathname));
    const route = candidates.find((r) => r.method === method);
    if (!route) {
      req.resume();
      send(res, candidates.length > 0 ? fail(405, 'method_not_allowed', 'Method not allowed.') : fail(404, 'not_found', 'Not found.'));
      return;
    }
    requests.set(route.name, (requests.get(route.name) ?? 0) + 1);
    const fault = route.name.startsWith('admin.') ? null : faults.decide(method, url.pathname);
    if (fault) log(`fault ${fault.kind} on ${method} ${url.pathname}`);

    if (fault?.kind === 'status500' || fault?.kind === 'status502' || fault?.kind === 'status503') {
      req.resume();
      res.setHeader('Connection', 'close');
      sendFault(res, fault);
      return;
    }
    if (fault?.kind === 'timeout') {
      // Read and forget the body; never answer. The client's own timeout ends it.
      req.resume();
      return;
    }

    const body = await readBody(req, res, route.maxBody, fault?.kind === 'cut');
    if (body === null) return;
    const sessionToken = parseCookies(req.headers.cookie)[COOKIE];
    if (fault?.kind === 'expire_session' && sessionToken) store.expireSession(sessionToken);
    const user = store.sessionUser(sessionToken);
    if (route.auth && !user) {
      send(res, fail(401, 'unauthorized', 'Authentication required'));
      return;
    }
    const match = route.pattern.exec(url.pathname)!;
    const request: Req = { method, path: url.pathname, headers: req.headers, body, params: match.slice(1), sessionToken, userId: user?.id ?? null };
    if (fault?.kind === 'duplicate') route.handle(request);
    const reply = route.handle(request);
    log(`${method} ${url.pathname} -> ${reply.status}`);

    if (fault?.kind === 'lose_response') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'slow') {
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (res.destroyed) return;
    }
    send(res, reply);
  }

  /** Reads the body through the link throttle; null when it was refused or the connection cut. */
  async function readBody(req: http.IncomingMessage, res: http.ServerResponse, max: number, cut: boolean): Promise<Buffer | null> {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > max) {
      res.setHeader('Connection', 'close');
      send(res, fail(413, max === MAX_CHUNK ? 'chunk_too_large' : 'too_large', `The body is larger than ${max} bytes.`));
      req.resume();
      return null;
    }
    const cutAfter = cut ? Math.max(0, Math.floor((Number.isFinite(declared) ? declared : 0) / 2)) : Infinity;
    if (cut && cutAfter === 0) {
      req.socket.destroy();
      return null;
    }
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        await link.take(chunk.length);
        total += chunk.length;
        if (total > max) {
          req.socket.destroy();
          return null;
        }
        chunks.push(chunk);
        if (total >= cutAfter) {
          req.socket.destroy();
          return null;
        }
      }
    } catch {
      return null; // the client went away mid-body: nothing of it is stored
    }
    if (!req.complete) return null;
    return Buffer.concat(chunks, total);
  }

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const server = http.createServer({ keepAliveTimeout: 5000 }, onRequest);
      server.on('connection', (socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
      });
      server.once('error', reject);
      server.listen(port, host, () => {
        port = (server.address() as AddressInfo).port;
        listening = server;
        resolve();
      });
    });

  const stop = async () => {
    const server = listening;
    if (!server) return;
    listening = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };

  await listen();
  return {
    get url() {
      return `http://${host}:${port}`;
    },
    get port() {
      return port;
    },
    store,
    faults,
    link,
    requests,
    stop,
    start: listen,
    close: async () => {
      await stop();
      store.close();
    },
    reportStatus,
  };
}

function adminRoutes(
  store: ReferenceStore,
  faults: FaultInjector,
  link: LinkThrottle,
  reportStatus: (id: string) => ReportStatus | null,
): Route[] {
  const body = (req: Req) => JSON.parse(req.body.toString('utf8') || '{}') as Record<string, unknown>;
  return [
    {
      name: 'admin.state',
      method: 'GET',
      pattern: /^\/__admin\/state$/,
      auth: false,
      maxBody: 0,
      handle: () =>
        json(200, {
          reports: store.reportIds().map((id) => reportStatus(id)),
          faultsFired: faults.counts(),
          faultsPending: faults.pending,
          linkBytesPerSecond: link.rate,
        }),
    },
    {
      name: 'admin.faults',
      method: 'POST',
      pattern: /^\/__admin\/faults$/,
      auth: false,
      maxBody: 64 * 1024,
      handle: (req) => {
        const b = body(req);
        if (b.clear) faults.clear();
        if ('random' in b) faults.setRandom((b.random as RandomFaults | null) ?? null);
        if (typeof b.kind === 'string') faults.add(b as unknown as FaultRule);
        return json(200, { pending: faults.pending });
      },
    },
    {
      name: 'admin.expireSessions',
      method: 'POST',
      pattern: /^\/__admin\/expire-sessions$/,
      auth: false,
      maxBody: 0,
      handle: () => json(200, { expired: store.expireAllSessions() }),
    },
    {
      name: 'admin.link',
      method: 'POST',
      pattern: /^\/__admin\/link$/,
      auth: false,
      maxBody: 1024,
      handle: (req) => {
        const rate = body(req).bytesPerSecond;
        link.setRate(typeof rate === 'number' ? rate : null);
        return json(200, { bytesPerSecond: link.rate });
      },
    },
    {
      name: 'admin.users',
      method: 'POST',
      pattern: /^\/__admin\/users$/,
      auth: false,
      maxBody: 4096,
      handle: (req) => {
        const b = body(req) as { username?: string; password?: string; name?: string };
        if (!b.username || !b.password) return fail(400, 'invalid_user', 'username and password are required');
        return json(200, store.addUser(b.username, b.password, b.name ?? b.username));
      },
    },
  ];
}

function header(req: Req, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseCookies(cookieHeader: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

function send(res: http.ServerResponse, reply: Reply): void {
  if (res.destroyed || res.headersSent) return;
  const headers: Record<string, string | string[]> = { ...reply.headers };
  let data: Buffer;
  if (reply.raw) {
    headers['Content-Type'] = reply.raw.contentType;
    data = reply.raw.data;
  } else {
    headers['Content-Type'] = 'application/json; charset=utf-8';
    data = Buffer.from(JSON.stringify(reply.body ?? {}));
  }
  headers['Content-Length'] = String(data.length);
  res.writeHead(reply.status, headers);
  res.end(data);
}

function sendFault(res: http.ServerResponse, fault: Fault): void {
  switch (fault.kind) {
    case 'status502': {
      // What a proxy in front of a dead upstream answers: HTML, not the API's JSON.
      const page = Buffer.from('<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>');
      res.writeHead(502, { 'Content-Type': 'text/html', 'Content-Length': String(page.length) });
      res.end(page);
      return;
    }
    case 'status503':
      send(res, { ...fail(503, 'unavailable', 'The server is in maintenance; try again later.'), headers: { 'Retry-After': String(fault.retryAfterS) } });
      return;
    default:
      send(res, json(500, { error: 'Internal server error' }));
  }
}

function readWhole(file: string): Buffer {
  // Synchronous on purpose (see ReferenceStore.appendChunk): the completion check must not
  // interleave with another request for the same file.
  return fs.readFileSync(file);
}
