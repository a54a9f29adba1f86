/**
 * Recording from sensors and the microphone, through the contract, on a real data folder.
 *
 * The recorder alone: sensors are an in-process DeviceStreamSource (testing/stand-in-source.ts)
 * emitting exactly the messages the interface defines, on a clock the test drives. The real link
 * under the same recorder is tested in sensor-link-recording.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Capture, EventMessage, Recording, SessionDetail } from '../../../../shared/contract';
import { decodeWav, encodePcm16Wav } from '../../platform/audio/wav';
import { eventually } from '../../testing/eventually';
import { type RecordingTestBackend, recordingBackend, sessionFor } from '../../testing/recording/recording-backend';
import { ManualClock } from '../../testing/recording/manual-clock';
import { InProcessDeviceSource, SimulatedSensor, simulatedAudioSample } from '../../testing/recording/stand-in-source';

const backends: RecordingTestBackend[] = [];
afterEach(async () => {
  for (const b of backends.splice(0)) await b.cleanup();
});

const PLENTY = 500 * 1024 ** 3;

function setup(options: { free?: () => number } = {}) {
  const source = new InProcessDeviceSource();
  // One clock for the sensors' host stamps and the recorder: silences and stalls happen when the test moves it.
  const clock = new ManualClock(1_800_000_000_000);
  const hostNow = () => clock.wallMs();
  const b = recordingBackend({ source, freeSpace: options.free ?? (() => PLENTY), clock });
  backends.push(b);
  const events: EventMessage[] = [];
  b.events.subscribe((m) => events.push(m));
  const sensor = (deviceId: string, extra: Partial<ConstructorParameters<typeof SimulatedSensor>[1]> = {}) =>
    new SimulatedSensor(source, { deviceId, hostNow, ...extra });
  /** Advances sensors and the fake host clock together. */
  const run = (ms: number, ...sensors: SimulatedSensor[]) => {
    for (let t = 0; t < ms; t += 10) {
      clock.advance(10);
      for (const s of sensors) s.advance(10);
    }
  };
  /** Waits for the recorder's next tick: it sends progress, then checks for silence and stalls. */
  const nextTick = async () => {
    const from = events.length;
    await waitFor(() => events.slice(from).some((e) => e.event === 'capture.progress'));
  };
  return { source, b, events, sensor, run, clock, nextTick };
}

const detail = (b: RecordingTestBackend, id: string) => b.call<SessionDetail>('sessions.get', { id });
const byStream = (d: SessionDetail, stream: string, deviceId?: string) =>
  d.recordings.find((r) => r.stream === stream && (deviceId === undefined || r.deviceId === deviceId))!;
const samplesOf = (b: RecordingTestBackend, r: Recording, channel = 0) =>
  decodeWav(fs.readFileSync(path.join(b.dataDir, 'recordings', r.sessionId, `${r.id}.wav`)), 'r.wav').channels[channel]!;
const waitFor = (check: () => boolean, ms = 30_000) => eventually('the recorder', check, ms);

