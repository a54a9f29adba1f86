import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../log';
import { nodeLauncher } from '../process/launcher';
import { tempDir } from '../testing/fixtures';
import { SerialHost } from './serial/serial-host';
import { type RunningSimulator, startSimulator } from './simulator/simulator';
import { eventually, testHub, type TestHub } from './testing/hub-fixture';

/**
 * The reason the Sensors page shows for a sensor it cannot use is a code set where the failure
 * happens (link/link-errors.ts), never guessed from an error's text. A different sensor at a known
 * address is covered in sensor-link.tcp.test.ts ("never attaches a different sensor").
 */
let hubs: TestHub[] = [];
let sims: RunningSimulator[] = [];
let dirs: (() => void)[] = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  await Promise.all(hubs.map((h) => h.close()));
  for (const d of dirs) d();
  hubs = [];
  sims = [];
  dirs = [];
});

async function simulator(deviceId: string) {
  const sim = await startSimulator({ deviceId, tcp: { port: 0, host: '127.0.0.1', mdns: false } });
  sims.push(sim);
  return sim;
}

describe('problems shown for a sensor that cannot be used', () => {
  it('a sensor already connected, added again at a second address, is "already connected" there', async () => {
    // Two boards answering with one id: the same sensor reachable at two addresses.
    const first = await simulator('twice-reachable');
    const second = await simulator('twice-reachable');
    const t = testHub();
    hubs.push(t);
    await t.hub.start();
    await t.hub.add({ kind: 'tcp', host: '127.0.0.1', port: first.tcpPort! });
    await eventually('the sensor connected', () => t.hub.health('twice-reachable')?.state === 'connected');

    await t.hub.add({ kind: 'tcp', host: '127.0.0.1', port: second.tcpPort! });
    const key = `tcp:127.0.0.1:${second.tcpPort}`;
    const entry = await eventually('the second address refused', () => t.hub.snapshot().entries.find((e) => e.key === key && e.state === 'unavailable'));
    expect(entry).toMatchObject({ source: 'manual', problem: { code: 'already_connected' } });
    expect(t.hub.health('twice-reachable')).toMatchObject({ state: 'connected', address: `127.0.0.1:${first.tcpPort}` });
    expect(second.sensor.streaming).toBe(0);
  });

  it('a serial port that cannot be opened because the serial process is down says so, not "port in use"', async () => {
    const { dir, cleanup } = tempDir('scf-no-serial-');
    dirs.push(cleanup);
    // An incomplete build: the serial process's entry is missing, so the process never runs.
    const serial = new SerialHost(nodeLauncher, path.join(dir, 'missing-serial-child.js'), silentLogger());
    const port = path.join(dir, 'ttyUSB-sensor');
    fs.writeFileSync(port, '');
    const t = testHub({ serial });
    hubs.push(t);
    await t.hub.start();
    expect(serial.state).toBe('stopped');

    await t.hub.add({ kind: 'serial', path: port });
    // Probed again on later scans ("connecting" meanwhile): the finished probe is what the page shows.
    const entry = await eventually('the port refused', () => t.hub.snapshot().entries.find((e) => e.key === `serial:${port}` && e.state === 'unavailable'));
    expect(entry).toMatchObject({ transport: 'serial', source: 'manual', problem: { code: 'serial_process' } });
    expect(entry.problem!.message).toContain(port);
  });
});
