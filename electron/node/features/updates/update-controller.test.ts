import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventMessage, UpdateStatus } from '../../../../shared/contract';
import { testBackend } from '../../testing/fixtures';
import { eventually } from '../../testing/eventually';
import { NodeTestUpdater, TestAppAdapter } from '../../testing/node-updater';
import { LocalUpdateServer, sha512 } from '../../testing/update-server';
import { SettingsRepository } from '../../platform/storage/settings';
import { silentLogger } from '../../platform/logging/log';
import { UpdateController } from './update-controller';

/**
 * The update policy driving the real electron-updater (provider, YAML channel files, download,
 * sha512 verification, download cache, install-on-quit) against a local server laid out like
 * electron-builder's generic publish target. Only the HTTP client (Node's instead of Electron's
 * net) and the final "run the installer" are stand-ins.
 */
let backend: ReturnType<typeof testBackend>;
let server: LocalUpdateServer;
let updater: NodeTestUpdater;
let controller: UpdateController;
let settings: SettingsRepository;
let seen: UpdateStatus[];

const artifact = crypto.randomBytes(1024 * 1024);

function makeController(version = '0.1.0') {
  updater = new NodeTestUpdater(new TestAppAdapter(version, path.join(backend.dataDir, 'updater'), server.url));
  controller = new UpdateController({
    engine: updater,
    activity: backend.activity,
    events: backend.events,
    settings: () => settings.get(),
    log: silentLogger(),
    currentVersion: version,
  });
}

/** Settings changes reach the controller the way they do in the app: as a settings.changed event. */
function changeSettings(patch: Parameters<SettingsRepository['update']>[0]) {
  backend.events.emit('settings.changed', settings.update(patch));
}

