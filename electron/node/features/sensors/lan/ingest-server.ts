import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { type LegacyReading, parseLegacyReading } from '../protocol/legacy-json';
import { deviceIdProblem } from '../device-id';

/** Whether a device's data is taken (issue 14, case 6): only accepted devices' data reaches the sink. */
export type IngestAdmission = { kind: 'accepted' } | { kind: 'pending' } | { kind: 'ignored' } | { kind: 'limited'; retryAfterS: number };

/** What a sensor of the existing firmware delivers by HTTP, and who may deliver it. */
export interface IngestSink {
  /** Before anything of a request is read: 0, or the seconds its sender must wait (429). */
  admitRequest(remoteAddress: string): number;
  /** Once the device id is known (the audio upload's header, the reading's body). */
  admitDevice(deviceId: string, remoteAddress: string, stream: 'readings' | 'audio'): IngestAdmission;
  reading(reading: LegacyReading, remoteAddress: string, bytes: number): void;
  rejected(deviceId: string | null, remoteAddress: string, bytes: number, error: string): void;
  audio(deviceId: string, samples: Int16Array, sampleRate: number, remoteAddress: string, bytes: number): void;
}

export const READING_PATH = '/api/iot/sensors/data';
export const AUDIO_PATH = '/api/esp32/audio/upload';
const MAX_JSON_BYTES = 64 * 1024;
/** Ten seconds of 48 kHz PCM16: larger uploads are not what the firmware sends. */
const MAX_AUDIO_BYTES = 48_000 * 2 * 10;

export interface RunningIngest {
  port: number;
  host: string;
  close(): Promise<void>;
}

/**
 * The endpoints existing SignalCraft sensors already post to, answered as the server answers them
 * (docs/field-facts.md §4), so a sensor can be pointed at this laptop. Loopback unless `lan`.
 *
 * Browsers must not be able to inject readings from a web page: requests carrying an Origin are
 * refused, and both endpoints need what a page cannot send without a CORS preflight (which is
 * never answered): a JSON content type, or the X-Device-ID header.
 *
 * Nobody is registered by posting (issue 14, case 6): data of a device the technician has not
 * accepted is answered 202 (pending) or 403 (ignored) and dropped, and senders over their rate
 * are answered 429 with Retry-After before their body is read.
 */
