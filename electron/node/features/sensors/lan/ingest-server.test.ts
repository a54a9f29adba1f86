import { afterEach, describe, expect, it } from 'vitest';
import { eventually, recorder, testHub, type TestHub } from '../../../testing/sensors/hub-fixture';

/** The existing firmware's HTTP endpoints, answered as the SignalCraft server answers them. */
let t: TestHub;
afterEach(async () => t.close());

const reading = {
  device_id: 'esp32-legacy-7',
  timestamp: 1_790_000_000,
  temperature: 5.5,
  vibration: { x: 0.01, y: 0.02, z: 1.01 },
  power_consumption: 850,
  audio_level: 61,
  sensor_quality: 0.9,
};

async function ingestOnFreePort(): Promise<string> {
  t = testHub({ ingest: true });
  // Port 0 is not a valid setting; find a free one the way the technician would: try one.
  for (let port = 15_190 + Math.floor(Math.random() * 2000); ; port += 1) {
    const status = await t.hub.updateIngest({ enabled: true, lan: false, port });
    if (status.listening) return `http://127.0.0.1:${status.port}`;
  }
}

const post = (base: string, path: string, body: string | Buffer, headers: Record<string, string>) => fetch(`${base}${path}`, { method: 'POST', body, headers });
const json = { 'Content-Type': 'application/json' };

/** What the technician does for a new sensor (issue 14, case 6): it posts, waits as pending, and is accepted. */
async function acceptDevice(base: string, deviceId: string): Promise<void> {
  const first = await post(base, '/api/iot/sensors/data', JSON.stringify({ ...reading, device_id: deviceId }), json);
  expect(first.status).toBe(202);
  await first.body?.cancel();
  t.hub.ingest.accept(deviceId);
}