async function until(predicate: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  await eventually(what, predicate, timeoutMs).catch((error: Error) => {
    throw new Error(`${error.message}; phase is ${JSON.stringify(controller.status().phase)}`);
  });
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

beforeEach(async () => {
  backend = testBackend();
  settings = new SettingsRepository(backend.db);
  server = new LocalUpdateServer();
  await server.start();
  seen = [];
  backend.events.subscribe((m: EventMessage) => {
    if (m.event === 'updates.changed') seen.push(m.payload as UpdateStatus);
  });
});

afterEach(async () => {
  controller?.close();
  await server.stop();
  await backend.cleanup();
});

describe('update policy against electron-updater and a local update server', () => {
  it('finds a newer release, downloads it in the background, verifies its sha512 and is ready', async () => {
    server.publish('latest', { version: '0.2.0', artifact, notes: '<p>Faster <b>imports</b> &amp; fixes</p>' });
    makeController();
    const checked = await controller.check();
    expect(checked.phase.state === 'available' || checked.phase.state === 'downloading').toBe(true);
    await until(() => controller.status().phase.state === 'ready', 'the download');

    const status = controller.status();
    expect(status.phase).toEqual({
      state: 'ready',
      release: { version: '0.2.0', releaseDate: '2026-11-20T09:00:00.000Z', notes: 'Faster imports & fixes' },
    });
    expect(status.lastCheckedAt).not.toBeNull();
    expect(server.requests).toContain('/latest-linux.yml');
    expect(server.requests).toContain('/SignalCraft-Field-0.2.0-x86_64.AppImage');
    const cached = filesUnder(updater.cacheDir).filter((f) => f.endsWith('.AppImage'));
    expect(cached).toHaveLength(1);
    expect(sha512(fs.readFileSync(cached[0]!))).toBe(sha512(artifact));
    expect(seen.map((s) => s.phase.state)).toEqual(expect.arrayContaining(['checking', 'available', 'downloading', 'ready']));
  });

  it('refuses and discards a download whose checksum does not match, then takes a good one', async () => {
    server.publish('latest', { version: '0.2.0', artifact, sha512: sha512(Buffer.from('something else')) });
    makeController();
    await controller.check();
    await until(() => controller.status().phase.state === 'error', 'the refused download');

    expect(controller.status().phase).toMatchObject({ state: 'error', code: 'checksum_mismatch', release: { version: '0.2.0' } });
    expect(server.requests).toContain('/SignalCraft-Field-0.2.0-x86_64.AppImage');
    expect(filesUnder(updater.cacheDir), 'nothing of the bad download is kept').toEqual([]);
    expect(() => controller.install()).toThrow(/No update has been downloaded/);
    expect(updater.installs).toEqual([]);

    // The release is fixed on the server: the next check downloads and verifies it.
    server.publish('latest', { version: '0.2.0', artifact });
    await controller.check();
    await until(() => controller.status().phase.state === 'ready', 'the good download');
    expect(filesUnder(updater.cacheDir).filter((f) => f.endsWith('.AppImage'))).toHaveLength(1);
  });

  it('waits while a recording runs, says so, and installs when the last activity ends', async () => {
    server.publish('latest', { version: '0.2.0', artifact });
    makeController();
    await controller.check();
    await until(() => controller.status().phase.state === 'ready', 'the download');

    const recording = backend.activity.begin('recording', 'Recording Showcase compressor 1');
    const waiting = controller.install();
    expect(waiting.phase).toMatchObject({ state: 'waiting', activities: [{ kind: 'recording', label: 'Recording Showcase compressor 1' }] });
    expect(updater.installs).toEqual([]);
    expect(updater.adapter.quitCount).toBe(0);

    // An upload starts before the recording stops: still waiting, now for the upload.
    const upload = backend.activity.begin('upload', 'Uploading report');
    recording.end();
    expect(controller.status().phase).toMatchObject({ state: 'waiting', activities: [{ kind: 'upload' }] });
    expect(updater.installs).toEqual([]);

    upload.end();
    expect(controller.status().phase).toMatchObject({ state: 'installing', release: { version: '0.2.0' } });
    expect(updater.installs).toEqual([expect.objectContaining({ isSilent: true, isForceRunAfter: true })]);
    expect(updater.adapter.quitCount).toBe(1);
  });

  it('a waiting install can be withdrawn and the update stays ready', async () => {
    server.publish('latest', { version: '0.2.0', artifact });
    makeController();
    await controller.check();
    await until(() => controller.status().phase.state === 'ready', 'the download');
    const analysis = backend.activity.begin('analysis', 'Diagnosis');
    controller.install();
    expect(controller.cancelInstall().phase.state).toBe('ready');
    analysis.end();
    expect(controller.status().phase.state).toBe('ready');
    expect(updater.installs).toEqual([]);
  });

  it('installs on quit, but not on a quit that interrupts running work', async () => {
    server.publish('latest', { version: '0.2.0', artifact });
    makeController();
    await controller.check();
    await until(() => controller.status().phase.state === 'ready', 'the download');

    const recording = backend.activity.begin('recording', 'Recording');
    expect(controller.quitting()).toBe(false);
    updater.adapter.emitQuit(0);
    expect(updater.installs).toEqual([]);

    // Next session: the update is still cached; this quit happens with nothing running.
    recording.end();
    makeController();
    await controller.check();
    await until(() => controller.status().phase.state === 'ready', 'the cached update');
    expect(controller.quitting()).toBe(true);
    updater.adapter.emitQuit(0);
    expect(updater.installs).toEqual([expect.objectContaining({ isSilent: true, isForceRunAfter: false })]);
  });

  it('downloads only when allowed: with background download off it waits for the technician', async () => {
    settings.update({ updateAutoDownload: false });
    server.publish('latest', { version: '0.2.0', artifact });
    makeController();
    // The controller decides to download inside check() (the phase turns 'downloading' before check
    // returns), so its phase right after the check is its decision: no waiting needed.
    expect((await controller.check()).phase.state).toBe('available');
    expect(controller.status().phase.state).toBe('available');
    expect(server.requests.some((r) => r.endsWith('.AppImage'))).toBe(false);

    await controller.download();
    expect(controller.status().phase.state).toBe('ready');
  });

  it('the beta channel receives pre-releases; stable does not, and never goes back down', async () => {
    server.publish('latest', { version: '0.1.0', artifact });
    server.publish('beta', { version: '0.3.0-beta.1', artifact });
    makeController();
    expect((await controller.check()).phase.state).toBe('idle');
    expect(server.requests).toEqual(['/latest-linux.yml']);

    changeSettings({ updateChannel: 'beta', updateAutoDownload: false });
    expect([updater.channel, updater.allowPrerelease, updater.allowDowngrade]).toEqual(['beta', true, false]);
    const beta = await controller.check();
    expect(beta.channel).toBe('beta');
    expect(beta.phase).toMatchObject({ state: 'available', release: { version: '0.3.0-beta.1' } });

    // A technician on 0.3.0-beta.1 switching back to stable is not offered the older 0.1.0.
    controller.close();
    makeController('0.3.0-beta.1');
    changeSettings({ updateChannel: 'stable' });
    expect(updater.allowDowngrade).toBe(false);
    expect((await controller.check()).phase.state).toBe('idle');
  });

  it('says the server cannot be reached when offline, and checks again later', async () => {
    makeController();
    await server.stop();
    const status = await controller.check();
    expect(status.phase).toMatchObject({ state: 'error', code: 'offline' });
    expect(status.nextCheckAt).not.toBeNull();
  }, 20_000);
});

describe('update policy where updates are not possible', () => {
  it('serve mode says updates come with the desktop app, and refuses to install', () => {
    controller = new UpdateController({
      engine: null,
      unsupportedReason: 'serve_mode',
      activity: backend.activity,
      events: backend.events,
      settings: () => settings.get(),
      log: silentLogger(),
      currentVersion: '0.1.0',
    });
    expect(controller.status().phase).toEqual({ state: 'unsupported', reason: 'serve_mode' });
    expect(() => controller.install()).toThrow();
  });
});
