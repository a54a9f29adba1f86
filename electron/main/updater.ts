import { app } from 'electron';
import type { Logger } from '../node/platform/logging/log';
import type { UpdaterEngine, UpdatesUnsupported } from '../node/features/updates/engine';

/**
 * electron-updater's autoUpdater for the update policy (electron/node/features/updates). Only a packaged
 * app updates itself: it reads app-update.yml (GitHub releases, written by electron-builder) from
 * its resources. electron-updater is loaded here, after the window, so it costs the first paint
 * nothing.
 */
export async function createUpdaterEngine(log: Logger): Promise<{ engine: UpdaterEngine | null; unsupportedReason?: UpdatesUnsupported }> {
  if (!app.isPackaged) return { engine: null, unsupportedReason: 'not_packaged' };
  const { autoUpdater } = (await import('electron-updater')).default;
  const updaterLog = log.child({ component: 'updater' });
  autoUpdater.logger = {
    info: (message?: unknown) => updaterLog.info(String(message)),
    warn: (message?: unknown) => updaterLog.warn(String(message)),
    error: (message?: unknown) => updaterLog.error(String(message)),
    debug: (message: string) => updaterLog.debug(message),
  };
  return { engine: autoUpdater };
}
