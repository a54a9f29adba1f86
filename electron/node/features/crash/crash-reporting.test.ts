import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APP_ROOT } from '../../platform/app-meta';
import { bundleHarness } from '../../testing/bundle-harness';
import { FakeSentry } from '../../testing/fake-sentry';
import { tempDir } from '../../testing/fixtures';
import { leaks } from '../../testing/personal-data';
import { DSN_ENV, isDsn } from './config';

/**
 * Crash reports, end to end in real processes: a serve-mode back end with the real @sentry/node
 * sends to a local HTTP server that parses Sentry envelopes. The errors carry a register's worth
 * of personal data; what arrives must carry none of it.
 */
let childFile: string;
let sentry: FakeSentry;
let data: ReturnType<typeof tempDir>;

beforeAll(async () => {
  childFile = await bundleHarness('crash-child');
});

beforeEach(async () => {
  sentry = new FakeSentry();
  await sentry.start();
  data = tempDir('scf-crash-');
  return async () => {
    await sentry.stop();
    data.cleanup();
  };
});

afterAll(() => fs.rmSync(childFile, { force: true }));

function runChild(
  mode: 'throw' | 'capture' | 'drain',
  dsn = sentry.dsn(),
  consent: 'on' | 'off' = 'on',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [childFile], {
    cwd: APP_ROOT,
    env: { ...process.env, CRASH_CHILD_DATA_DIR: data.dir, CRASH_CHILD_MODE: mode, CRASH_CHILD_CONSENT: consent, [DSN_ENV]: dsn },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('crash reporting', () => {
  it('an uncaught error reaches the DSN endpoint, scrubbed of personal and customer data', async () => {
    const result = await runChild('throw');
    expect(result.code, result.stderr).not.toBe(0);
    const [event] = await sentry.waitForEvents(1);
    const envelope = sentry.envelopes.find((e) => e.items.some((i) => i.header.type === 'event'))!;
    expect(envelope.project).toBe('42');
    expect(envelope.auth).toBe('publickey');

    const exception = (event as { exception: { values: { type: string; value: string; mechanism: { type: string } }[] } }).exception.values[0]!;
    expect(exception.type).toBe('Error');
    expect(exception.mechanism.type).toMatch(/onuncaughtexception/i);
    expect(exception.value).toMatch(/^Compressor \[redacted\]/);
    expect(exception.value).toContain('[email]');
    expect(exception.value).toContain('/home/[user]/Recordings');
    expect(event).toMatchObject({ release: expect.stringMatching(/^signalcraft-field@/) });
    expect(event).not.toHaveProperty('user');
    expect(event).not.toHaveProperty('server_name');
    expect(leaks(envelope.raw), 'personal data in the envelope').toEqual([]);
  });

  it('sends nothing when the technician declined', async () => {
    const result = await runChild('throw', sentry.dsn(), 'off');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Compressor');
    // The process has exited: nothing can arrive any more.
    expect(sentry.envelopes).toEqual([]);
    expect(fs.existsSync(path.join(data.dir, 'crash-reports')) ? fs.readdirSync(path.join(data.dir, 'crash-reports')) : []).toEqual([]);
  });

  it('keeps reports on disk while offline and sends them when the network is back', async () => {
    const port = await sentry.stop();
    const offline = await runChild('capture', `http://publickey@127.0.0.1:${port}/42`);
    expect(offline.stdout).toContain('queued 1');
    const queued = fs.readdirSync(path.join(data.dir, 'crash-reports'));
    expect(queued).toHaveLength(1);
    expect(leaks(fs.readFileSync(path.join(data.dir, 'crash-reports', queued[0]!), 'utf8')), 'the queue is scrubbed too').toEqual([]);

    await sentry.start(port);
    const online = await runChild('drain', `http://publickey@127.0.0.1:${port}/42`);
    expect(online.stdout).toContain('queued 0');
    const [event] = await sentry.waitForEvents(1);
    expect(JSON.stringify(event)).toContain('Compressor [redacted]');
    expect(fs.readdirSync(path.join(data.dir, 'crash-reports'))).toEqual([]);
  }, 40_000);
});

describe('DSN configuration', () => {
  it('accepts only Sentry DSNs', () => {
    expect(isDsn('https://abc123@o1.ingest.sentry.io/4507')).toBe(true);
    expect(isDsn('http://key@127.0.0.1:9000/42')).toBe(true);
    expect(isDsn('https://o1.ingest.sentry.io/4507')).toBe(false);
    expect(isDsn('not a url')).toBe(false);
    expect(isDsn('file://key@host/1')).toBe(false);
  });
});
