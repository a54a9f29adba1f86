import { afterEach, describe, expect, it } from 'vitest';
import type { Capture, CaptureDevice, IngestConsentState, SensorIngestStatus, SessionDetail } from '../../../../shared/contract';
import { type RecordingTestBackend, recordingBackend, sessionFor } from '../../testing/recording/recording-backend';

/**
 * Issue 14, case 9: a sensor of the existing firmware that only posts readings over HTTP could not
 * be recorded ("announced no streams"), so its readings never reached a session. Accepted on the
 * ingest, it is now a capture device with a readings stream, recorded like a TCP sensor's readings.
 */
let backend: RecordingTestBackend | null = null;
afterEach(async () => {
  await backend?.cleanup();
  backend = null;
});

async function ingestOnFreePort(b: RecordingTestBackend): Promise<string> {
  for (let port = 19_190 + Math.floor(Math.random() * 2000); ; port += 1) {
    const status = await b.call<SensorIngestStatus>('sensors.ingest.update', { enabled: true, lan: false, port });
    if (status.listening) return `http://127.0.0.1:${status.port}/api/iot/sensors/data`;
  }
}

describe('issue 14 case 9: a readings-only ingest sensor is recorded into the session', () => {
  it('appears in captures.devices with a readings stream once accepted, and every reading it posts during the capture is stored', async () => {
    const b = recordingBackend({ sensors: { mdns: false, ingest: true, simulatorPortDir: null } });
    backend = b;
    await b.start();
    const url = await ingestOnFreePort(b);
    const deviceId = 'esp32-walkin-3';
    const t0 = Math.floor(Date.now() / 1000);
    // Temperature and current only: the board has no microphone or accelerometer fitted.
    const post = (i: number) =>
      fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ device_id: deviceId, timestamp: t0 + i * 0.5, temperature: 4 + i / 10, current: 3 + i / 100, vibration: null, power_consumption: null, audio_level: null }),
      });

    expect((await post(0)).status).toBe(202);
    expect(await b.call<CaptureDevice[]>('captures.devices', {})).toEqual([]);
    const state = await b.call<IngestConsentState>('sensors.pending.accept', { deviceId });
    expect(state.accepted).toEqual([deviceId]);
    expect((await post(1)).status).toBe(200);
    expect(await b.call<CaptureDevice[]>('captures.devices', {})).toEqual([
      { deviceId, transport: 'http-ingest', address: '127.0.0.1', firmwareVersion: null, streams: ['readings'] },
    ]);

    const { sessionId } = await sessionFor(b);
    const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: [deviceId] }, durationS: null });
    expect(capture.recordingIds).toHaveLength(1);
    for (let i = 2; i < 8; i += 1) expect((await post(i)).status).toBe(200);
    await b.call('captures.stop', { captureId: capture.id });

    const detail = await b.call<SessionDetail>('sessions.get', { id: sessionId });
    expect(detail.recordings).toHaveLength(1);
    const recording = detail.recordings[0]!;
    expect(recording).toMatchObject({ deviceId, stream: 'readings', status: 'complete', frames: 6 });
    expect(recording.durationS).toBeCloseTo(2.5, 3);
    const stored = await b.call<{ total: number; points: { tUs: number; temperatureC: number | null; currentA: number | null }[] }>('recordings.readings', { id: recording.id });
    expect(stored.total).toBe(6);
    expect(stored.points.map((p) => [p.temperatureC, p.currentA])).toEqual([2, 3, 4, 5, 6, 7].map((i) => [4 + i / 10, 3 + i / 100]));
    // Placed on the sensor's own clock: half a second apart, as it sampled them.
    expect(stored.points.map((p) => p.tUs - stored.points[0]!.tUs)).toEqual([0, 500_000, 1_000_000, 1_500_000, 2_000_000, 2_500_000]);
  });
});
