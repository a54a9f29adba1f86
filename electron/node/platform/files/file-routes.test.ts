import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recording } from '../../../../shared/contract';
import { encodePcm16Wav } from '../audio/wav';
import { silentLogger } from '../logging/log';
import { type RecordingTestBackend, recordingBackend, sessionFor } from '../../testing/recording';
import { upload } from '../../testing/recording';
import { type RunningServer, startServer } from '../../hosts/serve/server';
import { tempDir } from '../../testing/fixtures';
import { parseRange } from './file-routes';

describe('parseRange', () => {
  it('reads the single ranges <audio> sends, and answers anything else with the whole file', () => {
    expect(parseRange(undefined, 100)).toBeNull();
    expect(parseRange('bytes=0-', 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=10-19', 100)).toEqual({ start: 10, end: 19 });
    expect(parseRange('bytes=90-500', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(parseRange('items=0-1', 100)).toBeNull();
    expect(parseRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=20-10', 100)).toBe('unsatisfiable');
    expect(parseRange('bytes=-0', 100)).toBe('unsatisfiable');
  });
});

describe('files/ in serve mode', () => {
  let backend: RecordingTestBackend;
  let server: RunningServer;
  let recording: Recording;
  const ui = tempDir('scf-ui-');

  beforeAll(async () => {
    fs.writeFileSync(path.join(ui.dir, 'index.html'), '<!doctype html><title>ui</title>');
    backend = recordingBackend();
    await backend.start();
    const { sessionId } = await sessionFor(backend);
    const wav = encodePcm16Wav(Int16Array.from({ length: 8000 }, (_, i) => i), 8000);
    recording = (await backend.call<Recording[]>('recordings.import', { sessionId, uploadId: await upload(backend, 'a.wav', wav) }))[0]!;
    server = await startServer({ backend, log: silentLogger(), rendererDir: ui.dir, port: 0, lan: false });
  });
  afterAll(async () => {
    await server.close();
    await backend.cleanup();
    ui.cleanup();
  });

  it('serves a recording at the same relative URL the desktop app uses, with ranges and the CSP', async () => {
    const url = new URL(recording.mediaUrl!, server.localUrl);
    const whole = await fetch(url);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('audio/wav');
    expect(whole.headers.get('content-security-policy')).toContain("media-src 'self' blob:");
    expect((await whole.arrayBuffer()).byteLength).toBe(16044);
    const part = await fetch(url, { headers: { Range: 'bytes=44-45' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 44-45/16044');
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(new Uint8Array([0, 0]));
  });

  it('answers 404 for anything that is not a stored file, and keeps the loopback check', async () => {
    for (const p of ['files/recordings/nope.wav', 'files/recordings/..%2F..%2Fsignalcraft.db', 'files/secret/x']) {
      expect((await fetch(new URL(p, server.localUrl))).status, p).toBe(404);
    }
    // fetch() may not set Host; a raw request can, as a DNS-rebinding page's would arrive.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port: server.port, path: `/${recording.mediaUrl!}`, headers: { Host: `evil.example:${server.port}` } }, (res) => {
          res.resume();
          resolve(res.statusCode);
        })
        .on('error', reject);
    });
    expect(status).toBe(421);
  });
});
