/**
 * The Electron shell, kept thin: a window, the app:// protocol, the IPC relay and the app
 * lifecycle. Everything else is the back end in electron/node, the same code serve mode runs.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import { APP_HOST, APP_SCHEME, IPC_CALL_CHANNEL } from '../../shared/contract/ipc-channels';
import { FILES_PREFIX } from '../../shared/contract/recording';
import { SECURITY_HEADERS } from '../../shared/security/csp';
import { en } from '../../shared/i18n/en';
import { ko } from '../../shared/i18n/ko';
import { StorageError } from '../node/platform/storage/errors';
import { RENDERER_DIR } from '../node/platform/app-meta';
import { type Backend, createBackend } from '../node/hosts/backend';
import { createLogger } from '../node/platform/logging/log';
import { openLogFiles } from '../node/platform/logging/log-files';
import { DATA_DIR_ENV, resolveDataDir } from '../node/platform/paths';
import { SECRETS_DIR } from '../node/features/sync/secret-store';
import { contentType, resolveAppFile } from './app-files';
import { electronCrashSdk } from './crash-sdk';
import { IpcConnections } from './ipc-connections';
import { handleIpcCall } from './ipc-handler';
import { desktopSecretStore } from './safe-storage-secret-store';
import { createUpdaterEngine } from './updater';
import { utilityLauncher } from './utility-launcher';
import { createMainWindow, guardPermissions, guardWebContents } from './window';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Fills {{name}} placeholders of a catalogue text (the renderer's i18next is not available here). */
const interpolate = (text: string, values: Record<string, string>) => text.replace(/{{\s*(\w+)\s*}}/g, (_, key: string) => values[key] ?? '');
const log = createLogger();

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

if (!app.requestSingleInstanceLock()) {
  // A second launch (double click, file association) hands over to the running app and leaves.
  app.quit();
} else {
  void start();
}

function dataDirFlag(): string | undefined {
  const arg = process.argv.find((a) => a.startsWith('--data-dir='));
  return arg?.slice('--data-dir='.length);
}

async function start(): Promise<void> {
  // Same rule as the CLI (flag, then environment), with Electron's own userData as the default.
  const flag = dataDirFlag();
  const dataDir = flag || process.env[DATA_DIR_ENV] ? resolveDataDir({ flag }) : app.getPath('userData');
  // The rotating log files open in the background; electron-updater loads while Electron gets ready.
  const logFiles = openLogFiles(log, dataDir);
  const updater = await createUpdaterEngine(log);
  let backend: Backend;
  try {
    backend = createBackend({
      dataDir,
      runtime: 'electron',
      log,
      electronVersion: process.versions.electron ?? null,
      launcher: utilityLauncher,
      // The server sign-in, encrypted by the OS key store (safeStorage needs the app to be ready).
      secretStore: desktopSecretStore(path.join(dataDir, SECRETS_DIR)),
      shipping: { updater, crashSdk: electronCrashSdk(), logFiles },
    });
  } catch (error) {
    // A damaged or too-new database: say so and stop, never start on a fresh one over it.
    const damaged = error instanceof StorageError && error.problem === 'database_corrupt';
    const command = { command: '"signalcraft-field repair-db"' };
    dialog.showErrorBox(
      ko.storage.refusal.title,
      damaged
        ? `${interpolate(ko.storage.refusal.corrupt, command)}\n\n${interpolate(en.storage.refusal.corrupt, command)}\n\n${(error as Error).message}`
        : (error as Error).message,
    );
    app.exit(1);
    return;
  }
  // Start-up recovery at once: calls from the window wait for it (the dispatcher holds them), so no
  // capture can start before interrupted recordings are repaired (issue 14).
  backend.recover().catch((error: unknown) => log.error({ err: error }, 'start-up recovery failed'));
  // Crash reporting (only if the technician agreed) as early as possible, before the window.
  void backend.crash.start();
  await app.whenReady();

  protocol.handle(APP_SCHEME, async (request) => {
    // Recordings, photos and exports: the same relative URLs serve mode answers over HTTP.
    const url = new URL(request.url);
    if (url.host === APP_HOST && url.pathname.startsWith(`/${FILES_PREFIX}/`)) {
      const served = await backend.serveFile(url.pathname, request.headers.get('range') ?? undefined);
      const body = served.body ? (Readable.toWeb(served.body) as ReadableStream<Uint8Array>) : null;
      return new Response(body, { status: served.status, headers: { ...served.headers, ...SECURITY_HEADERS } });
    }
    const file = resolveAppFile(request.url, RENDERER_DIR);
    if (file === null) return new Response('Not found', { status: 404 });
    try {
      const body = await fs.readFile(file);
      return new Response(body, { headers: { 'Content-Type': contentType(file), ...SECURITY_HEADERS } });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });

  // One event connection per window: broadcasts reach every window, live frames only the one that subscribed.
  const connections = new IpcConnections(backend.events);
  ipcMain.handle(IPC_CALL_CHANNEL, (event, message: unknown) => handleIpcCall(event, message, backend.dispatcher, connections.of(event.sender)));

  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents);
    if (contents.getType() === 'window') connections.attach(contents);
  });
  guardPermissions(session.defaultSession);

  let mainWindow = createMainWindow(here);
  // Background work of the features (device discovery, model loading, recovery, update checks)
  // starts once the window has painted, so none of it stands between launch and a usable window.
  let featuresStarted = false;
  const startFeatures = () => {
    if (featuresStarted) return;
    featuresStarted = true;
    void backend.start();
  };
  mainWindow.once('ready-to-show', () => {
    log.info({ msSinceLaunch: Math.round(performance.now()) }, 'startup: window ready to show');
    startFeatures();
  });
  setTimeout(startFeatures, 5000).unref();
  app.on('second-instance', () => {
    if (mainWindow.isDestroyed()) mainWindow = createMainWindow(here);
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow(here);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => {
    // A downloaded update installs as the app quits, unless this quit interrupts running work.
    backend.updates.quitting();
  });
  app.on('will-quit', (event) => {
    // Let features stop their child processes and flush before the database closes.
    event.preventDefault();
    void backend
      .close()
      .then(() => logFiles.close())
      .finally(() => app.exit(0));
  });
}
