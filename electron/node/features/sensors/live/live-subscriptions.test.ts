import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventMessage, ServerMessage } from '../../../../../shared/contract';
import type { SensorLiveFrame } from '../../../../../shared/contract/sensors';
import { IpcConnections, type WebContentsLike } from '../../../../main/ipc-connections';
import { handleIpcCall, type InvokeEventLike } from '../../../../main/ipc-handler';
import { type Backend, createBackend } from '../../../hosts/backend';
import { silentLogger } from '../../../platform/logging/log';
import { type RunningServer, startServer } from '../../../hosts/serve/server';
import { tempDir } from '../../../testing/fixtures';
import { BuiltInSource } from '../simulator/sample-source';
import { type RunningSimulator, startSimulator } from '../simulator/simulator';
import { eventually } from '../../../testing/sensors/hub-fixture';

/**
 * Live data per connection, through the real dispatcher, the real WebSocket server and the
 * Electron IPC relay's connection handling: two simulated sensors over TCP, pages that show one
 * sensor each, and nothing of the other sensor reaching them.
 */
let backend: Backend;
let server: RunningServer | null = null;
const dirs: { cleanup: () => void }[] = [];
const sims: RunningSimulator[] = [];

afterEach(async () => {
  for (const sim of sims.splice(0)) await sim.close();
  await server?.close();
  server = null;
  await backend?.close();
  for (const d of dirs.splice(0)) d.cleanup();
});

async function backendWithTwoSensors(): Promise<{ a: string; b: string }> {
  const data = tempDir('scf-live-');
  dirs.push(data);
  backend = createBackend({
    dataDir: data.dir,
    runtime: 'cli',
    log: silentLogger(),
    validateResults: true,
    sensors: { mdns: false, ingest: false, simulatorPortDir: null },
  });
  await backend.start();
  const ids = { a: 'live-sub-a', b: 'live-sub-b' };
  for (const [i, deviceId] of [ids.a, ids.b].entries()) {
    const sim = await startSimulator({ deviceId, source: new BuiltInSource({ condition: 'healthy', seed: 11 + i }), tcp: { port: 0, host: '127.0.0.1', mdns: false } });
    sims.push(sim);
    const added = await backend.dispatcher.dispatch('sensors.add', { kind: 'tcp', host: '127.0.0.1', port: sim.tcpPort }, { transport: 'test' });
    expect(added.ok).toBe(true);
  }
  await eventually('both sensors streaming', async () => {
    const list = await backend.dispatcher.dispatch('sensors.list', {}, { transport: 'test' });
    if (!list.ok) return false;
    const entries = (list.result as { entries: { key: string; state: string; health: { frames: number } | null }[] }).entries;
    return [ids.a, ids.b].every((id) => entries.some((e) => e.key === id && e.state === 'connected' && (e.health?.frames ?? 0) > 20));
  }, 20_000);
  return ids;
}

async function openServer(): Promise<number> {
  const ui = tempDir('scf-live-ui-');
  dirs.push(ui);
  fs.writeFileSync(path.join(ui.dir, 'index.html'), '<!doctype html><title>SignalCraft Field</title>');
  server = await startServer({ backend, log: silentLogger(), rendererDir: ui.dir, port: 0, lan: false });
  return server.port;
}

