import type { AppUpdater } from 'electron-updater';

/**
 * The part of electron-updater's `AppUpdater` the update policy drives. The desktop shell passes
 * the real `autoUpdater` (electron/main/updater.ts); tests pass a real `BaseUpdater` subclass that
 * downloads over Node's HTTP from a local server. Type-only: the policy never loads electron-updater.
 */
export type UpdaterEngine = Pick<
  AppUpdater,
  | 'autoDownload'
  | 'autoInstallOnAppQuit'
  | 'allowPrerelease'
  | 'allowDowngrade'
  | 'channel'
  | 'currentVersion'
  | 'checkForUpdates'
  | 'downloadUpdate'
  | 'quitAndInstall'
  | 'on'
>;

/** Why a build cannot update itself (the UI says so instead of offering a check). */
export type UpdatesUnsupported = 'serve_mode' | 'not_packaged';
