import crypto from 'node:crypto';
import { httpFailure, networkFailure, SyncFailure } from './failure';

/**
 * The SignalCraft server as the app calls it (docs/server-api.md). Each method is one HTTP request
 * with its own time limit; every failure comes out as a SyncFailure saying whether to retry.
 * The session cookie is held here and sent as `Cookie`; it never appears in an error or a log.
 */
export type FileCollection = 'recordings' | 'photos';

export interface ServerUser {
  username: string;
  name: string;
}

export interface FileStatus {
  id: string;
  bytes: number;
  sha256: string;
  received: number;
  complete: boolean;
}

export interface ReportStatus {
  reportId: string;
  revision: number;
  complete: boolean;
  recordings: FileStatus[];
  photos: FileStatus[];
  readings: { count: number; received: number; batches: { id: string; count: number; received: boolean }[] };
  document: { declared: boolean; sha256: string | null; bytes: number | null; stored: boolean };
  replayed?: boolean;
}

export type ChunkResult = { kind: 'stored'; file: FileStatus } | { kind: 'offset_mismatch'; received: number; complete: boolean };

export interface ServerClientOptions {
  baseUrl: string;
  /** `name=value; name2=value2` as set by the login answer. */
  cookie?: string | null;
  /** Time allowed for a request with no body to speak of. */
  timeoutMs?: number;
  /** Slowest link still considered working: bodies get `bytes / minBytesPerSecond` on top of the time limit. */
  minBytesPerSecond?: number;
  fetch?: typeof fetch;
  /** Aborts every request (the app is closing). */
  signal?: AbortSignal;
}

const V1 = '/api/field/v1';

export class FieldServerClient {
  private readonly base: string;
  private readonly timeoutMs: number;
  private readonly minRate: number;
  private readonly fetchImpl: typeof fetch;
  private readonly stopSignal: AbortSignal | undefined;
  cookie: string | null;

  constructor(options: ServerClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.cookie = options.cookie ?? null;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.minRate = options.minBytesPerSecond ?? 16 * 1024;
    this.fetchImpl = options.fetch ?? fetch;
    this.stopSignal = options.signal;
  }

  /** Signs in; answers the cookie to keep (never the password). */
  async login(username: string, password: string): Promise<{ cookie: string; user: ServerUser }> {
    const res = await this.request('POST', '/api/auth/login', 'sign-in', {
      body: JSON.stringify({ username, password }),
      contentType: 'application/json',
      auth: false,
    });
    if (res.status !== 200) throw httpFailure(res.status, res.json, res.retryAfter, 'sign-in');
    const cookie = res.setCookies
      .map((c) => c.split(';')[0]?.trim() ?? '')
      .filter((c) => c.includes('='))
      .join('; ');
    if (cookie === '') throw new SyncFailure('rejected', 'The server accepted the sign-in but set no session cookie.', { status: 200, retryable: false });
    return { cookie, user: readUser(res.json, username) };
  }

  async verify(): Promise<ServerUser> {
    const res = await this.request('GET', '/api/auth/verify', 'checking the sign-in');
    if (res.status !== 200) throw httpFailure(res.status, res.json, res.retryAfter, 'checking the sign-in');
    return readUser(res.json, '');
  }

  async health(): Promise<void> {
    const res = await this.request('GET', `${V1}/health`, 'checking the server', { auth: false });
    if (res.status !== 200) throw httpFailure(res.status, res.json, res.retryAfter, 'checking the server');
  }

  async putReport(reportId: string, metadata: string, idempotencyKey: string): Promise<ReportStatus> {
    const res = await this.request('PUT', `${V1}/reports/${reportId}`, 'sending the report', {
      body: metadata,
      contentType: 'application/json',
      headers: { 'Idempotency-Key': idempotencyKey },
    });
    if (res.status !== 200 && res.status !== 201) throw httpFailure(res.status, res.json, res.retryAfter, 'sending the report');
    return res.json as ReportStatus;
  }

  async getReport(reportId: string): Promise<ReportStatus> {
    const res = await this.request('GET', `${V1}/reports/${reportId}`, 'checking the report');
    if (res.status !== 200) throw httpFailure(res.status, res.json, res.retryAfter, 'checking the report');
    return res.json as ReportStatus;
  }