describe('recording from sensors (stand-in source for the sensor link)', () => {
  it('records every stream of two sensors at once, each aligned by its own device time, sample for sample', async () => {
    const { b, sensor, run, events } = setup();
    await b.start();
    const { sessionId } = await sessionFor(b);
    const a = sensor('esp32-a', { deviceStartUs: 7_000_000 });
    const c = sensor('esp32-c', { deviceStartUs: 90_000_000 });
    const devices = await b.call<{ deviceId: string; streams: string[] }[]>('captures.devices', {});
    expect(devices.map((d) => d.deviceId).sort()).toEqual(['esp32-a', 'esp32-c']);
    expect(devices[0]!.streams).toEqual(['audio', 'vibration', 'readings']);

    const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: ['esp32-a', 'esp32-c'] }, durationS: null });
    expect(capture.recordingIds).toHaveLength(6);
    expect(b.activity.list().map((x) => x.kind)).toEqual(['recording']);
    run(3000, a, c);
    await waitFor(() => events.some((e) => e.event === 'capture.progress'));
    const stopped = await b.call<Capture>('captures.stop', { captureId: capture.id });
    expect(stopped).toMatchObject({ state: 'stopped', stopReason: 'user' });
    // New recordings are diagnosed in the background (insight): only this feature's own activities must be over.
    expect(b.activity.list().filter((a) => a.kind !== 'analysis')).toEqual([]);

    const d = await detail(b, sessionId);
    for (const id of ['esp32-a', 'esp32-c']) {
      const audio = byStream(d, 'audio', id);
      const vibration = byStream(d, 'vibration', id);
      const readings = byStream(d, 'readings', id);
      expect(audio).toMatchObject({ status: 'complete', source: 'sensor', sampleRate: 16000, channels: 1, sampleFormat: 'pcm16', gaps: [] });
      expect(audio.frames).toBe(93 * 512); // whole chunks completed in 3 s
      expect(vibration).toMatchObject({ status: 'complete', sampleRate: 3200, channels: 3, sampleFormat: 'float32', frames: 75 * 128 });
      expect(readings.frames).toBe(31); // at 0, 0.1 ... 3.0 s
      // Streams of one sensor share its clock: their first samples were taken at the same instant.
      expect(vibration.startUs).toBe(audio.startUs);
      expect(readings.startUs).toBe(audio.startUs);
      const samples = samplesOf(b, audio);
      for (const k of [0, 1, 511, 512, 40_000, audio.frames - 1]) expect(Math.round(samples[k]! * 32768)).toBe(simulatedAudioSample(k));
    }
    expect(d.devices.map((x) => x.deviceId)).toEqual(['esp32-a', 'esp32-c']);
    expect(d.devices[0]!.linkHealth).toMatchObject({ audioChunks: 93, vibrationChunks: 75, readings: 31, gaps: 0, disconnects: 0, transport: 'serial' });
    expect(d.recordedS).toBeCloseTo(3, 1);
    const progress = events.filter((e) => e.event === 'capture.progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(events.some((e) => e.event === 'capture.stopped')).toBe(true);
  });

  it('keeps what it got when a sensor drops out, marks the gap, and carries on when it is back', async () => {
    const { b, sensor, run, events } = setup();
    await b.start();
    const { sessionId } = await sessionFor(b);
    const s = sensor('esp32-a');
    const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: ['esp32-a'] }, durationS: null });
    run(1000, s);
    s.disconnect();
    run(2000, s); // the sensor samples on; nothing arrives
    s.reconnect();
    run(1000, s);
    await b.call('captures.stop', { captureId: capture.id });

    const d = await detail(b, sessionId);
    const audio = byStream(d, 'audio');
    expect(audio.status).toBe('complete');
    expect(audio.gaps).toHaveLength(1);
    const gap = audio.gaps[0]!;
    expect(gap.reason).toBe('disconnect');
    expect(gap.atFrame).toBe(31 * 512);
    // The 2 s of silence plus the chunks cut short around it, to the sample.
    expect(gap.missingFrames).toBe(s.generatedAudio - audio.frames);
    expect(gap.endUs! - gap.startUs!).toBe(Math.round((gap.missingFrames! / 16000) * 1e6));
    expect(byStream(d, 'vibration').gaps[0]?.reason).toBe('disconnect');
    expect(byStream(d, 'readings').gaps[0]?.reason).toBe('disconnect');
    expect(d.devices[0]!.linkHealth).toMatchObject({ disconnects: 1, lastState: 'connected' });
    expect(d.needsAttention).toBe(true);
    const warnings = events.filter((e) => e.event === 'capture.warning').map((e) => (e.payload as { kind: string }).kind);
    expect(warnings).toContain('device_lost');
    expect(warnings).toContain('device_back');
  });

  it('notices a sensor that falls silent without a word from its link, by its own clock, and marks the stall', async () => {
    const { b, sensor, run, events, nextTick } = setup();
    await b.start();
    const { sessionId } = await sessionFor(b);
    const s = sensor('esp32-a');
    const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: ['esp32-a'] }, durationS: null });
    run(1000, s);
    s.fallSilent();
    const lost = () => events.find((e) => e.event === 'capture.warning' && (e.payload as { kind: string }).kind === 'device_lost');
    run(2900, s); // the sensor samples on; nothing arrives, and the link says nothing
    await nextTick();
    expect(lost()).toBeUndefined();
    run(200, s);
    // The tick that sends progress also checks for silence: the first one after 3 s by the clock says the sensor is lost.
    await nextTick();
    expect(lost()?.payload).toMatchObject({ captureId: capture.id, deviceId: 'esp32-a', message: expect.stringMatching(/Nothing has arrived from the sensor esp32-a for 3 s/) });
    s.speakAgain();
    run(1000, s);
    await b.call('captures.stop', { captureId: capture.id });

    const d = await detail(b, sessionId);
    const audio = byStream(d, 'audio');
    expect(audio.status).toBe('complete');
    expect(audio.gaps).toEqual([expect.objectContaining({ reason: 'stall', atFrame: 31 * 512, missingFrames: s.generatedAudio - audio.frames })]);
    expect(byStream(d, 'vibration').gaps.map((g) => g.reason)).toEqual(['stall']);
    expect(byStream(d, 'readings').gaps.map((g) => g.reason)).toEqual(['stall']);
    expect(events.some((e) => e.event === 'capture.warning' && (e.payload as { kind: string }).kind === 'device_back')).toBe(true);
  });

  it('keeps what it got from a sensor that vanishes for good, with an open-ended gap', async () => {
    const { b, sensor, run, source } = setup();
    await b.start();
    const { sessionId } = await sessionFor(b);
    const s = sensor('esp32-a');
    const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: ['esp32-a'] }, durationS: null });
    run(1500, s);
    s.disconnect();
    source.remove('esp32-a');
    await b.call('captures.stop', { captureId: capture.id });
    const audio = byStream(await detail(b, sessionId), 'audio');
    expect(audio).toMatchObject({ status: 'complete', frames: 46 * 512 });
    expect(audio.gaps).toEqual([{ atFrame: 46 * 512, missingFrames: null, reason: 'disconnect', startUs: expect.any(Number), endUs: null }]);
    expect(source.listenerCount('esp32-a')).toBe(0);
  });

  it('drops repeated chunks and marks lost ones', async () => {
    const { b, sensor, run } = setup();
    await b.start();
    const { sessionId } = await sessionFor(b);
    const s = sensor('esp32-a', { vibrationSampleRate: null, readingRateHz: null });
    const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: ['esp32-a'] }, durationS: null });
    run(500, s);
    s.repeatAudio();
    run(200, s);
    s.loseAudio(1024);
    run(500, s);
    await b.call('captures.stop', { captureId: capture.id });
    const d = await detail(b, sessionId);
    expect(d.recordings).toHaveLength(1);
    const audio = byStream(d, 'audio');
    expect(audio.gaps).toEqual([expect.objectContaining({ reason: 'sequence', missingFrames: 1024 })]);
    expect(audio.frames).toBe(s.generatedAudio - 1024);
    expect(d.devices[0]!.linkHealth).toMatchObject({ duplicateChunks: 1, missingSamples: 1024, gaps: 1 });
    // After the gap, the samples are the ones that came after the lost ones: nothing shifted.
    const samples = samplesOf(b, audio);
    const at = audio.gaps[0]!.atFrame!;
    expect(Math.round(samples[at]! * 32768)).toBe(simulatedAudioSample(at + 1024));
  });

  it('marks a reboot in every stream and keeps the readings strictly in time', async () => {
    const { b, sensor, run } = setup();
    await b.start();
    const { sessionId } = await sessionFor(b);
    const s = sensor('esp32-a', { deviceStartUs: 600_000_000 });
    const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: ['esp32-a'] }, durationS: null });
    run(1000, s);
    run(3000); // the sensor is off for 3 s while it restarts
    s.reboot();
    run(1000, s);
    await b.call('captures.stop', { captureId: capture.id });
    const d = await detail(b, sessionId);
    for (const stream of ['audio', 'vibration', 'readings']) expect(byStream(d, stream).gaps[0]?.reason, stream).toBe('reboot');
    const audioGap = byStream(d, 'audio').gaps[0]!;
    expect(audioGap.missingFrames! / 16000).toBeGreaterThan(2.9);
    expect(d.devices[0]!.linkHealth.reboots).toBe(1);
    const readings = await b.call<{ total: number; points: { tUs: number }[] }>('recordings.readings', { id: byStream(d, 'readings').id });
    expect(readings.total).toBe(22); // 11 before the reboot, 11 after
    for (let i = 1; i < readings.points.length; i += 1) expect(readings.points[i]!.tUs).toBeGreaterThan(readings.points[i - 1]!.tUs);
  });

  it.each([
    ['jumping past 2^53 µs', (t: number) => t + 2 ** 53],
    ['stuck at 2^53 µs', () => 2 ** 53],
    ['jumping to 2^63 µs', (t: number) => t + 2 ** 63],
    ['leaping an hour ahead', (t: number) => t + 3_600_000_000],
  ])('issue 14 case 7: a sensor clock %s marks that sensor\'s recordings "clock jumped" and never stops the other sensor', async (_name, reads) => {
    const { b, sensor, run, events } = setup();
    await b.start();
    const { sessionId } = await sessionFor(b);
    const bad = sensor('esp32-bad', { deviceStartUs: 7_000_000 });
    const good = sensor('esp32-good', { deviceStartUs: 90_000_000 });
    const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: ['esp32-bad', 'esp32-good'] }, durationS: null });
    run(1000, bad, good);
    bad.breakClock(reads);
    run(2000, bad, good);
    // A persist tick commits both sensors' readings while both still run.
    const stored = () => (b.db.prepare('SELECT COUNT(*) AS n FROM readings').get() as { n: number }).n;
    await waitFor(() => stored() === 62 || (events.some((e) => e.event === 'capture.stopped')));
    expect(stored()).toBe(62);
    expect((await b.call<Capture[]>('captures.active', {})).map((c) => c.id)).toEqual([capture.id]);
    const stopped = await b.call<Capture>('captures.stop', { captureId: capture.id });
    expect(stopped.stopReason).toBe('user');

    const d = await detail(b, sessionId);
    for (const stream of ['audio', 'vibration', 'readings']) {
      expect(byStream(d, stream, 'esp32-good'), `good ${stream}`).toMatchObject({ status: 'complete', gaps: [] });
      const r = byStream(d, stream, 'esp32-bad');
      expect(r.status, `bad ${stream}`).toBe('complete');
      expect(r.gaps.map((g) => [g.reason, g.missingFrames]), `bad ${stream}`).toEqual([['clock_jump', 0]]);
    }
    // Sample indexes stayed contiguous: nothing of the bad sensor's audio is lost either.
    expect(byStream(d, 'audio', 'esp32-good').frames).toBe(93 * 512);
    expect(byStream(d, 'audio', 'esp32-bad').frames).toBe(93 * 512);
    expect(byStream(d, 'readings', 'esp32-bad').frames).toBe(31);
    const readings = await b.call<{ total: number; points: { tUs: number }[] }>('recordings.readings', { id: byStream(d, 'readings', 'esp32-bad').id });
    expect(readings.total).toBe(31);
    for (let i = 1; i < readings.points.length; i += 1) expect(readings.points[i]!.tUs).toBeGreaterThan(readings.points[i - 1]!.tUs);
    // The timeline stays the host's: the bad sensor's recording does not claim an absurd length.
    expect(byStream(d, 'readings', 'esp32-bad').durationS).toBeLessThan(4);
  });

  it('stops a fixed-length recording by itself with exactly its length', async () => {
    const { b, sensor, run, events } = setup();
    await b.start();
    const { sessionId } = await sessionFor(b);
    const s = sensor('esp32-a');
    await b.call<Capture>('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: ['esp32-a'] }, durationS: 2 });
    run(3000, s);
    await waitFor(() => events.some((e) => e.event === 'capture.stopped'));
    expect(events.find((e) => e.event === 'capture.stopped')?.payload).toMatchObject({ reason: 'duration' });
    await waitFor(() => b.activity.list().length === 0);
    const d = await detail(b, sessionId);
    expect(byStream(d, 'audio')).toMatchObject({ frames: 32000, durationS: 2, stopReason: 'duration' });
    expect(byStream(d, 'vibration')).toMatchObject({ frames: 6400, durationS: 2 });
  });

  it('ends a fixed-length capture whose sensor fell silent once its length and 5 s of grace have passed by the clock', async () => {
    const { b, sensor, run, events } = setup();
    await b.start();
    const { sessionId } = await sessionFor(b);
    const s = sensor('esp32-a');
    await b.call<Capture>('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: ['esp32-a'] }, durationS: 2 });
    run(1000, s);
    s.fallSilent();
    run(6000, s);
    await waitFor(() => events.some((e) => e.event === 'capture.stopped'));
    expect(events.find((e) => e.event === 'capture.stopped')?.payload).toMatchObject({ reason: 'duration' });
    const audio = byStream(await detail(b, sessionId), 'audio');
    expect(audio).toMatchObject({ status: 'complete', stopReason: 'duration', frames: 31 * 512 });
    expect(audio.gaps.map((g) => [g.reason, g.endUs])).toEqual([['stall', null]]);
  });

  it('refuses sensors that are not connected or already recording, and closed visits', async () => {
    const { b, sensor } = setup();
    await b.start();
    const { sessionId } = await sessionFor(b);
    sensor('esp32-a');
    await expect(b.call('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: ['nope'] }, durationS: null })).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringMatching(/nope is not connected/),
    });
    await b.call('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: ['esp32-a'] }, durationS: null });
    await expect(b.call('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: ['esp32-a'] }, durationS: null })).rejects.toMatchObject({ code: 'unavailable' });
    await expect(b.call('sessions.update', { id: sessionId, status: 'closed' })).rejects.toMatchObject({ code: 'unavailable' });
    await expect(b.call('sessions.delete', { id: sessionId })).rejects.toMatchObject({ code: 'unavailable' });
  });
});

describe('recording from the microphone', () => {
  const chunk = (seq: number, firstFrame: number, frames: number) => ({
    seq,
    firstFrame,
    pcm16: Buffer.from(Int16Array.from({ length: frames }, (_, i) => (firstFrame + i) % 20000).buffer).toString('base64'),
  });

  it('writes numbered chunks in order, ignores repeats, marks lost ones, and makes the analysis copy', async () => {
    const { b } = setup();
    await b.start();
    const { sessionId } = await sessionFor(b);
    const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'microphone', sampleRate: 48000, label: 'USB Audio' }, durationS: null });
    const send = (c: ReturnType<typeof chunk>) => b.call<{ ackedSeq: number; framesWritten: number; stopped: boolean }>('captures.micChunk', { captureId: capture.id, ...c });
    expect(await send(chunk(0, 0, 4800))).toEqual({ ackedSeq: 0, framesWritten: 4800, stopped: false });
    expect(await send(chunk(1, 4800, 4800))).toMatchObject({ ackedSeq: 1, framesWritten: 9600 });
    expect(await send(chunk(1, 4800, 4800))).toMatchObject({ ackedSeq: 1, framesWritten: 9600 }); // a retry after a reconnect
    expect(await send(chunk(3, 14400, 4800))).toMatchObject({ ackedSeq: 3, framesWritten: 14400 }); // chunk 2 never came
    await b.call('captures.stop', { captureId: capture.id });
    expect(await send(chunk(4, 19200, 4800))).toMatchObject({ stopped: true, framesWritten: 14400 });

    const rec = (await detail(b, sessionId)).recordings[0]!;
    expect(rec).toMatchObject({ source: 'microphone', sourceLabel: 'USB Audio', sampleRate: 48000, frames: 14400, status: 'complete' });
    expect(rec.gaps).toEqual([expect.objectContaining({ atFrame: 9600, missingFrames: 4800, reason: 'sequence' })]);
    const samples = samplesOf(b, rec);
    expect(Math.round(samples[9600]! * 32768)).toBe(14400);
    // The mono 16 kHz analysis copy is made after the recording is final, off the hot path.
    const analysis = () => b.db.prepare('SELECT analysis_path FROM recordings WHERE id = ?').get(rec.id) as { analysis_path: string | null };
    await waitFor(() => analysis().analysis_path !== null);
    const copy = decodeWav(fs.readFileSync(path.join(b.dataDir, analysis().analysis_path!)), 'a.wav');
    expect(copy).toMatchObject({ sampleRate: 16000, frames: 4800, encoding: 'float' });
  });

  it('stops a fixed-length microphone recording at its length and says so in the answer', async () => {
    const { b, events } = setup();
    await b.start();
    const { sessionId } = await sessionFor(b);
    const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'microphone', sampleRate: 16000 }, durationS: 1 });
    const a = await b.call<{ stopped: boolean }>('captures.micChunk', { captureId: capture.id, ...chunk(0, 0, 12000) });
    expect(a.stopped).toBe(false);
    const c = await b.call<{ stopped: boolean; framesWritten: number }>('captures.micChunk', { captureId: capture.id, ...chunk(1, 12000, 12000) });
    expect(c).toMatchObject({ framesWritten: 16000, stopped: true });
    await waitFor(() => events.some((e) => e.event === 'capture.stopped'));
    expect((await detail(b, sessionId)).recordings[0]).toMatchObject({ frames: 16000, durationS: 1, stopReason: 'duration' });
  });

  it('stops a capture whose page sent nothing for 15 s by the recorder\'s clock, keeping what came, and tells the page', async () => {
    const { b, events, clock, nextTick } = setup();
    await b.start();
    const { sessionId } = await sessionFor(b);
    const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'microphone', sampleRate: 16000 }, durationS: null });
    const send = (c: ReturnType<typeof chunk>) => b.call<{ ackedSeq: number; framesWritten: number; stopped: boolean }>('captures.micChunk', { captureId: capture.id, ...c });
    expect(await send(chunk(0, 0, 1600))).toMatchObject({ framesWritten: 1600, stopped: false });
    clock.advance(15_000);
    await nextTick();
    expect((await b.call<Capture[]>('captures.active', {})).map((c) => c.state)).toEqual(['recording']);
    clock.advance(1);
    // The tick after the 15 s stops the capture: the page's next chunk is answered "stopped" and not written.
    await nextTick();
    expect(await send(chunk(1, 1600, 1600))).toMatchObject({ framesWritten: 1600, stopped: true });
    await waitFor(() => events.some((e) => e.event === 'capture.stopped'));
    expect(events.find((e) => e.event === 'capture.stopped')?.payload).toMatchObject({ captureId: capture.id, reason: 'stall' });
    expect((await detail(b, sessionId)).recordings[0]).toMatchObject({ status: 'complete', stopReason: 'stall', frames: 1600, durationS: 0.1 });
  });

  it('refuses a chunk that is not whole 16-bit samples, or not base64', async () => {
    const { b } = setup();
    await b.start();
    const { sessionId } = await sessionFor(b);
    const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'microphone', sampleRate: 16000 }, durationS: null });
    await expect(b.call('captures.micChunk', { captureId: capture.id, seq: 0, firstFrame: 0, pcm16: 'AAAA' })).rejects.toMatchObject({ code: 'invalid_params', field: 'pcm16' });
    await expect(b.call('captures.micChunk', { captureId: capture.id, seq: 0, firstFrame: 0, pcm16: 'not base64!' })).rejects.toMatchObject({ code: 'invalid_params', field: 'pcm16' });
  });
});

