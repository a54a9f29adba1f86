import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ReferenceServer, startReferenceServer } from './server';

/** The reference server answers exactly as docs/server-api.md says, existing endpoints included. */
let server: ReferenceServer;
let dir: string;
let cookie: string;
const sha = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('hex');
const REPORT = '01900000-0000-7000-8000-000000000001';
const FILE = '01900000-0000-7000-8000-000000000002';
const AUDIO = crypto.randomBytes(100_000);
const PDF = Buffer.from('%PDF-1.7\n% a tiny test document\n%%EOF\n');

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-ref-'));
  server = await startReferenceServer({ dataDir: dir, users: [{ username: 'kim', password: 'pw', name: '김기사' }] });
  const res = await post('/api/auth/login', { username: 'kim', password: 'pw' });
  cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
});
afterEach(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const req = (method: string, p: string, body?: string | Buffer, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${p}`, {
    method,
    headers: { Cookie: cookie, ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : new Uint8Array(body) }),
  });
const post = (p: string, body: unknown) => fetch(`${server.url}${p}`, { method: 'POST', body: JSON.stringify(body) });
const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> });

function metadata(overrides: Record<string, unknown> = {}) {
  return {
    schema: 'signalcraft.field-report/1',
    reportId: REPORT,
    app: { name: 'SignalCraft Field', version: '0.1.0' },
    session: { id: REPORT, startedAt: '2026-03-02T01:30:00.000Z', endedAt: null, technician: '김기사', notes: null, tags: [] },
    customer: { name: '행복마트' },
    site: { id: REPORT, name: '강남점', address: null },
    asset: { id: REPORT, name: '압축기', kind: 'compressor', maker: null, model: null, serialNumber: null, refrigerant: null, assetTag: null, location: null },
    diagnosis: null,
    signature: null,
    recordings: [
      { id: FILE, stream: 'audio', source: 'sensor', deviceId: null, sampleRate: 16000, channels: 1, durationS: 3, startedAt: '2026-03-02T01:30:00.000Z', status: 'complete', contentType: 'audio/wav', bytes: AUDIO.length, sha256: sha(AUDIO) },
    ],
    photos: [],
    readings: { count: 2, batches: [{ id: `${FILE}.0`, count: 2 }] },
    document: { id: FILE, language: 'ko', contentType: 'application/pdf', bytes: PDF.length, sha256: sha(PDF) },
    ...overrides,
  };
}
const putReport = (body: unknown, key = 'key-1') => req('PUT', `/api/field/v1/reports/${REPORT}`, JSON.stringify(body), { 'Idempotency-Key': key });
const patch = (offset: number, chunk: Buffer, extra: Record<string, string> = {}) =>
  req('PATCH', `/api/field/v1/reports/${REPORT}/recordings/${FILE}`, chunk, {
    'Content-Type': 'application/offset+octet-stream',
    'Upload-Offset': String(offset),
    'Chunk-SHA256': sha(chunk),
    ...extra,
  });
const reading = (t: number) => ({ device_id: 'esp32-a1', timestamp: t, temperature: 4.5, vibration: { x: 0, y: 0, z: 1 }, power_consumption: 800, audio_level: 60 });

describe('existing endpoints, exact shapes', () => {
  it('login: 400 for bad JSON and missing fields, 401 for a wrong password, 200 with the user and a session cookie', async () => {
    expect(await json(await fetch(`${server.url}/api/auth/login`, { method: 'POST', body: '{nope' }))).toEqual({ status: 400, body: { error: 'Invalid JSON' } });
    expect(await json(await post('/api/auth/login', { password: 'pw' }))).toEqual({ status: 400, body: { error: 'Missing required field: username' } });
    expect(await json(await post('/api/auth/login', { username: 'kim' }))).toEqual({ status: 400, body: { error: 'Missing required field: password' } });
    expect(await json(await post('/api/auth/login', { username: 'kim', password: 'no' }))).toEqual({ status: 401, body: { success: false, error: 'Invalid username or password' } });
    const ok = await post('/api/auth/login', { username: 'kim', password: 'pw' });
    expect(ok.headers.getSetCookie()[0]).toMatch(/^session=[\w-]+; HttpOnly; Path=\/; SameSite=Lax/);
    expect(await json(ok)).toEqual({ status: 200, body: { success: true, user: { id: 1, username: 'kim', name: '김기사' } } });
  });

  it('verify: 200 while the session lives, 401 after it expired', async () => {
    expect(await json(await req('GET', '/api/auth/verify'))).toEqual({ status: 200, body: { valid: true, user: { id: 1, username: 'kim', name: '김기사' } } });
    server.store.expireAllSessions();
    expect(await json(await req('GET', '/api/auth/verify'))).toEqual({ status: 401, body: { valid: false, error: 'Not authenticated' } });
  });

  it('sensor data: names the first missing required field, and stores a repeat twice as the existing server does', async () => {
    const full = reading(1740819600.25);
    for (const field of ['device_id', 'timestamp', 'temperature', 'vibration', 'power_consumption', 'audio_level']) {
      const body: Record<string, unknown> = { ...full };
      delete body[field];
      expect(await json(await post('/api/iot/sensors/data', body))).toEqual({ status: 400, body: { error: `Missing required field: ${field}` } });
    }
    expect(await json(await post('/api/iot/sensors/data', full))).toEqual({ status: 200, body: { success: true, message: 'Data received', id: 1 } });
    expect((await json(await post('/api/iot/sensors/data', { ...full, sensor_quality: 0.9 }))).body.id).toBe(2);
  });
});

describe('field reports v1', () => {
  it('needs a session', async () => {
    const res = await fetch(`${server.url}/api/field/v1/reports/${REPORT}`);
    expect(await json(res)).toEqual({ status: 401, body: { error: 'Authentication required', code: 'unauthorized' } });
    expect((await json(await fetch(`${server.url}/api/field/v1/health`))).body).toEqual({ ok: true, api: 'signalcraft.field/1' });
  });

  it('metadata: creates, recognises a repeat, refuses a reused key, names a bad field, and makes revisions', async () => {
    expect((await json(await req('PUT', `/api/field/v1/reports/${REPORT}`, JSON.stringify(metadata())))).body.code).toBe('missing_idempotency_key');
    const bad = await json(await putReport(metadata({ recordings: [{ ...metadata().recordings[0], sha256: 'xyz' }] })));
    expect(bad).toMatchObject({ status: 400, body: { code: 'invalid_report', field: 'recordings.0.sha256' } });

    expect((await putReport(metadata())).status).toBe(201);
    const again = await json(await putReport(metadata()));
    expect(again).toMatchObject({ status: 200, body: { replayed: true, revision: 1, complete: false } });
    expect((await json(await putReport(metadata({ signature: { signerName: 'x', signedAt: '2026-03-02T02:00:00.000Z' } })))).body.code).toBe('idempotency_key_reused');
    expect(await json(await putReport(metadata({ signature: { signerName: 'x', signedAt: '2026-03-02T02:00:00.000Z' } }), 'key-2'))).toMatchObject({ status: 200, body: { revision: 2 } });
    const conflict = await json(await putReport(metadata({ recordings: [{ ...metadata().recordings[0], bytes: 5 }] }), 'key-3'));
    expect(conflict).toMatchObject({ status: 409, body: { code: 'file_conflict', field: 'recordings.0.sha256' } });
  });

  it('chunks: resume from the server offset, refuse damage, and verify the whole file', async () => {
    await putReport(metadata());
    const first = AUDIO.subarray(0, 40_000);
    expect((await json(await patch(0, first, { 'Content-Type': 'application/octet-stream' }))).status).toBe(415);
    expect((await json(await patch(0, first, { 'Chunk-SHA256': sha('other') }))).body.code).toBe('chunk_checksum_mismatch');
    expect(await json(await patch(0, first))).toMatchObject({ status: 200, body: { received: 40_000, complete: false } });
    // The same chunk again (its answer was lost): the server says where it is.
    expect(await json(await patch(0, first))).toMatchObject({ status: 409, body: { code: 'offset_mismatch', received: 40_000 } });
    expect((await json(await patch(40_000, Buffer.alloc(70_000)))).body.code).toBe('exceeds_declared_size');
    // Right length, wrong content: every chunk verifies, the whole does not; the server starts over.
    const wrongEnd = Buffer.from(AUDIO.subarray(40_000));
    wrongEnd.writeUInt8(wrongEnd.readUInt8(0) ^ 1, 0);
    expect(await json(await patch(40_000, wrongEnd))).toMatchObject({ status: 422, body: { code: 'file_checksum_mismatch', received: 0 } });
    expect((await json(await req('GET', `/api/field/v1/reports/${REPORT}/recordings/${FILE}`))).body).toMatchObject({ received: 0 });
    await patch(0, first);
    expect(await json(await patch(40_000, AUDIO.subarray(40_000)))).toMatchObject({ status: 200, body: { received: AUDIO.length, complete: true } });
    expect(fs.readFileSync(server.store.filePath(REPORT, 'recordings', FILE)).equals(AUDIO)).toBe(true);
  });

  it('readings and the PDF: validated like the existing endpoint, stored once, repeats recognised', async () => {
    await putReport(metadata());
    const batch = `/api/field/v1/reports/${REPORT}/readings/${FILE}.0`;
    const { temperature: _t, ...noTemperature } = reading(2);
    expect(await json(await req('PUT', batch, JSON.stringify({ readings: [reading(1), noTemperature] })))).toMatchObject({
      status: 400,
      body: { code: 'invalid_reading', error: 'Missing required field: temperature', index: 1 },
    });
    expect((await json(await req('PUT', batch, JSON.stringify({ readings: [reading(1)] })))).body.code).toBe('count_mismatch');
    const body = JSON.stringify({ readings: [reading(1), { ...reading(2), temperature: null }] });
    expect((await req('PUT', batch, body)).status).toBe(201);
    expect((await json(await req('PUT', batch, body))).body).toMatchObject({ replayed: true });
    expect((await json(await req('PUT', batch, JSON.stringify({ readings: [reading(3), reading(4)] })))).body.code).toBe('batch_conflict');
    expect(server.store.readingCount(REPORT)).toBe(2);

    const doc = `/api/field/v1/reports/${REPORT}/document`;
    expect((await json(await req('PUT', doc, PDF, { 'Content-Type': 'application/pdf', 'Content-SHA256': sha('x') }))).body.code).toBe('checksum_mismatch');
    const other = Buffer.from('%PDF-1.7 other');
    expect((await json(await req('PUT', doc, other, { 'Content-Type': 'application/pdf', 'Content-SHA256': sha(other) }))).body.code).toBe('document_mismatch');
    expect((await req('PUT', doc, PDF, { 'Content-Type': 'application/pdf', 'Content-SHA256': sha(PDF) })).status).toBe(201);
    expect((await json(await req('PUT', doc, PDF, { 'Content-Type': 'application/pdf', 'Content-SHA256': sha(PDF) }))).body).toMatchObject({ replayed: true });
    expect(Buffer.from(await (await req('GET', doc)).arrayBuffer()).equals(PDF)).toBe(true);
  });
});

describe('fault injection', () => {
  it('answers 502 as a proxy does, 503 with Retry-After, and cuts or loses answers on request', async () => {
    server.faults.add({ kind: 'status502' });
    const proxied = await req('GET', '/api/field/v1/health');
    expect(proxied.status).toBe(502);
    expect(await proxied.text()).toContain('502 Bad Gateway');
    server.faults.add({ kind: 'status503', retryAfterS: 7 });
    const busy = await req('GET', '/api/field/v1/health');
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).toBe('7');

    server.faults.add({ kind: 'lose_response', method: 'PUT' });
    await expect(putReport(metadata())).rejects.toThrow();
    // ... yet the report was stored: the answer, not the work, was lost.
    expect(server.store.report(REPORT)?.revision).toBe(1);

    server.faults.add({ kind: 'cut', method: 'PATCH' });
    await expect(patch(0, AUDIO)).rejects.toThrow();
    expect(server.store.fileState(REPORT, 'recordings', FILE)?.received).toBe(0);
    expect(server.faults.counts()).toEqual({ status502: 1, status503: 1, lose_response: 1, cut: 1 });
  });

  it('a throttled link is never faster than its rate', async () => {
    // A virtual clock: the throttle's own arithmetic is checked, not how fast this machine is.
    let virtualMs = 0;
    server.link.clock = { now: () => virtualMs, sleep: async (ms) => void (virtualMs += ms) };
    server.link.setRate(200_000);
    await putReport(metadata());
    const started = virtualMs;
    await patch(0, AUDIO.subarray(0, 60_000));
    await patch(60_000, AUDIO.subarray(60_000));
    // 100 kB at 200 kB/s: the link held the body back for half a second of link time, at least.
    expect(virtualMs - started).toBeGreaterThanOrEqual(500 - 1);
  });

  it('stops serving while "offline" and serves the same data again when back', async () => {
    await putReport(metadata());
    await server.stop();
    await expect(req('GET', '/api/field/v1/health')).rejects.toThrow();
    await server.start();
    expect((await json(await req('GET', `/api/field/v1/reports/${REPORT}`))).body).toMatchObject({ revision: 1 });
  });
});

describe('revisions', () => {
  it('a new revision keeps every earlier one: its metadata and its PDF stay on the server', async () => {
    const pdf2 = Buffer.from('%PDF-1.7\n% the second revision\n%%EOF\n');
    expect((await putReport(metadata({ verdict: { effective: { status: 'pending' } } }), 'rev-1')).status).toBe(201);
    expect((await req('PUT', `/api/field/v1/reports/${REPORT}/document`, PDF, { 'Content-Type': 'application/pdf', 'Content-SHA256': sha(PDF) })).status).toBe(201);
    const second = metadata({
      verdict: { effective: { status: 'fault' } },
      document: { id: REPORT, language: 'ko', contentType: 'application/pdf', bytes: pdf2.length, sha256: sha(pdf2) },
    });
    expect(await json(await putReport(second, 'rev-2'))).toMatchObject({ status: 200, body: { revision: 2 } });
    // The same key and body again is a repeat, not a third revision.
    expect(await json(await putReport(second, 'rev-2'))).toMatchObject({ status: 200, body: { revision: 2, replayed: true } });
    expect((await req('PUT', `/api/field/v1/reports/${REPORT}/document`, pdf2, { 'Content-Type': 'application/pdf', 'Content-SHA256': sha(pdf2) })).status).toBe(201);

    const { status, body } = await json(await req('GET', `/api/field/v1/reports/${REPORT}/revisions`));
    expect(status).toBe(200);
    const revisions = body.revisions as { revision: number; metadata: { verdict: { effective: { status: string } } }; document: { sha256: string; stored: boolean } }[];
    expect(revisions.map((r) => [r.revision, r.metadata.verdict.effective.status, r.document.stored])).toEqual([
      [1, 'pending', true],
      [2, 'fault', true],
    ]);
    expect(revisions[0]!.document.sha256).toBe(sha(PDF));
    expect((await req('GET', '/api/field/v1/reports/01900000-0000-7000-8000-00000000ffff/revisions')).status).toBe(404);
  });
});
