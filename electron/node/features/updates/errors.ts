import type { UpdateErrorCode } from '../../../../shared/contract';

/** Network failures from Node's HTTP and from Electron's `net` (which reports Chromium's codes). */
const OFFLINE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH']);
const OFFLINE_MESSAGE = /net::ERR_(INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|CONNECTION_(REFUSED|RESET|TIMED_OUT|CLOSED)|NETWORK_CHANGED|ADDRESS_UNREACHABLE|TIMED_OUT)|socket hang up/;

/** Sorts an electron-updater failure into what the technician can act on. */
export function classifyUpdateError(error: unknown): { code: UpdateErrorCode; message: string } {
  const e = error as { code?: unknown; statusCode?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message.split('\n')[0]!.slice(0, 300) : String(error);
  if (code === 'ERR_CHECKSUM_MISMATCH' || /sha512 checksum mismatch/i.test(message)) {
    return { code: 'checksum_mismatch', message: 'The downloaded update did not match its published checksum and was discarded.' };
  }
  if (OFFLINE_CODES.has(code) || OFFLINE_MESSAGE.test(message)) {
    return { code: 'offline', message: `The update server could not be reached (${code || message}).` };
  }
  if (typeof e?.statusCode === 'number' || code.startsWith('HTTP_ERROR') || code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' || code === 'ERR_UPDATER_INVALID_UPDATE_INFO' || code === 'ERR_UPDATER_LATEST_VERSION_NOT_FOUND') {
    return { code: 'server', message: `The update server answered with an error: ${message}` };
  }
  return { code: 'unknown', message };
}
