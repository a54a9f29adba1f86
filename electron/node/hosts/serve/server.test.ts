import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { METHOD_NAMES, type ServerMessage } from '../../../../shared/contract';
import { CONTENT_SECURITY_POLICY } from '../../../../shared/security/csp';
import { silentLogger } from '../../platform/logging/log';
import { encodePcm16Wav } from '../../platform/audio/wav';
import { tempDir, testBackend } from '../../testing/fixtures';
import { type RunningServer, startServer } from './server';
import { eventually } from '../../testing/eventually';

let backend: ReturnType<typeof testBackend>;
let ui: { dir: string; cleanup: () => void };
let server: RunningServer;

beforeEach(() => {
  backend = testBackend();
  ui = tempDir('scf-ui-');
  fs.writeFileSync(path.join(ui.dir, 'index.html'), '<!doctype html><title>SignalCraft Field</title>');
});
afterEach(async () => {
  await server?.close();
  await backend.cleanup();
  ui.cleanup();
});

const start = async (lan = false) => {
  server = await startServer({
    backend,
    log: silentLogger(),
    rendererDir: ui.dir,
    port: 0,
    lan,
    ...(lan ? { pairingToken: 'pair-token-for-tests-0123456789' } : {}),
  });
  return server;
};

/** A raw HTTP GET to 127.0.0.1 with chosen headers (fetch would not let us forge Host). */
function get(port: number, urlPath: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
  });
}