describe('ingest endpoint for the existing firmware', () => {
  it('accepts a reading and delivers it as a Reading of that sensor', async () => {
    const base = await ingestOnFreePort();
    await t.hub.start();
    const rec = recorder(t.hub, 'esp32-legacy-7');
    await acceptDevice(base, 'esp32-legacy-7');
    const response = await post(base, '/api/iot/sensors/data', JSON.stringify(reading), json);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ success: true, message: 'Sensor data received', device_id: 'esp32-legacy-7' });
    expect(rec.of('reading')[0]).toMatchObject({ temperatureC: 5.5, powerW: 850, audioLevelDb: 61, quality: 0.9, vibrationG: { x: 0.01, y: 0.02, z: 1.01 }, deviceTimeUs: 1_790_000_000_000_000 });
    const entry = t.hub.snapshot().entries.find((e) => e.key === 'esp32-legacy-7')!;
    expect(entry).toMatchObject({ transport: 'http-ingest', source: 'ingest', state: 'connected', address: '127.0.0.1' });
    expect(entry.health).toMatchObject({ legacyReadings: 1 });
  });

  it('answers 400 with the server’s words for each missing field', async () => {
    const base = await ingestOnFreePort();
    await acceptDevice(base, reading.device_id);
    for (const field of ['device_id', 'timestamp', 'temperature', 'vibration', 'power_consumption', 'audio_level']) {
      const body: Record<string, unknown> = { ...reading };
      delete body[field];
      const response = await post(base, '/api/iot/sensors/data', JSON.stringify(body), json);
      expect(response.status, field).toBe(400);
      expect(await response.json()).toEqual({ error: `Missing required field: ${field}` });
    }
    const optional: Record<string, unknown> = { ...reading };
    delete optional.sensor_quality;
    expect((await post(base, '/api/iot/sensors/data', JSON.stringify(optional), json)).status).toBe(200);
  });

  it('refuses what is not a sensor’s request: bad JSON, wrong types, a web page, other paths', async () => {
    const base = await ingestOnFreePort();
    let r = await post(base, '/api/iot/sensors/data', '{"device_id":', json);
    expect([r.status, await r.json()]).toEqual([400, { error: 'Invalid JSON' }]);
    r = await post(base, '/api/iot/sensors/data', JSON.stringify({ ...reading, temperature: 'hot' }), json);
    expect([r.status, await r.json()]).toEqual([400, { error: 'Invalid field: temperature (expected a number)' }]);
    r = await post(base, '/api/iot/sensors/data', JSON.stringify(reading), { 'Content-Type': 'text/plain' });
    expect(r.status).toBe(415);
    r = await post(base, '/api/iot/sensors/data', JSON.stringify(reading), { ...json, Origin: 'http://evil.example' });
    expect(r.status).toBe(403);
    r = await fetch(`${base}/api/iot/sensors/data`);
    expect(r.status).toBe(405);
    r = await fetch(`${base}/anything`);
    expect(r.status).toBe(404);
  });

  it('takes raw PCM uploads with the firmware’s headers', async () => {
    const base = await ingestOnFreePort();
    await t.hub.start();
    const rec = recorder(t.hub, 'esp32-mic-1');
    await acceptDevice(base, 'esp32-mic-1');
    const pcm = Buffer.alloc(3200);
    for (let i = 0; i < 1600; i += 1) pcm.writeInt16LE(Math.round(8000 * Math.sin(i / 5)), i * 2);
    const headers = { 'X-Device-ID': 'esp32-mic-1', 'X-Sample-Rate': '16000', 'X-Bits-Per-Sample': '16', 'X-Priority': 'normal' };
    let r = await post(base, '/api/esp32/audio/upload', pcm, headers);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ success: true, device_id: 'esp32-mic-1', samples: 1600, duration_s: 0.1 });
    expect((await post(base, '/api/esp32/audio/upload', pcm, headers)).status).toBe(200);
    const audio = rec.of('audio');
    expect(audio.map((a) => [a.firstSample, a.samples.length, a.sampleRate])).toEqual([
      [0, 1600, 16_000],
      [1600, 1600, 16_000],
    ]);
    expect(audio[0]!.samples[5]).toBe(pcm.readInt16LE(10));

    r = await post(base, '/api/esp32/audio/upload', pcm, { ...headers, 'X-Device-ID': '' });
    expect([r.status, await r.json()]).toEqual([400, { error: 'Missing required header: X-Device-ID' }]);
    r = await post(base, '/api/esp32/audio/upload', pcm, { 'X-Device-ID': 'x' });
    expect([r.status, await r.json()]).toEqual([400, { error: 'Missing required header: X-Sample-Rate' }]);
    r = await post(base, '/api/esp32/audio/upload', pcm, { ...headers, 'X-Bits-Per-Sample': '24' });
    expect(r.status).toBe(400);
    r = await post(base, '/api/esp32/audio/upload', pcm.subarray(0, 3), headers);
    expect(r.status).toBe(400);
  });

  it('listens on loopback only unless the technician turns on the LAN, and says when the port is taken', async () => {
    const base = await ingestOnFreePort();
    const port = Number(new URL(base).port);
    expect(t.hub.snapshot().ingest).toMatchObject({ listening: true, lan: false, urls: [`http://127.0.0.1:${port}/api/iot/sensors/data`] });
    const other = testHub({ ingest: true });
    try {
      const status = await other.hub.updateIngest({ enabled: true, port });
      expect(status.listening).toBe(false);
      expect(status.error).toEqual({ code: 'port_in_use', port, detail: null });
    } finally {
      await other.close();
    }
    const off = await t.hub.updateIngest({ enabled: false });
    expect(off).toMatchObject({ listening: false, enabled: false });
    await expect(fetch(base)).rejects.toThrow();
    await eventually('the setting kept', () => t.store.ingestSettings().enabled === false);
  });
});

describe('issue 14 case 6: device ids from the unauthenticated ingest are validated', () => {
  it('refuses ids with NUL, ESC, markup or over 64 characters with a clear 400, and stores nothing of them', async () => {
    const base = await ingestOnFreePort();
    await t.hub.start();
    const hostile = ['esp\u0000nul', 'esp\u001b[31mred', '<img src=x onerror=alert(1)>', 'a'.repeat(65), ' padded', 'rtl\u202eevil'];
    for (const id of hostile) {
      const response = await post(base, '/api/iot/sensors/data', JSON.stringify({ ...reading, device_id: id }), json);
      expect(response.status, JSON.stringify(id)).toBe(400);
      expect(((await response.json()) as { error: string }).error, JSON.stringify(id)).toMatch(/^Invalid field: device_id \(/);
    }
    const audio = await post(base, '/api/esp32/audio/upload', Buffer.alloc(3200), { 'X-Device-ID': 'esp<b>', 'X-Sample-Rate': '16000', 'X-Bits-Per-Sample': '16', 'Content-Type': 'application/octet-stream' });
    expect(audio.status).toBe(400);
    expect(((await audio.json()) as { error: string }).error).toMatch(/^Invalid header: X-Device-ID \(/);
    expect(t.hub.snapshot().entries.map((e) => e.key)).toEqual([]);
    // An ordinary id is still welcome: it waits for the technician's consent.
    expect((await post(base, '/api/iot/sensors/data', JSON.stringify({ ...reading, device_id: 'Walk-in cooler 2: ESP32' }), json)).status).toBe(202);
    expect(t.hub.ingest.consent.state().pending.map((p) => p.deviceId)).toEqual(['Walk-in cooler 2: ESP32']);
  });
});
