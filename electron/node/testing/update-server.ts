import crypto from 'node:crypto';
import http from 'node:http';
import { closeNow, listenLocal } from './local-http';

export interface PublishedRelease {
  version: string;
  /** The installer's bytes as uploaded. */
  artifact: Buffer;
  /** What latest.yml claims; defaults to the artifact's real sha512 (base64, as electron-builder writes it). */
  sha512?: string;
  releaseDate?: string;
  notes?: string;
}

/** The channel file electron-updater's generic provider asks for on this machine (latest-linux.yml on x64 Linux). */
export function channelFileName(channel: string, platform = process.platform, arch = process.arch): string {
  if (platform === 'linux') return `${channel}-linux${arch === 'x64' ? '' : `-${arch}`}.yml`;
  return platform === 'darwin' ? `${channel}-mac.yml` : `${channel}.yml`;
}

export const sha512 = (bytes: Buffer) => crypto.createHash('sha512').update(bytes).digest('base64');

/**
 * A local update server laid out like electron-builder's "generic" publish target: a channel file
 * per channel (YAML, as electron-builder writes it) and the installers next to it. Requests are
 * recorded so tests can see what the updater fetched.
 */
export class LocalUpdateServer {
  readonly requests: string[] = [];
  private readonly files = new Map<string, { body: Buffer; type: string }>();
  private server: http.Server | null = null;
  private port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  /** Publishes a release on a channel: the installer and the channel file describing it. */
  publish(channel: string, release: PublishedRelease): string {
    const fileName = `SignalCraft-Field-${release.version}-x86_64.AppImage`;
    const digest = release.sha512 ?? sha512(release.artifact);
    const yaml = [
      `version: ${release.version}`,
      'files:',
      `  - url: ${fileName}`,
      `    sha512: ${digest}`,
      `    size: ${release.artifact.length}`,
      `path: ${fileName}`,
      `sha512: ${digest}`,
      `releaseDate: '${release.releaseDate ?? '2026-11-20T09:00:00.000Z'}'`,
      ...(release.notes ? [`releaseNotes: ${JSON.stringify(release.notes)}`] : []),
      '',
    ].join('\n');
    this.files.set(`/${fileName}`, { body: release.artifact, type: 'application/octet-stream' });
    this.files.set(`/${channelFileName(channel)}`, { body: Buffer.from(yaml), type: 'text/yaml' });
    return fileName;
  }

  async start(port = 0): Promise<void> {
    this.server = http.createServer((request, response) => {
      const pathname = new URL(request.url ?? '/', 'http://local').pathname;
      this.requests.push(pathname);
      const file = this.files.get(pathname);
      if (!file) {
        response.writeHead(404).end('not found');
        return;
      }
      response.writeHead(200, { 'Content-Type': file.type, 'Content-Length': file.body.length });
      response.end(file.body);
    });
    this.port = await listenLocal(this.server, port);
  }

  /** Stops answering (the laptop went offline); `start(samePort)` brings it back. */
  async stop(): Promise<number> {
    const port = this.port;
    if (this.server) await closeNow(this.server);
    this.server = null;
    return port;
  }
}
