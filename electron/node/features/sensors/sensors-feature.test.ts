import { afterEach, describe, expect, it } from 'vitest';
import type { Outcome } from '../../../../shared/contract';
import { testClient } from '../../testing/client';
import { testBackend } from '../../testing/fixtures';
import { startSimulator, type RunningSimulator } from './simulator/simulator';
import { eventually } from '../../testing/sensors/hub-fixture';

/** The sensor methods through the Dispatcher, with every result checked against the contract. */
let backend: ReturnType<typeof testBackend>;
let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
  await backend.cleanup();
});

const call = async (method: string, params: unknown): Promise<Outcome> => backend.dispatcher.dispatch(method, params, { transport: 'test' });
/** Well-formed calls go through the contract's typed client; the malformed ones need the raw dispatcher above. */
const client = () => testClient(backend);

describe('sensors feature', () => {
  it('lists, adds by address, connects, reports health and recent readings, all within the contract', async () => {
    backend = testBackend();
    sim = await startSimulator({ deviceId: 'feature-1', tcp: { port: 0, host: '127.0.0.1', mdns: false } });
    const list = await client().call('sensors.list', {});
    expect(list.entries).toEqual([]);
    const port = sim.tcpPort;
    if (port === null) throw new Error('the simulator is not listening on TCP');
    await client().call('sensors.add', { kind: 'tcp', host: '127.0.0.1', port });
    await eventually('frames counted', async () => {
      const outcome = await call('sensors.health', { deviceId: 'feature-1' });
      return outcome.ok && (outcome.result as { frames: number }).frames > 20;
    });
    const h = await client().call('sensors.health', { deviceId: 'feature-1' });
    expect(h).toMatchObject({ state: 'connected', transport: 'tcp' });
    const snapshot = await client().call('sensors.list', {});
    expect(snapshot.entries).toEqual([expect.objectContaining({ key: 'feature-1', state: 'connected' })]);
    const page = backend.events.connect({ deliver: () => undefined });
    const subscribed = await backend.dispatcher.dispatch('sensors.live.subscribe', { deviceIds: ['feature-1'], views: ['readings'] }, { transport: 'test', connection: page });
    expect(subscribed).toMatchObject({ ok: true, result: { deviceIds: ['feature-1'] } });
    page.close();
    const identified = await client().call('sensors.identify', { deviceId: 'feature-1', seconds: 3 });
    expect(identified.acknowledged).toBe(true);
    // Remembered in the devices table, which sessions and recordings refer to.
    const row = backend.db.prepare('SELECT kind, firmware_version, last_transport FROM devices WHERE id = ?').get('feature-1');
    expect(row).toEqual({ kind: 'sensor', firmware_version: '1.4.0-sim', last_transport: 'tcp' });
    const recent = await client().call('sensors.recent', { deviceId: 'feature-1' });
    expect(Array.isArray(recent.readings)).toBe(true);
    await client().call('sensors.disconnect', { key: 'feature-1' });
    expect(await client().call('sensors.forget', { key: `tcp:127.0.0.1:${sim.tcpPort}` })).toEqual({ forgotten: true });
  });

  it('refuses bad addresses with the field named, and unknown sensors plainly', async () => {
    backend = testBackend();
    let outcome = await call('sensors.add', { kind: 'tcp', host: 'http://x', port: 80 });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_params', field: 'host' } });
    outcome = await call('sensors.add', { kind: 'serial', path: 'ttyUSB0' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_params', field: 'path' } });
    outcome = await call('sensors.add', { kind: 'tcp', host: '127.0.0.1', port: 70_000 });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_params', field: 'port' } });
    outcome = await call('sensors.health', { deviceId: 'nobody' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'not_found' } });
    outcome = await call('sensors.connect', { key: 'nobody' });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'not_found' } });
    outcome = await call('sensors.live.subscribe', { deviceIds: Array.from({ length: 9 }, (_, i) => `d${i}`), views: ['readings'] });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
  });
});
