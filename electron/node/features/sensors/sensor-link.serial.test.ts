import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../platform/logging/log';
import { nodeLauncher } from '../../platform/process/launcher';
import { tempDir } from '../../testing/fixtures';
import { SerialHost } from './serial/serial-host';
import { type RunningSimulator, startSimulator } from './simulator/simulator';
import { bundleSerialChild } from '../../testing/sensors/serial-child-bundle';
import { eventually, recorder, testHub, type TestHub } from '../../testing/sensors/hub-fixture';

/**
 * The USB serial path with real parts: a simulated sensor on a socat pseudo-terminal pair (a real
 * tty), the serial process (bundled fresh from source) opening it with the native binding, the
 * supervisor, and the hub's discovery and reconnect rules.
 */
let child: ReturnType<typeof bundleSerialChild>;
beforeAll(() => {
  child = bundleSerialChild();
});
afterAll(() => child.cleanup());

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

async function setup(deviceId: string) {
  const { dir, cleanup } = tempDir('scf-sim-ports-');
  dirs.push(cleanup);
  const sim = await startSimulator({ deviceId, serialDir: dir });
  sims.push(sim);
  const serial = new SerialHost(nodeLauncher, child.entry, silentLogger());
  const t = testHub({ serial, simulatorPortDir: dir });
  hubs.push(t);
  await t.hub.start();
  return { ...t, sim, serial, dir };
}

