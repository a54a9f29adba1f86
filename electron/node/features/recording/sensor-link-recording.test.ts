import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Capture, SessionDetail } from '../../../../shared/contract';
import { decodeWav } from '../../platform/audio/wav';
import { analyze } from '../diagnosis';
import { loadModelSet, type ModelSet, releaseModelSet } from '../diagnosis';
import { MODELS_DIR } from '../../testing/diagnosis';
import { type RunningSimulator, startSimulator } from '../sensors';
import { eventually } from '../../testing/sensors';
import { bundleSerialChild } from '../../testing/sensors';
import { tempDir } from '../../testing/fixtures';
import { type RecordingTestBackend, recordingBackend, sessionFor } from '../../testing/recording/recording-backend';

/**
 * Recording over the real sensor link: the simulated sensor (the firmware in TypeScript, playing a
 * synthesized compressor with worn bearings) on a socat pseudo-terminal and on TCP, the serial
 * process, the hub, the recorder and the files it writes. What is stored must be what the sensor
 * sent, aligned on its clock, and still sound like worn bearings to the diagnosis.
 */
let child: ReturnType<typeof bundleSerialChild>;
let models: ModelSet;
beforeAll(async () => {
  child = bundleSerialChild();
  models = await loadModelSet([MODELS_DIR]);
});
afterAll(async () => {
  child.cleanup();
  await releaseModelSet(models);
});

let backend: RecordingTestBackend | null = null;
let sim: RunningSimulator | null = null;
let ports: ReturnType<typeof tempDir> | null = null;
afterEach(async () => {
  await sim?.close();
  await backend?.cleanup();
  ports?.cleanup();
  [backend, sim, ports] = [null, null, null];
});

async function connected(transport: 'serial' | 'tcp', deviceId: string): Promise<RecordingTestBackend> {
  ports = tempDir('scf-rec-ports-');
  const b = recordingBackend({ sensors: { serialEntry: child.entry, simulatorPortDir: ports.dir, mdns: false, ingest: false } });
  backend = b;
  await b.start();
  sim = await startSimulator({
    deviceId,
    condition: 'bearing-wear',
    ...(transport === 'serial' ? { serialDir: ports.dir } : { tcp: { port: 0, host: '127.0.0.1', mdns: false } }),
  });
  if (transport === 'tcp') await b.call('sensors.add', { kind: 'tcp', host: '127.0.0.1', port: sim.tcpPort });
  else {
    // Found on its pseudo-terminal by its HELLO, then connected on request as the Sensors page does.
    await eventually('the sensor found', async () => (await b.call<{ entries: { key: string }[] }>('sensors.list', {})).entries.some((e) => e.key === deviceId), 15_000);
    await b.call('sensors.connect', { key: deviceId });
  }
  await eventually('the sensor connected', async () => (await b.call<{ entries: { key: string; state: string }[] }>('sensors.list', {})).entries.some((e) => e.key === deviceId && e.state === 'connected'), 15_000);
  return b;
}

async function recordSeconds(b: RecordingTestBackend, deviceId: string, seconds: number): Promise<SessionDetail> {
  const { sessionId } = await sessionFor(b);
  const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: [deviceId] }, durationS: seconds });
  expect(capture.state).toBe('recording');
  await eventually('the fixed-length recording finished', async () => (await b.call<Capture[]>('captures.active', {})).length === 0, (seconds + 15) * 1000);
  return b.call<SessionDetail>('sessions.get', { id: sessionId });
}

function storedFile(b: RecordingTestBackend, recordingId: string): string {
  const row = b.db.prepare('SELECT path FROM recordings WHERE id = ?').get(recordingId) as { path: string };
  return path.join(b.dataDir, row.path);
}