  async fileStatus(reportId: string, collection: FileCollection, fileId: string): Promise<FileStatus> {
    const res = await this.request('GET', `${V1}/reports/${reportId}/${collection}/${fileId}`, `checking a file`);
    if (res.status !== 200) throw httpFailure(res.status, res.json, res.retryAfter, 'checking a file');
    return res.json as FileStatus;
  }

  async patchChunk(reportId: string, collection: FileCollection, fileId: string, offset: number, chunk: Buffer): Promise<ChunkResult> {
    const res = await this.request('PATCH', `${V1}/reports/${reportId}/${collection}/${fileId}`, 'sending audio', {
      body: chunk,
      contentType: 'application/offset+octet-stream',
      headers: { 'Upload-Offset': String(offset), 'Chunk-SHA256': sha256(chunk) },
    });
    if (res.status === 200) return { kind: 'stored', file: res.json as FileStatus };
    const body = res.json as { code?: string; received?: number; complete?: boolean } | null;
    if (res.status === 409 && body?.code === 'offset_mismatch' && typeof body.received === 'number') {
      return { kind: 'offset_mismatch', received: body.received, complete: body.complete === true };
    }
    throw httpFailure(res.status, res.json, res.retryAfter, 'sending audio');
  }

  async putReadings(reportId: string, batchId: string, body: string): Promise<void> {
    const res = await this.request('PUT', `${V1}/reports/${reportId}/readings/${batchId}`, 'sending readings', {
      body,
      contentType: 'application/json',
    });
    if (res.status !== 200 && res.status !== 201) throw httpFailure(res.status, res.json, res.retryAfter, 'sending readings');
  }

  async putDocument(reportId: string, pdf: Buffer): Promise<void> {
    const res = await this.request('PUT', `${V1}/reports/${reportId}/document`, 'sending the PDF', {
      body: pdf,
      contentType: 'application/pdf',
      headers: { 'Content-SHA256': sha256(pdf) },
    });
    if (res.status !== 200 && res.status !== 201) throw httpFailure(res.status, res.json, res.retryAfter, 'sending the PDF');
  }

  private async request(
    method: string,
    path: string,
    what: string,
    options: { body?: string | Buffer; contentType?: string; headers?: Record<string, string>; auth?: boolean } = {},
  ): Promise<{ status: number; json: unknown; retryAfter: string | null; setCookies: string[] }> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    if (options.contentType) headers['Content-Type'] = options.contentType;
    if (options.auth !== false && this.cookie) headers.Cookie = this.cookie;
    const bytes = options.body === undefined ? 0 : Buffer.byteLength(options.body);
    const limit = this.timeoutMs + Math.ceil((bytes / this.minRate) * 1000);
    const signal = this.stopSignal ? AbortSignal.any([AbortSignal.timeout(limit), this.stopSignal]) : AbortSignal.timeout(limit);
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.base}${path}`, {
        method,
        headers,
        ...(options.body === undefined ? {} : { body: options.body }),
        signal,
        redirect: 'manual',
      });
    } catch (error) {
      throw networkFailure(error, what);
    }
    if (res.status >= 300 && res.status < 400) {
      // Following would drop the cookie or send it elsewhere: say where the server wants us.
      throw new SyncFailure('rejected', `The server redirects to ${res.headers.get('location') ?? 'another address'}; put that address in Settings.`, {
        status: res.status,
        retryable: false,
      });
    }
    let text: string;
    try {
      text = await res.text();
    } catch (error) {
      throw networkFailure(error, what);
    }
    let json: unknown;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      json = null; // a proxy's HTML error page: the status says enough
    }
    return { status: res.status, json, retryAfter: res.headers.get('retry-after'), setCookies: res.headers.getSetCookie() };
  }
}

export const sha256 = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('hex');

function readUser(body: unknown, fallback: string): ServerUser {
  const user = (body as { user?: { username?: unknown; name?: unknown } } | null)?.user;
  const username = typeof user?.username === 'string' ? user.username : fallback;
  const name = typeof user?.name === 'string' && user.name !== '' ? user.name : username;
  return { username, name };
}