/** A browser tab's WebSocket: every message it receives, and calls. */
async function page(port: number) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws`);
  const received: ServerMessage[] = [];
  let bytes = 0;
  ws.on('message', (data: Buffer) => {
    bytes += data.length;
    received.push(JSON.parse(data.toString()) as ServerMessage);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let id = 0;
  const call = async (method: string, params: unknown) => {
    const mine = (id += 1);
    ws.send(JSON.stringify({ type: 'call', id: mine, method, params }));
    return eventually(`the answer to ${method}`, () => received.find((m) => m.type === 'result' && m.id === mine));
  };
  const live = () => received.filter((m): m is EventMessage => m.type === 'event' && m.event === 'sensors.live').map((m) => m.payload as SensorLiveFrame);
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  const broadcasts = () => received.filter((m) => m.type === 'event' && m.event === 'sensors.changed').length;
  return { ws, call, live, broadcasts, bytes: () => bytes, close: async () => (ws.close(), closed) };
}

describe('live subscriptions per connection', () => {
  it('a tab showing one sensor receives that sensor only, only the views it shows, and closing it ends the subscription', async () => {
    const ids = await backendWithTwoSensors();
    const port = await openServer();
    const tabA = await page(port);
    const tabB = await page(port);
    const idle = await page(port);

    expect(await tabA.call('sensors.live.subscribe', { deviceIds: [ids.a], views: ['waveform', 'spectrogram', 'readings'] })).toMatchObject({
      ok: true,
      result: { deviceIds: [ids.a], intervalMs: 100 },
    });
    expect(await tabB.call('sensors.live.subscribe', { deviceIds: [ids.b], views: ['readings'], intervalMs: 500 })).toMatchObject({ ok: true });

    await eventually('tab A has sound frames', () => tabA.live().filter((f) => f.audio !== null && f.spectra !== null).length >= 10, 15_000);
    await eventually('tab B has frames', () => tabB.live().length >= 4, 15_000);

    expect(new Set(tabA.live().map((f) => f.deviceId))).toEqual(new Set([ids.a]));
    expect(new Set(tabB.live().map((f) => f.deviceId))).toEqual(new Set([ids.b]));
    // Tab B shows readings only: no waveform or spectra, and frames at most every 500 ms (merged, not dropped).
    expect(tabB.live().every((f) => f.audio === null && f.spectra === null)).toBe(true);
    const bTimes = tabB.live().map((f) => f.hostTimeMs);
    for (let i = 1; i < bTimes.length; i += 1) expect(bTimes[i]! - bTimes[i - 1]!).toBeGreaterThanOrEqual(400);
    // A tab that subscribed to nothing gets broadcasts (the sensors list) but no live data.
    expect(idle.live()).toEqual([]);
    expect(idle.bytes()).toBeGreaterThan(0);

    // Unsubscribing stops the frames: after the next two sensor-list broadcasts (every second), none came.
    expect(await tabB.call('sensors.live.unsubscribe', {})).toMatchObject({ ok: true, result: { deviceIds: [ids.b] } });
    await quietAfter(() => tabB.live().length, () => tabB.broadcasts());
    // Closing a tab ends its connection, and with it its subscriptions.
    const before = backend.events.size;
    await tabA.close();
    await eventually('the closed tab let go', () => backend.events.size === before - 1);
    await tabB.close();
    await idle.close();
  }, 60_000);

  it('refuses a subscription without a connection, and more sensors than a page may show', async () => {
    const data = tempDir('scf-live-');
    dirs.push(data);
    backend = createBackend({ dataDir: data.dir, runtime: 'cli', log: silentLogger(), validateResults: true, sensors: { mdns: false, ingest: false, simulatorPortDir: null } });
    const fromCli = await backend.dispatcher.dispatch('sensors.live.subscribe', { deviceIds: ['x'], views: ['readings'] }, { transport: 'cli' });
    expect(fromCli).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const connection = backend.events.connect({ deliver: () => undefined });
    const ctx = { transport: 'test' as const, connection };
    const eight = Array.from({ length: 8 }, (_, i) => `s${i}`);
    expect(await backend.dispatcher.dispatch('sensors.live.subscribe', { deviceIds: eight, views: ['readings'] }, ctx)).toMatchObject({ ok: true });
    expect(await backend.dispatcher.dispatch('sensors.live.subscribe', { deviceIds: ['s9'], views: ['readings'] }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_params', field: 'deviceIds' },
    });
    expect(await backend.dispatcher.dispatch('sensors.live.subscribe', { deviceIds: ['s1'], views: [] }, ctx)).toMatchObject({ ok: false, error: { code: 'invalid_params', field: 'views' } });
    expect(await backend.dispatcher.dispatch('sensors.live.subscribe', { deviceIds: ['s1'], views: ['readings'], intervalMs: 10 }, ctx)).toMatchObject({
      ok: false,
      error: { code: 'invalid_params', field: 'intervalMs' },
    });
  });

  it('Electron windows behave the same: each window gets its own sensor, and closing or reloading it ends its subscription', async () => {
    const ids = await backendWithTwoSensors();
    const connections = new IpcConnections(backend.events);
    const windowA = fakeWindow(1);
    const windowB = fakeWindow(2);
    connections.attach(windowA);
    connections.attach(windowB);
    const call = (w: ReturnType<typeof fakeWindow>, method: string, params: unknown) => handleIpcCall(w.invokeEvent, { method, params }, backend.dispatcher, connections.of(w));

    expect(await call(windowA, 'sensors.live.subscribe', { deviceIds: [ids.a], views: ['waveform', 'spectrogram', 'readings'] })).toMatchObject({ ok: true });
    expect(await call(windowB, 'sensors.live.subscribe', { deviceIds: [ids.b], views: ['waveform'] })).toMatchObject({ ok: true });
    await eventually('both windows have frames', () => windowA.live().length >= 5 && windowB.live().length >= 5, 15_000);
    expect(new Set(windowA.live().map((f) => f.deviceId))).toEqual(new Set([ids.a]));
    expect(new Set(windowB.live().map((f) => f.deviceId))).toEqual(new Set([ids.b]));
    expect(windowB.live().every((f) => f.spectra === null && f.readings.length === 0)).toBe(true);
    // Broadcasts still reach both.
    await eventually('sensor list broadcast to both', () => windowA.events.has('sensors.changed') && windowB.events.has('sensors.changed'));

    const connected = backend.events.size;
    windowA.emit('did-navigate'); // a reload: the new page subscribes again for what it shows
    expect(backend.events.size).toBe(connected); // a fresh connection in place of the old one
    windowB.emit('destroyed');
    expect(backend.events.size).toBe(connected - 1);
    await quietAfter(() => windowA.live().length, () => windowA.broadcasts());
    expect(windowB.live().length).toBe(windowB.liveAtDestroy());
  }, 60_000);
});

/** No more live frames while two more 1 s sensor-list broadcasts arrive. */
async function quietAfter(liveCount: () => number, broadcasts: () => number): Promise<void> {
  const live = liveCount();
  const seen = broadcasts();
  await eventually('two more broadcasts', () => broadcasts() >= seen + 2, 10_000);
  expect(liveCount()).toBe(live);
}

function fakeWindow(id: number) {
  const listeners = new Map<string, (() => void)[]>();
  const received: EventMessage[] = [];
  let destroyed = false;
  const state = { liveAtDestroy: -1 };
  const mainFrame = { url: 'app://signalcraft/index.html' };
  const contents: WebContentsLike & { emit(event: string): void } = {
    id,
    isDestroyed: () => destroyed,
    send: (_channel: string, message: unknown) => void received.push(message as EventMessage),
    once: (event: string, listener: () => void) => listeners.set(event, [...(listeners.get(event) ?? []), listener]),
    on: (event: string, listener: () => void) => listeners.set(event, [...(listeners.get(event) ?? []), listener]),
    emit: (event: string) => {
      if (event === 'destroyed') {
        destroyed = true;
        state.liveAtDestroy = received.filter((m) => m.event === 'sensors.live').length;
      }
      for (const l of listeners.get(event) ?? []) l();
    },
  };
  const invokeEvent = { senderFrame: mainFrame, sender: { mainFrame } } as unknown as InvokeEventLike;
  return Object.assign(contents, {
    invokeEvent,
    events: { has: (name: string) => received.some((m) => m.event === name) },
    broadcasts: () => received.filter((m) => m.event === 'sensors.changed').length,
    liveAtDestroy: () => state.liveAtDestroy,
    live: () => received.filter((m) => m.event === 'sensors.live').map((m) => m.payload as SensorLiveFrame),
  });
}
