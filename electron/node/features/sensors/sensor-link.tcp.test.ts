import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Gap } from './device-stream';
import type { HubTiming } from './sensor-hub';
import { startSimulator, type RunningSimulator } from './simulator/simulator';
import { eventually, recorder, testHub, type TestHub } from '../../testing/sensors/hub-fixture';

/**
 * The LAN path with real parts: a simulated sensor listening on TCP, the hub connecting to it,
 * the codec, the link's reconnect rules. Timing bounds are generous (a loaded 2-core machine);
 * the 1 s and 2 s targets are measured in scripts/bench/sensor-link.bench.ts.
 */
let hubs: TestHub[] = [];
let sims: RunningSimulator[] = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  await Promise.all(hubs.map((h) => h.close()));
  hubs = [];
  sims = [];
});

async function simulator(options: Parameters<typeof startSimulator>[0] = {}) {
  const sim = await startSimulator({ tcp: { port: 0, host: '127.0.0.1', mdns: false }, ...options });
  sims.push(sim);
  return sim;
}

async function connected(sim: RunningSimulator, timing: Partial<HubTiming> = {}) {
  const t = testHub({ timing });
  hubs.push(t);
  await t.hub.start();
  const rec = recorder(t.hub, sim.deviceId);
  await t.hub.add({ kind: 'tcp', host: '127.0.0.1', port: sim.tcpPort! });
  await eventually('the sensor to connect', () => t.hub.health(sim.deviceId)?.state === 'connected');
  return { ...t, rec };
}