describe('the "recordings finished" event other features hear', () => {
  it('names the recordings that became final, after a capture and after an import', async () => {
    const finished: [string, string[]][] = [];
    const b = recordingBackend({ freeSpace: () => PLENTY });
    b.bus.on('recordings.finished', ({ visitId, recordingIds }) => finished.push([visitId, recordingIds]));
    backends.push(b);
    await b.start();
    const { sessionId } = await sessionFor(b);
    const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'microphone', sampleRate: 16000 }, durationS: null });
    await b.call('captures.micChunk', { captureId: capture.id, seq: 0, firstFrame: 0, pcm16: Buffer.alloc(3200).toString('base64') });
    await b.call('captures.stop', { captureId: capture.id });
    const { uploadId } = await b.call<{ uploadId: string }>('uploads.begin', { name: 'a.wav', bytes: 44 + 320, purpose: 'recording' });
    await b.call('uploads.chunk', { uploadId, seq: 0, data: encodePcm16Wav(new Int16Array(160), 16000).toString('base64') });
    const [imported] = await b.call<Recording[]>('recordings.import', { sessionId, uploadId });
    expect(finished).toEqual([
      [sessionId, capture.recordingIds],
      [sessionId, [imported!.id]],
    ]);
  });
});

describe('disk guard', () => {
  it('refuses to start without room for the recording plus the reserve, saying how much is free', async () => {
    const { b } = setup({ free: () => 40 * 1024 * 1024 });
    await b.start();
    const { sessionId } = await sessionFor(b);
    await expect(b.call('captures.start', { sessionId, source: { kind: 'microphone', sampleRate: 48000 }, durationS: 60 })).rejects.toMatchObject({
      code: 'unavailable',
      field: 'disk',
      message: expect.stringMatching(/Only 40 MB is free .* A 60 s recording needs about 5\.5 MB plus 64 MB kept free/),
    });
    expect(b.db.prepare('SELECT count(*) AS n FROM recordings').get()).toEqual({ n: 0 });
    expect(fs.existsSync(path.join(b.dataDir, 'recordings'))).toBe(false);
  });

  it('stops cleanly before the disk is full, keeping everything recorded', async () => {
    let free = PLENTY;
    const { b, sensor, run, events } = setup({ free: () => free });
    await b.start();
    const { sessionId } = await sessionFor(b);
    const s = sensor('esp32-a');
    await b.call('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: ['esp32-a'] }, durationS: null });
    run(1000, s);
    free = 64 * 1024 * 1024 + 100_000; // above the 64 MB reserve, but not by 5 s of recording
    await waitFor(() => events.some((e) => e.event === 'capture.stopped'));
    expect(events.find((e) => e.event === 'capture.stopped')?.payload).toMatchObject({ reason: 'disk_low' });
    expect(events.some((e) => e.event === 'capture.warning' && (e.payload as { kind: string }).kind === 'disk_low')).toBe(true);
    await waitFor(() => b.activity.list().length === 0);
    const audio = byStream(await detail(b, sessionId), 'audio');
    expect(audio).toMatchObject({ status: 'complete', stopReason: 'disk_low', frames: 31 * 512 });
  });
});

describe('closing and crashing', () => {
  it('finalises a running capture when the app closes, and finds it complete after restart', async () => {
    const source = new InProcessDeviceSource();
    const s = new SimulatedSensor(source, { deviceId: 'esp32-a' });
    const first = recordingBackend({ source, freeSpace: () => PLENTY });
    await first.start();
    const { sessionId } = await sessionFor(first);
    await first.call('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: ['esp32-a'] }, durationS: null });
    s.advance(1000);
    await first.close();
    const second = recordingBackend({ source, freeSpace: () => PLENTY, dataDir: first.dataDir });
    backends.push(second);
    await second.start();
    expect(await second.call('recordings.recoveries', {})).toEqual([]);
    const audio = byStream(await detail(second, sessionId), 'audio');
    expect(audio).toMatchObject({ status: 'complete', stopReason: 'shutdown', frames: 31 * 512 });
    fs.rmSync(first.dataDir, { recursive: true, force: true });
  });

  it('repairs a recording a crash left open and marks it recovered with its real length', async () => {
    const b = recordingBackend({ freeSpace: () => PLENTY });
    const { sessionId } = await sessionFor(b);
    const at = new Date().toISOString();
    const id = '01900000-0000-7000-8000-0000000000aa';
    const rel = `recordings/${sessionId}/${id}.wav`;
    b.db
      .prepare(
        `INSERT INTO recordings (id, session_id, source, stream, status, path, sample_rate, channels, sample_format, gaps, start_us, started_at, created_at)
         VALUES (?, ?, 'microphone', 'audio', 'recording', ?, 16000, 1, 'pcm16', ?, 1800000000000000, ?, ?)`,
      )
      .run(id, sessionId, rel, JSON.stringify([{ atFrame: 100, missingFrames: 10, reason: 'sequence', startUs: 1, endUs: 2 }]), at, at);
    // What a killed writer leaves: a header that says 0 bytes, 1.5 s of samples and half a sample.
    const wav = encodePcm16Wav(Int16Array.from({ length: 24000 }, (_, i) => i % 1000), 16000);
    wav.writeUInt32LE(0, 40);
    fs.mkdirSync(path.join(b.dataDir, 'recordings', sessionId), { recursive: true });
    fs.writeFileSync(path.join(b.dataDir, rel), Buffer.concat([wav, Buffer.from([7])]));
    fs.mkdirSync(path.join(b.dataDir, 'tmp'), { recursive: true });
    fs.writeFileSync(path.join(b.dataDir, 'tmp', 'upload-x.part'), 'half an upload');
    fs.writeFileSync(path.join(b.dataDir, 'recordings', sessionId, 'orphan.wav'), 'nobody refers to me');
    backends.push(b);

    await b.start();
    const recovered = await b.call<{ recordingId: string; durationS: number; status: string }[]>('recordings.recoveries', {});
    expect(recovered).toEqual([expect.objectContaining({ recordingId: id, status: 'recovered', durationS: 1.5, frames: 24000, assetName: 'Showcase compressor 1' })]);
    const rec = (await detail(b, sessionId)).recordings[0]!;
    expect(rec).toMatchObject({ status: 'recovered', stopReason: 'crash', frames: 24000, durationS: 1.5, startUs: 1_800_000_000_000_000 });
    expect(rec.gaps).toHaveLength(1);
    expect(decodeWav(fs.readFileSync(path.join(b.dataDir, rel)), 'r.wav').frames).toBe(24000);
    expect(fs.existsSync(path.join(b.dataDir, 'tmp', 'upload-x.part'))).toBe(false);
    // Not deleted (issue 14): nothing says where it belongs, so it is moved to quarantine and listed.
    expect(fs.existsSync(path.join(b.dataDir, 'recordings', sessionId, 'orphan.wav'))).toBe(false);
    const status = await b.call<{ quarantined: { path: string }[] }>('storage.status', {});
    expect(status.quarantined.map((q) => q.path)).toEqual([expect.stringMatching(new RegExp(`^quarantine/[^/]+/recordings/${sessionId}/orphan\\.wav$`))]);
    expect(fs.readFileSync(path.join(b.dataDir, status.quarantined[0]!.path), 'utf8')).toBe('nobody refers to me');
  });
});
