/**
 * Channel names of the Electron transport, shared by the preload and the main process. Kept free
 * of imports so the sandboxed preload bundle stays a few lines long.
 */
export const IPC_CALL_CHANNEL = 'signalcraft:call';
export const IPC_EVENT_CHANNEL = 'signalcraft:event';
/** The origin the packaged UI is served from (see electron/main/app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'signalcraft';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * Whether a URL belongs to the packaged UI. Compares scheme and host rather than `URL.origin`,
 * which is "null" for non-special schemes outside Chromium.
 */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}
