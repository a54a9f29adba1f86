import fs from 'node:fs';
import http, { type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { configureRequestOptions, configureRequestUrl, type DownloadOptions, HttpExecutor } from 'builder-util-runtime';
import { BaseUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import type { DownloadExecutorResult, DownloadUpdateOptions } from 'electron-updater/out/AppUpdater';
import type { InstallOptions } from 'electron-updater/out/BaseUpdater';
import { findFile } from 'electron-updater/out/providers/Provider.js';

/**
 * Node's HTTP in place of Electron's `net` (the only part of electron-updater that needs the
 * Electron binary). The download goes through builder-util-runtime's own `doDownload`, so the
 * sha512 check is the real one; this mirrors ElectronHttpExecutor.download.
 */
export class NodeHttpExecutor extends HttpExecutor<ClientRequest> {
  createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest {
    const request = (options.protocol === 'https:' ? https : http).request(options);
    request.on('response', callback);
    return request;
  }

  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions & { redirect?: string } = { headers: options.headers ?? undefined, redirect: 'manual' };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        { destination, options, onCancel, callback: (error) => (error ? reject(error) : resolve(destination)), responseHandler: null },
        0,
      );
    });
  }
}

/** Electron's `app` as electron-updater sees it, for a packaged app installed from `feedUrl`. */
export class TestAppAdapter implements AppAdapter {
  readonly name = 'SignalCraft Field';
  readonly isPackaged = true;
  quitCount = 0;
  private readonly quitHandlers: ((exitCode: number) => void)[] = [];

  constructor(
    readonly version: string,
    private readonly dir: string,
    feedUrl: string,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(this.appUpdateConfigPath, `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: signalcraft-field-updater\n`);
  }

  get appUpdateConfigPath(): string {
    return path.join(this.dir, 'app-update.yml');
  }
  get userDataPath(): string {
    return path.join(this.dir, 'user-data');
  }
  get baseCachePath(): string {
    return path.join(this.dir, 'cache');
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  relaunch(): void {}
  quit(): void {
    this.quitCount += 1;
  }
  onQuit(handler: (exitCode: number) => void): void {
    this.quitHandlers.push(handler);
  }
  /** What Electron does when the app quits: runs the 'quit' listeners (electron-updater's install-on-quit). */
  emitQuit(exitCode = 0): void {
    for (const handler of this.quitHandlers.splice(0)) handler(exitCode);
  }
}

/**
 * A real electron-updater `BaseUpdater` (check, provider, download, sha512 verification, cache,
 * install-on-quit bookkeeping), like its AppImageUpdater but without replacing a running AppImage:
 * "installing" is recorded instead of executed. That, and Node's HTTP, are the only stand-ins.
 */
export class NodeTestUpdater extends BaseUpdater {
  readonly installs: InstallOptions[] = [];

  constructor(readonly adapter: TestAppAdapter) {
    super(null, adapter);
    (this as unknown as { httpExecutor: HttpExecutor<ClientRequest> }).httpExecutor = new NodeHttpExecutor();
    this.logger = null;
  }

  /** Where downloads wait to be installed (electron-updater's cache folder). */
  get cacheDir(): string {
    return path.join(this.adapter.baseCachePath, 'signalcraft-field-updater');
  }

  protected doDownloadUpdate(downloadUpdateOptions: DownloadUpdateOptions): Promise<DownloadExecutorResult> {
    const provider = downloadUpdateOptions.updateInfoAndProvider.provider;
    const fileInfo = findFile(provider.resolveFiles(downloadUpdateOptions.updateInfoAndProvider.info), 'AppImage', ['rpm', 'deb', 'pacman']);
    if (!fileInfo) throw new Error('no AppImage in the update info');
    const httpExecutor = (this as unknown as { httpExecutor: NodeHttpExecutor }).httpExecutor;
    return this.executeDownload({
      fileExtension: 'AppImage',
      fileInfo,
      downloadUpdateOptions,
      task: async (updateFile, downloadOptions) => {
        await httpExecutor.download(fileInfo.url, updateFile, downloadOptions);
      },
    });
  }

  protected doInstall(options: InstallOptions): boolean {
    this.installs.push(options);
    return true;
  }

  /** BaseUpdater's, minus the Electron-only `autoUpdater` event it emits before quitting. */
  override quitAndInstall(isSilent = false, isForceRunAfter = false): void {
    if (this.install(isSilent, isForceRunAfter)) this.adapter.quit();
  }
}