describe('sensor link over a serial port', () => {
  it('finds the simulated sensor by its HELLO, connects on request, and streams', async () => {
    const { hub, sim } = await setup('pty-stream');
    const entry = await eventually('the sensor found', () => hub.snapshot().entries.find((e) => e.key === 'pty-stream' && e.state === 'found'));
    expect(entry).toMatchObject({ transport: 'serial', source: 'simulator', address: sim.serialPath, firmwareVersion: '1.4.0-sim' });
    expect(sim.sensor.streaming).toBe(0); // probing asked who it is, and did not start anything

    const rec = recorder(hub, 'pty-stream');
    hub.connect('pty-stream');
    await eventually('a second of audio', () => rec.of('audio').reduce((n, a) => n + a.samples.length, 0) >= 16_000);
    await eventually('readings', () => rec.of('reading').length >= 2);
    const health = hub.health('pty-stream')!;
    expect(health).toMatchObject({ transport: 'serial', address: sim.serialPath, framesLost: 0, badFrames: 0 });
    expect(rec.of('gap')).toEqual([]);
  });

  it('notices the cable pulled, re-attaches when it is back, and marks the lost frames', async () => {
    const { hub, sim } = await setup('pty-unplug');
    await eventually('found', () => hub.snapshot().entries.find((e) => e.key === 'pty-unplug'));
    const rec = recorder(hub, 'pty-unplug');
    hub.connect('pty-unplug');
    await eventually('streaming', () => rec.of('audio').length > 10);

    await sim.disconnect();
    await eventually('reconnecting', () => rec.of('link').some((l) => l.state === 'reconnecting'));
    // The sensor samples on with the cable out: let it build (and lose) a few dozen frames first.
    const builtAtUnplug = sim.sensor.stats.framesBuilt;
    await eventually('frames lost with the cable out', () => sim.sensor.stats.framesBuilt >= builtAtUnplug + 30);
    await sim.reconnect();
    await eventually('connected again', () => rec.of('link').some((l) => l.state === 'connected'), 15_000);
    await eventually('audio after the return', () => rec.of('audio').at(-1)!.hostTimeMs > rec.of('link').at(-1)!.hostTimeMs);

    const all = rec.of('gap').find((g) => g.stream === 'all')!;
    expect(all.reason).toBe('disconnect');
    expect(all.missingFrames).toBeGreaterThan(10);
    expect(hub.health('pty-unplug')).toMatchObject({ reconnects: 1, disconnects: 1, state: 'connected' });
  });

  it('sees a reboot on the same port: the boot ROM text, a reboot gap, streams restarted', async () => {
    const { hub, sim } = await setup('pty-reboot');
    await eventually('found', () => hub.snapshot().entries.find((e) => e.key === 'pty-reboot'));
    const rec = recorder(hub, 'pty-reboot');
    hub.connect('pty-reboot');
    await eventually('streaming', () => rec.of('audio').length > 10);
    sim.reboot();
    await eventually('a reboot gap', () => rec.of('gap').some((g) => g.reason === 'reboot'));
    const at = rec.messages.findIndex((m) => m.type === 'gap' && m.reason === 'reboot');
    await eventually('audio from sample 0 again', () => rec.messages.slice(at).find((m) => m.type === 'audio'));
    const first = rec.messages.slice(at).find((m) => m.type === 'audio');
    expect(first?.type === 'audio' && first.firstSample).toBe(0);
    const health = hub.health('pty-reboot')!;
    expect(health.reboots).toBe(1);
    expect(health.textLines).toBeGreaterThanOrEqual(4); // "ets Jul 29 2019 ...", "rst:0x1 ...", ...
    expect(health.badFrames).toBe(0); // text on the same port is not damage
  });

  it('survives the serial process dying: restarts it, shows the gap, reconnects', async () => {
    const { hub, serial } = await setup('pty-crash');
    await eventually('found', () => hub.snapshot().entries.find((e) => e.key === 'pty-crash'));
    const rec = recorder(hub, 'pty-crash');
    hub.connect('pty-crash');
    await eventually('streaming', () => rec.of('audio').length > 10);
    const pid = serial.pid!;
    process.kill(pid, 'SIGKILL');
    await eventually('reconnecting', () => rec.of('link').some((l) => l.state === 'reconnecting'));
    await eventually('a new serial process', () => serial.state === 'running' && serial.pid !== pid);
    await eventually('connected again', () => rec.of('link').some((l) => l.state === 'connected'), 15_000);
    await eventually('the gap', () => rec.of('gap').find((g) => g.stream === 'all'));
    expect(rec.of('gap').find((g) => g.stream === 'all')!.reason).toBe('disconnect');
    expect(hub.snapshot().serial).toMatchObject({ state: 'running', restarts: 1 });
    expect(hub.snapshot().serial.lastExit).toMatch(/SIGKILL/);
  });

  it('never attaches a different sensor that appears on the same port', async () => {
    const { dir, cleanup } = tempDir('scf-sim-ports-');
    dirs.push(cleanup);
    const owner = await startSimulator({ deviceId: 'pty-owner', serialDir: dir, serialName: 'ttyUSB-shared' });
    sims.push(owner);
    const serial = new SerialHost(nodeLauncher, child.entry, silentLogger());
    const t = testHub({ serial, simulatorPortDir: dir });
    hubs.push(t);
    await t.hub.start();
    await eventually('found', () => t.hub.snapshot().entries.find((e) => e.key === 'pty-owner'));
    t.hub.connect('pty-owner');
    await eventually('connected', () => t.hub.health('pty-owner')?.state === 'connected');

    await owner.close();
    const intruder = await startSimulator({ deviceId: 'pty-intruder', serialDir: dir, serialName: 'ttyUSB-shared' });
    sims.push(intruder);
    await eventually('the other sensor found on that port', () => t.hub.snapshot().entries.find((e) => e.key === 'pty-intruder' && e.state === 'found'));
    // The owner's reconnect loop asks the port again and again; each time it meets the intruder, it must walk away.
    const hellos = intruder.sensor.stats.hellosSent;
    await eventually('two more handshakes on the port', () => intruder.sensor.stats.hellosSent >= hellos + 2, 60_000);
    expect(t.hub.health('pty-owner')!.state).toBe('reconnecting');
    expect(t.hub.health('pty-intruder')).toBeNull();
    expect(intruder.sensor.streaming).toBe(0);
  });

  it('lists no ports it cannot trust: a stale link left by a killed simulator is ignored', async () => {
    const { hub, sim, dir } = await setup('pty-stale');
    await eventually('found', () => hub.snapshot().entries.find((e) => e.key === 'pty-stale'));
    sim.killNow(); // socat killed, links and record removed synchronously
    await eventually('gone from the list', () => !hub.snapshot().entries.some((e) => e.key === 'pty-stale'));
    expect(dir).toBeTruthy();
  });

  it('says the serial process is down, not "port in use", when it cannot open a port for that reason (the problem is a code, link/link-errors.ts)', async () => {
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
