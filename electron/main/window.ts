import path from 'node:path';
import { BrowserWindow, type Session, shell, type WebContents } from 'electron';
import { APP_ORIGIN, isAppUrl } from '../../shared/contract/ipc-channels';

/**
 * The one way to make a window, following the Electron security checklist: isolated, sandboxed,
 * no Node, our preload only, app content from app:// only.
 */
export function createMainWindow(preloadDir: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 560,
    show: false,
    backgroundColor: '#0b1220',
    title: 'SignalCraft Field',
    webPreferences: {
      preload: path.join(preloadDir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      // Middle-click would open links in new windows; the app has none to open.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(`${APP_ORIGIN}/`);
  return window;
}

/**
 * Applied to every webContents the app ever creates (windows, devtools excepted): no navigation
 * away from the app, no new windows (https links go to the system browser), no <webview>.
 */
export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

/**
 * Grants the microphone (recording without a sensor) and the camera (scanning an equipment tag) to
 * the app's own page, and nothing else to anyone.
 */
export function guardPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes: readonly string[] = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    const microphoneOrCamera = permission === 'media' && mediaTypes.length > 0 && mediaTypes.every((t) => t === 'audio' || t === 'video');
    callback(microphoneOrCamera && isAppUrl(details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => {
    return permission === 'media' && requestingOrigin === APP_ORIGIN;
  });
  session.setDevicePermissionHandler(() => false);
}