/** A WebSocket client that collects everything the server sends. */
async function connect(port: number, options: WebSocket.ClientOptions = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/api/ws`, options);
  const received: ServerMessage[] = [];
  const waiters: (() => void)[] = [];
  ws.on('message', (data) => {
    received.push(JSON.parse(data.toString()) as ServerMessage);
    for (const w of waiters.splice(0)) w();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (req, res) => {
      req.destroy();
      reject(new Error(`HTTP ${res.statusCode}`));
    });
  });
  const next = async (predicate: (m: ServerMessage) => boolean) => {
    for (;;) {
      const found = received.find(predicate);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  let id = 0;
  const call = async (method: string, params: unknown) => {
    id += 1;
    const mine = id;
    ws.send(JSON.stringify({ type: 'call', id: mine, method, params }));
    return next((m) => m.type === 'result' && m.id === mine);
  };
  return { ws, call, next, sendRaw: (data: string | Buffer) => ws.send(data) };
}

describe('serve mode, loopback', () => {
  it('serves the UI with the strict security headers', async () => {
    const { port } = await start();
    const res = await get(port, '/', { host: `127.0.0.1:${port}` });
    expect(res.status).toBe(200);
    expect(res.body).toContain('SignalCraft Field');
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const { port } = await start();
    const res = await get(port, '/', { host: `evil.example:${port}` });
    expect(res.status).toBe(421);
  });

  it('carries contract calls over the WebSocket, with the same results as the dispatcher', async () => {
    const { port } = await start();
    const client = await connect(port);
    const created = await client.call('sites.create', { name: 'Loopback Mart' });
    expect(created).toMatchObject({ type: 'result', ok: true, result: { name: 'Loopback Mart' } });
    const listed = await client.call('sites.list', {});
    expect(listed.type === 'result' && listed.ok && (listed.result as unknown[]).length).toBe(1);
    client.ws.close();
  });

  it('answers malformed frames and payloads for every method with structured errors and stays up', async () => {
    const { port } = await start();
    const client = await connect(port);
    client.sendRaw('this is not json');
    expect(await client.next((m) => m.type === 'result' && m.id === -1)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    client.sendRaw(JSON.stringify({ type: 'call', id: 9000 }));
    expect(await client.next((m) => m.type === 'result' && m.id === 9000)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    client.sendRaw(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    for (const method of METHOD_NAMES) {
      const outcome = await client.call(method, 12345);
      expect(outcome, method).toMatchObject({ ok: false, error: { code: 'invalid_params' } });
    }
    // Still serving after all of that.
    expect(await client.call('app.info', {})).toMatchObject({ ok: true });
    client.ws.close();
  });

  it('refuses a WebSocket opened by a page of another origin', async () => {
    const { port } = await start();
    const client = await connect(port, { origin: 'http://evil.example' });
    const closed = await new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
    expect(closed).toBe(1008);
  });

  it('pushes register changes to every other connected client', async () => {
    const { port } = await start();
    const laptop = await connect(port);
    const tablet = await connect(port);
    const created = await laptop.call('sites.create', { name: 'Shared view' });
    const id = created.type === 'result' && created.ok ? (created.result as { id: string }).id : '';
    const pushed = await tablet.next((m) => m.type === 'event' && m.event === 'register.changed');
    expect(pushed).toMatchObject({ payload: { entity: 'site', id } });
    laptop.ws.close();
    tablet.ws.close();
  });
});

describe('serve mode on the LAN', () => {
  const token = 'pair-token-for-tests-0123456789';

  it('refuses every request without the pairing token', async () => {
    const { port } = await start(true);
    const res = await get(port, '/', { host: `192.168.0.10:${port}` });
    expect(res.status).toBe(401);
    expect(res.body).toMatch(/pairing link/);
    await expect(connect(port)).rejects.toThrow(/401/);
    const wrong = await get(port, '/', { host: `192.168.0.10:${port}`, cookie: 'sc_pair=guess' });
    expect(wrong.status).toBe(401);
  });

  it('trades the token in the pairing link for a cookie and drops it from the address', async () => {
    const { port } = await start(true);
    const res = await get(port, `/?pair=${token}`, { host: `192.168.0.10:${port}` });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await get(port, '/', { host: `192.168.0.10:${port}`, cookie: `sc_pair=${token}` });
    expect(page.status).toBe(200);
    const client = await connect(port, { headers: { cookie: `sc_pair=${token}` } });
    expect(await client.call('app.info', {})).toMatchObject({ ok: true });
    client.ws.close();
  });
});

describe('serve mode on the LAN: every way in needs the token', () => {
  const token = 'pair-token-for-tests-0123456789';
  const lanHost = (port: number) => ({ host: `192.168.0.10:${port}` });

  it('refuses every route, the WebSocket and downloads without it, and with near misses of it', async () => {
    const { port } = await start(true);
    fs.mkdirSync(path.join(ui.dir, 'assets'));
    fs.writeFileSync(path.join(ui.dir, 'assets', 'app.js'), 'export {}');
    const routes = ['/', '/index.html', '/assets/app.js', '/api/ready', '/api/ws', '/api/diagnostics/signalcraft-diagnostics-20260101T000000Z.zip', '/nope'];
    const nearMisses: Record<string, string>[] = [
      {},
      { cookie: `sc_pair=${token.slice(0, -1)}x` },
      { cookie: `sc_pair=${token}x` },
      { cookie: `other=${token}` },
      { cookie: `sc_pair=${token.toUpperCase()}` },
      { authorization: `Bearer ${token.slice(1)}` },
      { 'x-pairing-token': token },
    ];
    for (const route of routes) {
      for (const headers of nearMisses) {
        const res = await get(port, route, { ...lanHost(port), ...headers });
        expect(res.status, `${route} ${JSON.stringify(headers)}`).toBe(401);
      }
      const wrongQuery = await get(port, `${route}?pair=${token.slice(0, -1)}`, lanHost(port));
      expect(wrongQuery.status, `${route}?pair=wrong`).toBe(401);
      expect(wrongQuery.headers['set-cookie']).toBeUndefined();
    }
    await expect(connect(port, { headers: { cookie: 'sc_pair=guess' } })).rejects.toThrow(/401/);
    await expect(connect(port, { headers: { authorization: 'Bearer guess' } })).rejects.toThrow(/401/);
  });

  it('accepts the token as a bearer header too (scripts, a site gateway)', async () => {
    const { port } = await start(true);
    const res = await get(port, '/api/ready', { ...lanHost(port), authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    const client = await connect(port, { headers: { authorization: `Bearer ${token}` } });
    expect(await client.call('app.info', {})).toMatchObject({ ok: true });
    client.ws.close();
  });

  it('serves a diagnostics bundle to a paired browser, and nothing but bundles', async () => {
    const { port } = await start(true);
    const made = await backend.dispatcher.dispatch('diagnostics.export', {}, { transport: 'test' });
    const fileName = (made as { result: { fileName: string } }).result.fileName;
    const paired = { ...lanHost(port), cookie: `sc_pair=${token}` };
    const res = await get(port, `/api/diagnostics/${fileName}`, paired);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${fileName}"`);
    for (const name of ['..%2Fsignalcraft.db', 'signalcraft.db', '..%2F..%2Fetc%2Fpasswd', 'signalcraft-diagnostics-20990101T000000Z.zip']) {
      expect((await get(port, `/api/diagnostics/${name}`, paired)).status, name).toBe(404);
    }
  });
});