describe.each(['tcp', 'serial'] as const)('recording from the simulated sensor over %s', (transport) => {
  it('keeps every stream of the device for the length asked, aligned by device time, and it still sounds like worn bearings', async () => {
    const deviceId = `rec-${transport}`;
    const b = await connected(transport, deviceId);
    const session = await recordSeconds(b, deviceId, 10);

    const audio = session.recordings.find((r) => r.stream === 'audio')!;
    const vibration = session.recordings.find((r) => r.stream === 'vibration')!;
    const readings = session.recordings.find((r) => r.stream === 'readings')!;
    for (const r of [audio, vibration, readings]) {
      expect(r, `${r?.stream}`).toMatchObject({ status: 'complete', stopReason: 'duration', deviceId, source: 'sensor' });
      expect(r.gaps, `${r.stream} gaps`).toEqual([]);
    }
    // Fixed length on the sensor's own clock: exactly 10 s of samples, not "about" 10 s of host time.
    expect(audio).toMatchObject({ sampleRate: 16_000, frames: 160_000 });
    expect(vibration.frames).toBe(10 * vibration.sampleRate!);
    expect(readings.frames).toBeGreaterThanOrEqual(9);
    // The streams start together on the device clock (one audio chunk apart at most).
    expect(Math.abs(audio.startUs! - vibration.startUs!)).toBeLessThan(50_000);
    expect(session.devices).toEqual([expect.objectContaining({ deviceId })]);

    // The file on disk is a finished WAV holding those samples, and the diagnosis hears the fault in it.
    const wav = decodeWav(fs.readFileSync(storedFile(b, audio.id)), 'audio.wav');
    expect(wav.frames).toBe(160_000);
    const diagnosis = await analyze(
      { signal: { modality: 'sound', sampleRate: wav.sampleRate, samples: wav.channels[0]! }, channels: 1, source: { kind: 'recording', recordingId: audio.id }, machine: {} },
      { models },
    );
    expect(diagnosis.condition?.key).toBe('bearing_wear');
  });
});

describe('recording from the simulated sensor while the link fails', () => {
  it('a pulled cable mid-recording leaves a marked gap, and the recording goes on when the sensor returns', async () => {
    const b = await connected('serial', 'rec-unplug');
    const { sessionId } = await sessionFor(b);
    // What the recorder has written, from its own progress events (not what the sensor says it sent:
    // on a loaded machine, bytes the simulator has written can sit in the pty and the serial process).
    let audioFrames = 0;
    const offProgress = b.events.subscribe((m) => {
      if (m.event !== 'capture.progress') return;
      const level = (m.payload as { levels: { stream: string; frames: number }[] }).levels.find((l) => l.stream === 'audio');
      if (level) audioFrames = level.frames;
    });
    const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: ['rec-unplug'] }, durationS: null });
    await eventually('2 s of audio recorded', () => audioFrames >= 32_000, 30_000);
    await sim!.disconnect(1500);
    await eventually('reconnected', async () => (await b.call<{ entries: { key: string; state: string }[] }>('sensors.list', {})).entries.some((e) => e.key === 'rec-unplug' && e.state === 'connected'), 30_000);
    // The gap reaches the recording when the first audio after the return is written; then 1.5 s more.
    const gapAt = await eventually('the disconnect gap in the recording', async () => {
      const detail = await b.call<SessionDetail>('sessions.get', { id: sessionId });
      return detail.recordings.find((r) => r.stream === 'audio')?.gaps.find((g) => g.reason === 'disconnect')?.atFrame;
    }, 30_000);
    await eventually('1.5 s of audio recorded after the return', () => audioFrames >= gapAt + 24_000, 30_000);
    offProgress();
    await b.call('captures.stop', { captureId: capture.id });
    const session = await b.call<SessionDetail>('sessions.get', { id: sessionId });
    const audio = session.recordings.find((r) => r.stream === 'audio')!;
    expect(audio.status).toBe('complete');
    const gap = audio.gaps.find((g) => g.reason === 'disconnect');
    expect(gap).toBeDefined();
    // Audio from before and after the unplug is kept: at least a second more than before the gap.
    expect(gap!.atFrame).toBeGreaterThan(16_000);
    expect(audio.frames).toBeGreaterThan(gap!.atFrame! + 16_000);
    expect(decodeWav(fs.readFileSync(storedFile(b, audio.id)), 'audio.wav').frames).toBe(audio.frames);
  });
});