describe('sensor link over TCP', () => {
  it('connects by host:port, identifies the sensor and streams audio, vibration and readings', async () => {
    const sim = await simulator({ deviceId: 'tcp-stream-1' });
    const { hub, rec } = await connected(sim);
    await eventually('a second of audio', () => rec.of('audio').reduce((n, a) => n + a.samples.length, 0) >= 16_000);
    await eventually('readings', () => rec.of('reading').length >= 2);
    await eventually('vibration', () => rec.of('vibration').length >= 5);

    const [info] = hub.connected();
    expect(info).toMatchObject({ deviceId: 'tcp-stream-1', transport: 'tcp', firmwareVersion: '1.4.0-sim', audioSampleRate: 16_000, vibrationSampleRate: 3200, readingRateHz: 2 });
    const audio = rec.of('audio');
    // Every sample placed: each chunk starts where the previous one ended.
    for (let i = 1; i < audio.length; i += 1) expect(audio[i]!.firstSample).toBe(audio[i - 1]!.firstSample + audio[i - 1]!.samples.length);
    const reading = rec.of('reading')[0]!;
    expect(reading.temperatureC).toBeGreaterThan(20);
    expect(reading.currentA).toBeGreaterThan(3);
    expect(reading.vibrationG?.x).toBeGreaterThan(0);
    expect(rec.of('gap')).toEqual([]);

    const health = hub.health('tcp-stream-1')!;
    expect(health).toMatchObject({ transport: 'tcp', framesLost: 0, badFrames: 0, reconnects: 0 });
    expect(health.frames).toBeGreaterThan(50);
    await eventually('a latency figure from time sync', () => hub.health('tcp-stream-1')!.latencyMs !== null);
  });

  it('counts every dropped frame exactly, and marks each as a sequence gap', async () => {
    const sim = await simulator({ deviceId: 'tcp-drops' });
    const { hub, rec } = await connected(sim);
    await eventually('streaming', () => rec.of('audio').length > 10);
    sim.sensor.faults.dropRate = 0.1;
    await eventually('some dropped frames', () => sim.sensor.stats.framesDropped >= 8);
    sim.sensor.faults.dropRate = 0;
    const dropped = sim.sensor.stats.framesDropped;
    // A later frame reveals the last drops (STATUS comes every 250 ms): the count must meet the truth exactly.
    await eventually('every drop counted', () => hub.health('tcp-drops')!.framesLost === dropped);
    const health = hub.health('tcp-drops')!;
    expect(health.framesLost).toBe(dropped);
    const gaps = rec.of('gap').filter((g) => g.stream === 'all');
    expect(gaps.every((g) => g.reason === 'sequence')).toBe(true);
    expect(gaps.reduce((n, g) => n + (g.missingFrames ?? 0), 0)).toBe(dropped);
    // The audio frames among them show up as missing samples, never papered over.
    const audioGaps = rec.of('gap').filter((g) => g.stream === 'audio');
    expect(audioGaps.length).toBeGreaterThan(0);
    expect(health.lostSamples.audio).toBe(audioGaps.reduce((n, g) => n + g.missingSamples!, 0));
  });

  it('counts corrupted frames as bad and the losses as corrupt gaps', async () => {
    const sim = await simulator({ deviceId: 'tcp-corrupt' });
    const { hub, rec } = await connected(sim);
    await eventually('streaming', () => rec.of('audio').length > 10);
    sim.sensor.faults.corruptRate = 0.05;
    await eventually('some corrupted frames', () => sim.sensor.stats.framesCorrupted >= 5);
    sim.sensor.faults.corruptRate = 0;
    await eventually('every corrupted frame counted as lost', () => hub.health('tcp-corrupt')!.framesLost === sim.sensor.stats.framesCorrupted);
    const health = hub.health('tcp-corrupt')!;
    expect(health.badFrames).toBeGreaterThanOrEqual(sim.sensor.stats.framesCorrupted);
    expect(health.framesLost).toBe(sim.sensor.stats.framesCorrupted);
    expect(rec.of('gap').some((g) => g.reason === 'corrupt')).toBe(true);
  });

  it('notices a disconnect, reconnects by itself, and marks what was lost meanwhile', async () => {
    const sim = await simulator({ deviceId: 'tcp-unplug' });
    const { hub, rec } = await connected(sim);
    await eventually('streaming', () => rec.of('audio').length > 10);
    await sim.disconnect(1200);
    await eventually('the link marked reconnecting', () => rec.of('link').some((l) => l.state === 'reconnecting'));
    await eventually('the link back', () => rec.of('link').some((l) => l.state === 'connected'), 15_000);
    await eventually('audio again', () => rec.of('audio').at(-1)!.hostTimeMs > rec.of('link').at(-1)!.hostTimeMs);

    const gaps = rec.of('gap');
    const all = gaps.find((g) => g.stream === 'all') as Gap;
    expect(all).toMatchObject({ reason: 'disconnect' });
    expect(all.missingFrames).toBeGreaterThan(20); // 1.2 s of frames, built while nobody listened
    const audioGap = gaps.find((g) => g.stream === 'audio')!;
    expect(audioGap).toMatchObject({ reason: 'disconnect' });
    expect(audioGap.missingSamples).toBeGreaterThan(8000);
    const health = hub.health('tcp-unplug')!;
    expect(health).toMatchObject({ reconnects: 1, disconnects: 1, state: 'connected' });
  });

  it('sees a reboot: the gap is marked, sequence and sample indexes restart, streaming resumes', async () => {
    const sim = await simulator({ deviceId: 'tcp-reboot' });
    const { hub, rec } = await connected(sim);
    await eventually('streaming', () => rec.of('audio').length > 10);
    sim.reboot();
    await eventually('a reboot gap', () => rec.of('gap').some((g) => g.reason === 'reboot'), 15_000);
    const rebootAt = rec.messages.findIndex((m) => m.type === 'gap' && m.reason === 'reboot');
    await eventually('audio after the reboot', () => rec.messages.slice(rebootAt).some((m) => m.type === 'audio'), 15_000);
    const after = rec.messages.slice(rebootAt).filter((m) => m.type === 'audio');
    expect(after[0]!.type === 'audio' && after[0]!.firstSample).toBe(0);
    expect(hub.health('tcp-reboot')).toMatchObject({ reboots: 1, state: 'connected' });
  });

  it('marks a stalled sensor reconnecting, then the lost samples as a stall gap', async () => {
    const sim = await simulator({ deviceId: 'tcp-stall' });
    const { hub, rec } = await connected(sim);
    await eventually('streaming', () => rec.of('audio').length > 10);
    sim.stall(1200);
    await eventually('reconnecting', () => rec.of('link').some((l) => l.state === 'reconnecting'));
    await eventually('connected again', () => rec.of('link').filter((l) => l.state === 'connected').length >= 1, 15_000);
    await eventually('the stall gap', () => rec.of('gap').find((g) => g.stream === 'audio'), 15_000);
    const gap = rec.of('gap').find((g) => g.stream === 'audio')!;
    expect(gap.reason).toBe('stall');
    expect(gap.missingSamples).toBeGreaterThan(16_000 * 0.5);
    expect(hub.health('tcp-stall')!.stalls).toBeGreaterThanOrEqual(1);
  });

  it('measures how fast the sensor’s clock runs', async () => {
    const sim = await simulator({ deviceId: 'tcp-drift', sensor: { clockDriftPpm: 3000 } });
    const { hub } = await connected(sim, { driftMinSpanMs: 8000 });
    // Drift is reported once 8 s of time syncs (one a second) are in.
    const drift = await eventually('a drift estimate', () => hub.health('tcp-drift')!.clockDriftPpm, 25_000);
    expect(drift).toBeGreaterThan(2000);
    expect(drift).toBeLessThan(4000);
  }, 30_000);

  it('never attaches a different sensor that answers at the same address', async () => {
    const first = await simulator({ deviceId: 'tcp-owner' });
    const port = first.tcpPort!;
    const { hub } = await connected(first);
    await first.close();
    sims = sims.filter((s) => s !== first);
    const other = await simulator({ deviceId: 'tcp-intruder', tcp: { port, host: '127.0.0.1', mdns: false } });
    await eventually('the refusal', () => hub.snapshot().entries.find((e) => e.key === 'tcp-owner')?.problem?.code === 'wrong_device', 15_000);
    expect(hub.health('tcp-owner')!.state).toBe('reconnecting');
    expect(hub.health('tcp-intruder')).toBeNull();
    expect(other.sensor.streaming).toBe(0);
  });

  it('says "already connected" at a second address of a sensor that is connected (the problem is a code, link/link-errors.ts)', async () => {
    // Two simulators answering with one id: the same sensor reachable at two addresses.
    const first = await simulator({ deviceId: 'tcp-twice' });
    const second = await simulator({ deviceId: 'tcp-twice' });
    const { hub } = await connected(first);
    await hub.add({ kind: 'tcp', host: '127.0.0.1', port: second.tcpPort! });
    const key = `tcp:127.0.0.1:${second.tcpPort}`;
    const entry = await eventually('the second address refused', () => hub.snapshot().entries.find((e) => e.key === key && e.state === 'unavailable'));
    expect(entry).toMatchObject({ source: 'manual', problem: { code: 'already_connected' } });
    expect(hub.health('tcp-twice')).toMatchObject({ state: 'connected', address: `127.0.0.1:${first.tcpPort}` });
    expect(second.sensor.streaming).toBe(0);
  });

  it('stops reconnecting when the technician disconnects', async () => {
    const sim = await simulator({ deviceId: 'tcp-bye' });
    const { hub, rec } = await connected(sim);
    hub.disconnect('tcp-bye');
    await eventually('disconnected', () => rec.of('link').some((l) => l.state === 'disconnected'));
    await eventually('the sensor stopped streaming', () => sim.sensor.streaming === 0);
    // The link records the technician's wish; its reconnect loop runs only while the link is wanted,
    // so 'disconnected' (not 'reconnecting') is the state machine saying it will not come back.
    expect(hub.health('tcp-bye')!.state).toBe('disconnected');
    expect(hub.connected()).toEqual([]);
  });

  it('issue 14 case 9: a sensor added by address before it is switched on is waited for, retried, and connects once it starts', async () => {
    // A port nothing listens on yet: the sensor's, before it is switched on.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const t = testHub();
    hubs.push(t);
    await t.hub.start();
    const key = `tcp:127.0.0.1:${port}`;
    await t.hub.add({ kind: 'tcp', host: '127.0.0.1', port });
    // Refused: waiting for the sensor, not an error.
    const waiting = await eventually('the entry waiting', () => t.hub.snapshot().entries.find((e) => e.key === key && e.state === 'waiting'));
    expect(waiting).toMatchObject({ source: 'manual', transport: 'tcp', problem: null });

    const sim = await simulator({ deviceId: 'tcp-late', tcp: { port, host: '127.0.0.1', mdns: false } });
    await eventually('the late sensor connected', () => t.hub.health(sim.deviceId)?.state === 'connected', 30_000);
    expect(t.hub.snapshot().entries.map((e) => [e.key, e.state])).toEqual([['tcp-late', 'connected']]);
    // The address is remembered: after a later loss it is reconnected like any other TCP sensor.
    expect(t.store.manualTargets()).toEqual([{ kind: 'tcp', host: '127.0.0.1', port }]);
  });

  it('issue 14 case 9: forgetting an address that is waited for stops the retries', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const t = testHub({ timing: { manualRetryMs: 50, manualRetryMaxMs: 100 } });
    hubs.push(t);
    await t.hub.start();
    const key = `tcp:127.0.0.1:${port}`;
    await t.hub.add({ kind: 'tcp', host: '127.0.0.1', port });
    await eventually('waiting', () => t.hub.snapshot().entries.some((e) => e.key === key && e.state === 'waiting'));
    expect(t.hub.forget(key)).toBe(true);
    expect(t.hub.snapshot().entries).toEqual([]);
    // Something answering there now is left alone: the address was forgotten.
    let accepted = 0;
    const listener = net.createServer((socket) => {
      accepted += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(port, '127.0.0.1', resolve));
    // The clock for this negative is another address the hub still retries on the same policy:
    // once it has been tried three times, the forgotten one would have been tried too.
    let referenceTries = 0;
    const reference = net.createServer((socket) => {
      referenceTries += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => reference.listen(0, '127.0.0.1', resolve));
    try {
      await t.hub.add({ kind: 'tcp', host: '127.0.0.1', port: (reference.address() as AddressInfo).port });
      await eventually('the other address tried three times', () => referenceTries >= 3);
      expect(accepted).toBe(0);
    } finally {
      await new Promise<void>((resolve) => reference.close(() => resolve()));
      await new Promise<void>((resolve) => listener.close(() => resolve()));
    }
  });
});
