import type { SyncErrorCode } from '../../../../shared/contract';

/**
 * Why one step of an upload did not happen, and what the outbox should do about it: try again
 * later (`retryable`), wait for a sign-in (`signed_out`), or stop and tell the technician.
 */
export class SyncFailure extends Error {
  readonly code: SyncErrorCode;
  readonly status: number | null;
  readonly retryable: boolean;
  /** The server's Retry-After, when it gave one. */
  readonly retryAfterMs: number | null;
  /** The server's own error code (offset_mismatch, report_not_found...). */
  readonly serverCode: string | null;
  readonly body: unknown;

  constructor(
    code: SyncErrorCode,
    message: string,
    options: { status?: number | null; retryable: boolean; retryAfterMs?: number | null; serverCode?: string | null; body?: unknown },
  ) {
    super(message);
    this.name = 'SyncFailure';
    this.code = code;
    this.status = options.status ?? null;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs ?? null;
    this.serverCode = options.serverCode ?? null;
    this.body = options.body;
  }
}

/**
 * The network's failures, which end when the server answers again. A server that answered
 * "busy" or failed keeps its backoff (and its Retry-After) even if its health check answers.
 */
export const NETWORK_CODES: ReadonlySet<SyncErrorCode> = new Set(['offline', 'timeout', 'connection_lost']);

const OFFLINE_CAUSES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);

/** Turns what `fetch` threw into a failure a person can read ("the connection broke", not "fetch failed"). */
export function networkFailure(error: unknown, what: string): SyncFailure {
  const err = error as { name?: string; cause?: { code?: string; name?: string; message?: string }; code?: string; message?: string };
  if (err.name === 'TimeoutError' || err.name === 'AbortError' || err.cause?.name === 'TimeoutError') {
    return new SyncFailure('timeout', `The server did not answer in time (${what}).`, { retryable: true });
  }
  const code = err.cause?.code ?? err.code ?? '';
  if (OFFLINE_CAUSES.has(code)) {
    return new SyncFailure('offline', `The server cannot be reached (${code}).`, { retryable: true });
  }
  return new SyncFailure('connection_lost', `The connection broke during ${what} (${code || err.cause?.message || err.message || 'unknown'}).`, {
    retryable: true,
  });
}

/** Turns an HTTP error answer into a failure, keeping the server's words for the technician. */
export function httpFailure(status: number, body: unknown, retryAfter: string | null, what: string): SyncFailure {
  const serverMessage = typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string' ? (body as { error: string }).error : null;
  const serverCode = typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string' ? (body as { code: string }).code : null;
  const detail = `${what}: HTTP ${status}${serverMessage ? ` ${serverMessage}` : ''}`;
  const options = { status, serverCode, body };
  if (status === 401) return new SyncFailure('signed_out', detail, { ...options, retryable: false });
  if (status === 408) return new SyncFailure('timeout', detail, { ...options, retryable: true });
  if (status === 429 || status === 503) {
    return new SyncFailure('busy', detail, { ...options, retryable: true, retryAfterMs: parseRetryAfter(retryAfter) });
  }
  if (status >= 500) return new SyncFailure('server_error', detail, { ...options, retryable: true });
  return new SyncFailure('rejected', detail, { ...options, retryable: false });
}

/** Retry-After in seconds or as an HTTP date; null when absent or nonsense. Capped at an hour. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 3600_000);
  const date = Date.parse(value);
  if (Number.isFinite(date)) return Math.min(Math.max(0, date - now), 3600_000);
  return null;
}
