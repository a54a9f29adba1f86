import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from './simulator/simulator';
import { eventually, recorder, testHub, type TestHub } from '../../testing/sensors/hub-fixture';

let t: TestHub | null = null;
let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  await t?.close();
});

describe('sensor link discovered on mDNS', () => {
  it('finds a sensor advertising _signalcraft._tcp, connects to it, and gets it back after a Wi-Fi drop', async () => {
    const deviceId = `mdns-${randomBytes(3).toString('hex')}`;
    sim = await startSimulator({ deviceId, tcp: { port: 0, mdns: true } });
    t = testHub({ mdns: true });
    await t.hub.start();
    const entry = await eventually('the sensor on mDNS', () => t!.hub.snapshot().entries.find((e) => e.key === deviceId), 15_000);
    expect(entry).toMatchObject({ source: 'mdns', transport: 'tcp', state: 'found', model: 'SignalCraft ESP32 sensor (simulated)' });
    expect(entry.address).toMatch(new RegExp(`:${sim.tcpPort}$`));
    expect(t.hub.snapshot().mdns.browsing).toBe(true);

    const rec = recorder(t.hub, deviceId);
    t.hub.connect(deviceId);
    await eventually('streaming', () => rec.of('audio').length > 5);
    await sim.disconnect(1000);
    await eventually('back', () => rec.of('link').filter((l) => l.state === 'connected').length >= 2, 15_000);
    expect(t.hub.health(deviceId)).toMatchObject({ reconnects: 1, state: 'connected' });
  });
});