export function startIngestServer(sink: IngestSink, options: { port: number; lan: boolean }): Promise<RunningIngest> {
  const server = http.createServer((request, response) => {
    void handle(request, response, sink).catch(() => {
      if (!response.headersSent) answer(response, 500, { error: 'Internal error' });
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  const host = options.lan ? '0.0.0.0' : '127.0.0.1';
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.removeListener('error', reject);
      const port = (server.address() as AddressInfo).port;
      resolve({
        port,
        host,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** The addresses a sensor would post to. */
export function ingestUrls(port: number, lan: boolean): string[] {
  const hosts = ['127.0.0.1'];
  if (lan) {
    for (const iface of Object.values(os.networkInterfaces()).flat()) {
      if (iface && iface.family === 'IPv4' && !iface.internal) hosts.push(iface.address);
    }
  }
  return hosts.map((h) => `http://${h}:${port}${READING_PATH}`);
}

async function handle(request: http.IncomingMessage, response: http.ServerResponse, sink: IngestSink): Promise<void> {
  const remote = request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? 'unknown';
  const url = new URL(request.url ?? '/', 'http://ingest');
  if (request.headers.origin !== undefined) {
    return answer(response, 403, { error: 'Requests from web pages are not accepted' });
  }
  const wait = sink.admitRequest(remote);
  if (wait > 0) return tooMany(response, wait);
  if (url.pathname === READING_PATH) {
    if (request.method !== 'POST') return answer(response, 405, { error: 'Method not allowed' });
    if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
      return answer(response, 415, { error: 'Content-Type must be application/json' });
    }
    const body = await readBody(request, MAX_JSON_BYTES);
    if (body === null) return answer(response, 413, { error: `Body larger than ${MAX_JSON_BYTES} bytes` });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      sink.rejected(null, remote, body.length, 'invalid JSON');
      return answer(response, 400, { error: 'Invalid JSON' });
    }
    const result = parseLegacyReading(parsed);
    if (!result.ok) {
      const id = (parsed as { device_id?: unknown } | null)?.device_id;
      sink.rejected(typeof id === 'string' ? id : null, remote, body.length, result.error);
      return answer(response, 400, { error: result.error });
    }
    const admission = sink.admitDevice(result.reading.deviceId, remote, 'readings');
    if (admission.kind !== 'accepted') return refuse(response, admission, result.reading.deviceId);
    sink.reading(result.reading, remote, body.length);
    return answer(response, 200, { success: true, message: 'Sensor data received', device_id: result.reading.deviceId });
  }
  if (url.pathname === AUDIO_PATH) {
    if (request.method !== 'POST') return answer(response, 405, { error: 'Method not allowed' });
    const deviceId = header(request, 'x-device-id');
    if (!deviceId) return answer(response, 400, { error: 'Missing required header: X-Device-ID' });
    const problem = deviceIdProblem(deviceId);
    if (problem) return answer(response, 400, { error: `Invalid header: X-Device-ID (${problem})` });
    const rateText = header(request, 'x-sample-rate');
    if (!rateText) return answer(response, 400, { error: 'Missing required header: X-Sample-Rate' });
    const sampleRate = Number(rateText);
    if (!Number.isInteger(sampleRate) || sampleRate < 1000 || sampleRate > 192_000) {
      return answer(response, 400, { error: 'Invalid header: X-Sample-Rate (a whole number of Hz, 1000 to 192000)' });
    }
    const bits = header(request, 'x-bits-per-sample') ?? '16';
    if (bits !== '16') return answer(response, 400, { error: 'Invalid header: X-Bits-Per-Sample (only 16 is supported)' });
    // Decided before the body is read: an unknown sender's upload is never buffered.
    const admission = sink.admitDevice(deviceId, remote, 'audio');
    if (admission.kind !== 'accepted') return refuse(response, admission, deviceId);
    const body = await readBody(request, MAX_AUDIO_BYTES);
    if (body === null) return answer(response, 413, { error: `Body larger than ${MAX_AUDIO_BYTES} bytes` });
    if (body.length === 0 || body.length % 2 !== 0) {
      return answer(response, 400, { error: 'Body must be 16-bit PCM: a non-empty, even number of bytes' });
    }
    const samples = new Int16Array(body.length / 2);
    for (let i = 0; i < samples.length; i += 1) samples[i] = body.readInt16LE(i * 2);
    sink.audio(deviceId, samples, sampleRate, remote, body.length);
    return answer(response, 200, {
      success: true,
      message: 'Audio received',
      device_id: deviceId,
      samples: samples.length,
      duration_s: samples.length / sampleRate,
      priority: header(request, 'x-priority'),
    });
  }
  return answer(response, 404, { error: 'Not found' });
}

function tooMany(response: http.ServerResponse, retryAfterS: number): void {
  answer(response, 429, { error: `Too many requests; try again in ${retryAfterS} s` }, { 'Retry-After': String(retryAfterS) });
}

function refuse(response: http.ServerResponse, admission: Exclude<IngestAdmission, { kind: 'accepted' }>, deviceId: string): void {
  if (admission.kind === 'limited') return tooMany(response, admission.retryAfterS);
  if (admission.kind === 'ignored') return answer(response, 403, { error: 'This sensor was ignored on this laptop; remove it from the ignored list on the Sensors page to use it' });
  answer(response, 202, {
    success: false,
    pending: true,
    message: 'Waiting for the technician to accept this sensor on the Sensors page; data is not kept until then',
    device_id: deviceId,
  });
}

function header(request: http.IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === '' ? null : text.trim();
}

function readBody(request: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function answer(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store', ...headers });
  response.end(text);
}