describe('issue 14 case 5: per-connection limits on unanswered calls and answer bytes', () => {
  const limits = { maxInFlight: 4, answerBacklogBytes: 256 * 1024, stalledCloseMs: 60_000, maxWaitingFrames: 4096 };

  /** A 20 s recording in a visit, imported through the contract, whose waveform answers are large. */
  async function recordingId(): Promise<string> {
    const call = async <T>(method: string, params: unknown): Promise<T> => {
      const outcome = await backend.dispatcher.dispatch(method, params, { transport: 'test' });
      if (!outcome.ok) throw new Error(`${method}: ${outcome.error.message}`);
      return outcome.result as T;
    };
    const site = await call<{ id: string }>('sites.create', { name: 'Limits Mart' });
    const asset = await call<{ id: string }>('assets.create', { siteId: site.id, name: 'Compressor', kind: 'compressor' });
    const session = await call<{ id: string }>('sessions.create', { assetId: asset.id });
    const samples = new Int16Array(16_000 * 20).map((_, i) => Math.round(8000 * Math.sin(i / 7) + 3000 * Math.sin(i / 113)));
    const bytes = encodePcm16Wav(samples, 16_000);
    const { uploadId, chunkBytes } = await call<{ uploadId: string; chunkBytes: number }>('uploads.begin', { name: 'tone.wav', bytes: bytes.length, purpose: 'recording' });
    for (let seq = 0, at = 0; at < bytes.length; seq += 1, at += chunkBytes) {
      await call('uploads.chunk', { uploadId, seq, data: bytes.subarray(at, at + chunkBytes).toString('base64') });
    }
    const [recording] = await call<{ id: string }[]>('recordings.import', { sessionId: session.id, uploadId });
    return recording!.id;
  }

  it('a client that stops reading holds at most its backlog plus a few answers, and another client is answered meanwhile', async () => {
    server = await startServer({ backend, log: silentLogger(), rendererDir: ui.dir, port: 0, lan: false, socketLimits: limits });
    const id = await recordingId();
    const polite = await connect(server.port);
    const sample = await polite.call('recordings.waveform', { id, buckets: 4096 });
    expect(sample).toMatchObject({ ok: true });
    const answerBytes = JSON.stringify(sample).length;

    const hostile = await connect(server.port);
    hostile.ws.pause(); // stops reading: what the server sends piles up on its side
    const CALLS = 300;
    for (let i = 0; i < CALLS; i += 1) hostile.ws.send(JSON.stringify({ type: 'call', id: 100_000 + i, method: 'recordings.waveform', params: { id, buckets: 4096 } }));
    const hostileGate = () => server.connections().find((c) => c.paused);
    await eventually('the silent client pushed back on', () => (hostileGate()?.bufferedBytes ?? 0) > limits.answerBacklogBytes / 2);

    // The other client is served while the silent one is held.
    for (let i = 0; i < 10; i += 1) expect(await polite.call('recordings.waveform', { id, buckets: 4096 })).toMatchObject({ ok: true });
    const held = hostileGate()!;
    expect(held.inFlight).toBeLessThanOrEqual(limits.maxInFlight);
    // The stated bound: the backlog limit plus the answers of the calls in flight.
    expect(held.peakBufferedBytes).toBeLessThanOrEqual(limits.answerBacklogBytes + (limits.maxInFlight + 1) * answerBytes);

    // Reading again, it gets every answer.
    const answered = new Set<number>();
    hostile.ws.on('message', (data) => {
      // Answers only: broadcast events (no id) reach every connection too.
      const message = JSON.parse(data.toString()) as { type: string; id: number };
      if (message.type === 'result') answered.add(message.id);
    });
    hostile.ws.resume();
    await eventually('every call answered', () => answered.size >= CALLS, 60_000);
    expect(answered.size).toBe(CALLS);
    polite.ws.close();
    hostile.ws.close();
  }, 120_000);

  it('disconnects a client whose answers are not read for the stated time, and keeps serving the others', async () => {
    server = await startServer({ backend, log: silentLogger(), rendererDir: ui.dir, port: 0, lan: false, socketLimits: { ...limits, stalledCloseMs: 500 } });
    const id = await recordingId();
    const polite = await connect(server.port);
    const hostile = await connect(server.port);
    hostile.ws.pause();
    for (let i = 0; i < 300; i += 1) hostile.ws.send(JSON.stringify({ type: 'call', id: i + 1, method: 'recordings.waveform', params: { id, buckets: 4096 } }));
    await eventually('the silent client disconnected', () => server.connections().length === 1, 30_000);
    expect(await polite.call('recordings.waveform', { id, buckets: 64 })).toMatchObject({ ok: true });
    polite.ws.close();
  }, 60_000);
});

