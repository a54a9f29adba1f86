import { afterEach, describe, expect, it } from 'vitest';
import type { Capture, EventPayload, SessionDetail } from '../../../../shared/contract';
import type { SensorLinkHealth } from '../../../../shared/contract/sensors';
import { BuiltInSource } from '../sensors';
import { type RunningSimulator, startSimulator } from '../sensors';
import { eventually } from '../../testing/sensors';
import { type RecordingTestBackend, recordingBackend, sessionFor } from '../../testing/recording/recording-backend';

/**
 * Issue 14, case 8: sensor input is not believed blindly. Real parts: the simulated firmware on TCP
 * told to lie (an impossible HELLO rate, AUDIO frames declaring another rate, a clock running 20x
 * real time), the sensor link, the recorder and the files and rows it writes.
 */
let backend: RecordingTestBackend | null = null;
let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  await backend?.cleanup();
  [backend, sim] = [null, null];
});

async function connected(deviceId: string, options: Omit<Parameters<typeof startSimulator>[0], 'deviceId' | 'tcp'>): Promise<RecordingTestBackend> {
  const b = recordingBackend({ sensors: { mdns: false, ingest: false } });
  backend = b;
  await b.start();
  sim = await startSimulator({ deviceId, tcp: { port: 0, host: '127.0.0.1', mdns: false }, ...options });
  await b.call('sensors.add', { kind: 'tcp', host: '127.0.0.1', port: sim.tcpPort });
  await eventually('the sensor connected', async () => (await b.call<{ entries: { key: string; state: string }[] }>('sensors.list', {})).entries.some((e) => e.key === deviceId && e.state === 'connected'), 15_000);
  return b;
}

const health = (b: RecordingTestBackend, deviceId: string) => b.call<SensorLinkHealth>('sensors.health', { deviceId });

async function record(b: RecordingTestBackend, deviceId: string, until: () => Promise<boolean>, withinMs = 20_000): Promise<SessionDetail> {
  const { sessionId } = await sessionFor(b);
  const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: [deviceId] }, durationS: null });
  await eventually('enough recorded', until, withinMs);
  await b.call('captures.stop', { captureId: capture.id });
  return b.call<SessionDetail>('sessions.get', { id: sessionId });
}

describe('issue 14 case 8: sensor input is checked against what the hardware can do', () => {
  it('refuses a HELLO audio rate of 1 Hz with a counter, and records the sensor\'s other streams only', async () => {
    const b = await connected('liar-hello', { sensor: { audioSampleRate: 1 } });
    expect((await health(b, 'liar-hello')).refusedRates).toBeGreaterThanOrEqual(1);
    const devices = await b.call<{ deviceId: string; streams: string[] }[]>('captures.devices', {});
    expect(devices.find((d) => d.deviceId === 'liar-hello')?.streams).toEqual(['vibration', 'readings']);
    const d = await record(b, 'liar-hello', async () => (b.db.prepare('SELECT COUNT(*) AS n FROM readings').get() as { n: number }).n >= 2);
    expect(d.recordings.map((r) => r.stream).sort()).toEqual(['readings', 'vibration']);
  });

  it('refuses and counts AUDIO frames that declare 48 kHz when HELLO said 16 kHz, and never stores them as 16 kHz', async () => {
    const b = await connected('liar-frames', {});
    const before = await health(b, 'liar-frames');
    expect(before.refusedFrames).toBe(0);
    sim!.sensor.faults.declaredAudioRate = 48_000;
    await eventually('frames refused', async () => (await health(b, 'liar-frames')).refusedFrames >= 20);
    const d = await record(b, 'liar-frames', async () => (await health(b, 'liar-frames')).refusedFrames >= 100);
    const audio = d.recordings.find((r) => r.stream === 'audio')!;
    // Nothing the sensor mislabelled reached the file.
    expect(audio.frames).toBe(0);
    expect(audio.status).toBe('failed');
  });

  it('flags a sensor sending 20 times real time as "rate mismatch", with its length from the sample count at the verified rate', async () => {
    const started = performance.now();
    // The cheap built-in source: twenty times a synthesized compressor would load the machine.
    const b = await connected('liar-fast', { source: new BuiltInSource(), sensor: { now: () => started + (performance.now() - started) * 20 } });
    let flagged = false;
    b.events.subscribe((m) => {
      if (m.event !== 'capture.warning') return;
      const w = m.payload as EventPayload<'capture.warning'>;
      // The audio's own mark: the vibration stream may be flagged first, and the test checks the audio.
      if (w.kind === 'gap' && w.deviceId === 'liar-fast' && /sends audio faster than real time/.test(w.message)) flagged = true;
    });
    const t0 = Date.now();
    // Stops when the technician is told, not at a guessed time: a loaded machine slows the liar too.
    const d = await record(b, 'liar-fast', async () => flagged, 60_000);
    const wallS = (Date.now() - t0) / 1000;
    const audio = d.recordings.find((r) => r.stream === 'audio')!;
    expect(audio.sampleRate).toBe(16_000);
    expect(audio.gaps.map((g) => g.reason)).toContain('rate_mismatch');
    expect(audio.durationS).toBeCloseTo(audio.frames / 16_000, 6);
    // The stored length is the samples' own, and it is longer than the time that passed: the mark is why.
    expect(audio.durationS).toBeGreaterThan(wallS);
  });
});
