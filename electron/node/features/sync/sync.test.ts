import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Activity, SyncItem } from '../../../../shared/contract';
import { seedSession } from '../../testing/field-fixtures';
import { FAST_SYNC, syncHarness, type SyncHarness, TEST_USER } from '../../testing/sync-harness';

const sha = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');
const fileSha = (file: string) => sha(fs.readFileSync(file));

let h: SyncHarness;
afterEach(async () => {
  await h?.close();
});

/** Fast sync options that also keep the worker's record of each look at the queue. */
function workerPasses() {
  const log: { ready: boolean; started: string[] }[] = [];
  return { log, options: { ...FAST_SYNC, worker: { ...FAST_SYNC.worker, onPass: (p: { ready: boolean; started: string[] }) => log.push(p) } } };
}

const item = async (id: string): Promise<SyncItem> => (await h.call('sync.items', { includeDone: true })).find((i) => i.id === id)!;
const doneItem = (id: string, timeoutMs = 20_000) => h.waitFor(async () => ((await item(id)).state === 'done' ? item(id) : null), { timeoutMs, what: `item ${id} done` });

/** What the server stored for a session, checked against the local files byte for byte. */
function expectOnServerExactlyOnce(sessionId: string, local: { path: string; sha256: string }[]) {
  const status = h.server.reportStatus(sessionId)!;
  expect(status.complete).toBe(true);
  expect(status.revision).toBe(1);
  const stored = [...status.recordings, ...status.photos];
  for (const file of local) {
    const match = stored.find((f) => f.sha256 === file.sha256);
    expect(match, file.path).toBeDefined();
    const collection = status.recordings.includes(match!) ? 'recordings' : 'photos';
    expect(fileSha(h.server.store.filePath(sessionId, collection, match!.id))).toBe(file.sha256);
    // The local file is untouched by the upload.
    expect(fileSha(file.path)).toBe(file.sha256);
  }
  const writes = h.server.store.db.prepare('SELECT count(*) AS n FROM report_writes WHERE report_id = ?').get(sessionId) as { n: number };
  expect(writes.n).toBe(1);
  return status;
}

describe('signing in to the server', () => {
  it('refuses a wrong password at the field, keeps only the cookie (0600, never logged), and says who is signed in', async () => {
    h = await syncHarness();
    await expect(h.call('sync.signIn', { username: TEST_USER.username, password: 'wrong' })).rejects.toMatchObject({ code: 'unauthorized', field: 'password' });
    expect((await h.call('sync.status', {})).state).toBe('signed_out');

    const status = await h.call('sync.signIn', { username: TEST_USER.username, password: TEST_USER.password });
    expect(status.state).toBe('idle');
    expect(status.account).toMatchObject({ username: 'kim', displayName: '김기사' });
    expect(status.secretStorage).toBe('user_only_file');

    const secret = path.join(h.appDir, 'secrets', 'server-session');
    const stat = fs.statSync(secret);
    expect(stat.mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(secret)).mode & 0o777).toBe(0o700);
    const cookie = fs.readFileSync(secret, 'utf8');
    expect(cookie).toMatch(/^session=[\w-]{20,}$/);
    // The server knows this cookie as a live session.
    expect(h.server.store.sessionUser(cookie.slice('session='.length))?.username).toBe('kim');

    const logs = h.logs.join('');
    expect(logs).toContain('signed in to the SignalCraft server');
    expect(logs).not.toContain(cookie.slice('session='.length));
    expect(logs).not.toContain(TEST_USER.password);
    // Nothing about the password or cookie reaches the database either.
    const dbText = fs.readFileSync(path.join(h.appDir, 'signalcraft.db')).toString('latin1') + fs.readFileSync(path.join(h.appDir, 'signalcraft.db-wal')).toString('latin1');
    expect(dbText).not.toContain(cookie.slice('session='.length));
    expect(dbText).not.toContain(TEST_USER.password);

    const out = await h.call('sync.signOut', {});
    expect(out.state).toBe('signed_out');
    expect(fs.existsSync(secret)).toBe(false);
  });

  it('says when the server cannot be reached, and when no address is set', async () => {
    h = await syncHarness();
    await h.server.stop();
    await expect(h.call('sync.signIn', { username: 'kim', password: 'x' })).rejects.toMatchObject({ code: 'unavailable', field: 'serverUrl' });
    await h.call('settings.update', { serverUrl: null });
    expect((await h.call('sync.status', {})).state).toBe('no_server');
    await expect(h.call('sync.signIn', { username: 'kim', password: 'x' })).rejects.toMatchObject({ code: 'unavailable', field: 'serverUrl' });
  });
});

describe('uploading a finished session', () => {
  it('sends metadata, recordings, photos, readings and the PDF; the server copy matches byte for byte; nothing local is removed', async () => {
    h = await syncHarness();
    await h.signIn();
    const s = seedSession(h.backend.db, h.appDir, { recordings: 2, audioSeconds: 5, photos: 2, readings: 2500, diagnosis: true });
    await h.call('reports.sign', { sessionId: s.sessionId, signerName: '박사장', width: 300, height: 100, strokes: [[[1, 1], [50, 60], [90, 10]]] });
    const pdf = await h.call('reports.create', { sessionId: s.sessionId, language: 'ko' });

    const activities: Activity[][] = [];
    h.backend.events.subscribe((m) => {
      if (m.event === 'activity.changed') activities.push(m.payload as Activity[]);
    });
    const queued = await h.call('sync.enqueueSession', { sessionId: s.sessionId });
    expect(queued.assetName).toBe('쇼케이스 압축기 1');
    const done = await doneItem(queued.id);
    expect(done.bytesSent).toBe(done.bytesTotal);
    expect(done.lastError).toBeNull();

    const status = expectOnServerExactlyOnce(s.sessionId, s.files);
    expect(status.recordings).toHaveLength(2);
    expect(status.photos).toHaveLength(2);
    expect(status.readings).toMatchObject({ count: 2500, received: 2500 });
    expect(h.server.store.readingCount(s.sessionId)).toBe(2500);
    expect(status.document).toMatchObject({ stored: true, sha256: pdf.sha256 });
    expect(fileSha(h.server.store.documentPath(s.sessionId))).toBe(pdf.sha256);

    const metadata = JSON.parse(h.server.store.report(s.sessionId)!.metadata) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      schema: 'signalcraft.field-report/1',
      asset: { name: '쇼케이스 압축기 1', refrigerant: 'R-404A' },
      customer: { name: '행복마트' },
      signature: { signerName: '박사장' },
      diagnosis: { condition: { en: 'Bearing wear' }, severity: 'warning', confidence: 0.87 },
    });
    // Readings arrive in the existing IoT shape.
    const reading = JSON.parse((h.server.store.db.prepare('SELECT payload FROM readings LIMIT 1').get() as { payload: string }).payload) as Record<string, unknown>;
    expect(Object.keys(reading)).toEqual(expect.arrayContaining(['device_id', 'timestamp', 'temperature', 'vibration', 'power_consumption', 'audio_level']));

    // An upload is an activity while it runs (the updater waits for it), and only then.
    expect(activities.some((list) => list.some((a) => a.kind === 'upload'))).toBe(true);
    expect(h.backend.activity.list()).toEqual([]);
    const final = await h.call('sync.status', {});
    expect(final.lastSuccessAt).not.toBeNull();
    expect(final.counts.done).toBe(1);
    for (const f of s.files) expect(fs.existsSync(f.path)).toBe(true);
  });

  it('resumes a recording from where the server is after connections are cut mid-upload, never resending stored chunks', async () => {
    h = await syncHarness();
    await h.signIn();
    const s = seedSession(h.backend.db, h.appDir, { recordings: 1, audioSeconds: 20 }); // 640 KB: ten 64 KiB chunks
    h.server.faults.add({ kind: 'cut', method: 'PATCH', times: 3 });
    const queued = await h.call('sync.enqueueSession', { sessionId: s.sessionId });
    await doneItem(queued.id);
    expect(h.server.faults.counts().cut).toBe(3);
    expectOnServerExactlyOnce(s.sessionId, s.files);
    const size = fs.statSync(s.files[0]!.path).size;
    const chunks = h.server.store.db.prepare('SELECT chunks FROM files WHERE report_id = ?').get(s.sessionId) as { chunks: number };
    expect(chunks.chunks).toBe(Math.ceil(size / (64 * 1024)));
    const final = await item(queued.id);
    expect(final.attempts).toBe(3);
  });

  it('is exactly once when answers are lost after the server stored the data and when requests are replayed', async () => {
    h = await syncHarness();
    await h.signIn();
    const s = seedSession(h.backend.db, h.appDir, { recordings: 1, audioSeconds: 8, photos: 1, readings: 1500 });
    await h.call('reports.create', { sessionId: s.sessionId, language: 'en' });
    for (const method of ['PUT', 'PATCH']) {
      h.server.faults.add({ kind: 'lose_response', method, times: 2 });
      h.server.faults.add({ kind: 'duplicate', method, times: 2 });
    }
    const queued = await h.call('sync.enqueueSession', { sessionId: s.sessionId });
    await doneItem(queued.id);
    expect(h.server.faults.counts()).toMatchObject({ lose_response: 4, duplicate: 4 });
    expectOnServerExactlyOnce(s.sessionId, s.files);
    expect(h.server.store.readingCount(s.sessionId)).toBe(1500);
    expect(h.server.store.reportIds()).toEqual([s.sessionId]);
  });

  it('retries 500, 502, 503 and timeouts with backoff and says why it is waiting', async () => {
    h = await syncHarness();
    await h.signIn();
    const s = seedSession(h.backend.db, h.appDir, {});
    // Only on the report endpoints: the health probe must not take them.
    const reports = '/api/field/v1/reports';
    h.server.faults.add({ kind: 'status503', times: 1, retryAfterS: 0, path: reports });
    h.server.faults.add({ kind: 'status502', times: 1, path: reports });
    h.server.faults.add({ kind: 'status500', times: 1, path: reports });
    h.server.faults.add({ kind: 'timeout', times: 1, path: reports });
    const seen = new Set<string>();
    h.backend.events.subscribe((m) => {
      if (m.event === 'sync.itemChanged') {
        const changed = m.payload as SyncItem;
        if (changed.lastError) seen.add(`${changed.state}:${changed.lastError.code}:${changed.lastError.status ?? ''}`);
      }
    });
    const queued = await h.call('sync.enqueueSession', { sessionId: s.sessionId });
    const done = await doneItem(queued.id);
    expect([...seen]).toEqual(expect.arrayContaining(['waiting:busy:503', 'waiting:server_error:502', 'waiting:server_error:500', 'waiting:timeout:']));
    expect(done.attempts).toBe(4);
    expectOnServerExactlyOnce(s.sessionId, s.files);
  });

  it('pauses the whole queue on an expired sign-in without losing or counting anything, and resumes after signing in again', async () => {
    const passes = workerPasses();
    h = await syncHarness({ sync: passes.options });
    await h.signIn();
    const a = seedSession(h.backend.db, h.appDir, { audioSeconds: 10 });
    const b = seedSession(h.backend.db, h.appDir, { siteName: '부산 냉동창고', audioSeconds: 4 });
    h.server.faults.add({ kind: 'expire_session', method: 'PATCH', times: 1 });
    const first = await h.call('sync.enqueueSession', { sessionId: a.sessionId });
    const second = await h.call('sync.enqueueSession', { sessionId: b.sessionId });
    await h.waitFor(async () => (await h.call('sync.status', {})).state === 'expired', { what: 'expired state' });
    // The worker looks at the queue three more times and, signed out, starts nothing.
    const after = passes.log.length;
    await h.waitFor(() => passes.log.length >= after + 3 && (h!.backend.db.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'uploading'").get() as { n: number }).n === 0, { what: 'three looks at the queue' });
    expect(passes.log.slice(after).every((p) => !p.ready && p.started.length === 0)).toBe(true);
    const paused = await h.call('sync.items', {});
    expect(paused.map((i) => i.state).sort()).not.toContain('done');
    const interrupted = paused.find((i) => i.lastError?.code === 'signed_out');
    expect(interrupted?.state).toBe('queued');
    expect(interrupted?.attempts).toBe(0);

    await h.signIn();
    await doneItem(first.id);
    await doneItem(second.id);
    expectOnServerExactlyOnce(a.sessionId, a.files);
    expectOnServerExactlyOnce(b.sessionId, b.files);
  });

  it('waits while the server is unreachable and starts as soon as it is back, not at the next backoff', async () => {
    h = await syncHarness({
      sync: { worker: { backoff: { baseMs: 60_000, maxMs: 60_000 }, probeIntervalMs: 100, pollIntervalMs: 100 }, client: { timeoutMs: 1000 } },
    });
    await h.signIn();
    await h.server.stop();
    const s = seedSession(h.backend.db, h.appDir, {});
    const queued = await h.call('sync.enqueueSession', { sessionId: s.sessionId });
    const waiting = await h.waitFor(async () => {
      const i = await item(queued.id);
      return i.state === 'waiting' ? i : null;
    });
    expect(waiting.lastError?.code).toBe('offline');
    expect(Date.parse(waiting.nextAttemptAt!) - Date.now()).toBeGreaterThan(20_000);
    expect((await h.call('sync.status', {})).state).toBe('offline');

    await h.server.start();
    await doneItem(queued.id, 5000);
    expectOnServerExactlyOnce(s.sessionId, s.files);
    expect((await h.call('sync.status', {})).state).toBe('idle');
  });

  it('stops with a plain reason when a recording file is missing or damaged, and goes on after Retry now once it is back', async () => {
    h = await syncHarness();
    await h.signIn();
    const s = seedSession(h.backend.db, h.appDir, {});
    const wav = s.files[0]!.path;
    const original = fs.readFileSync(wav);
    fs.renameSync(wav, `${wav}.away`);
    const queued = await h.call('sync.enqueueSession', { sessionId: s.sessionId });
    const failed = await h.waitFor(async () => ((await item(queued.id)).state === 'failed' ? item(queued.id) : null));
    expect(failed.lastError?.code).toBe('file_missing');
    expect(h.server.store.reportIds()).toEqual([]);

    const damaged = Buffer.from(original);
    damaged.writeUInt8(damaged.readUInt8(damaged.length - 1) ^ 0xff, damaged.length - 1);
    fs.writeFileSync(wav, damaged);
    await h.call('sync.retry', { id: queued.id });
    const again = await h.waitFor(async () => {
      const i = await item(queued.id);
      return i.state === 'failed' && i.lastError?.code === 'file_damaged' ? i : null;
    });
    expect(again.attempts).toBe(2);
    expect(h.server.store.reportIds()).toEqual([]);

    fs.writeFileSync(wav, original);
    fs.rmSync(`${wav}.away`);
    await h.call('sync.retry', {});
    await doneItem(queued.id);
    expectOnServerExactlyOnce(s.sessionId, s.files);
  });

  it('shows the server’s reason when it refuses the data, and does not retry by itself', async () => {
    const passes = workerPasses();
    h = await syncHarness({ sync: passes.options });
    await h.signIn();
    const s = seedSession(h.backend.db, h.appDir, {});
    h.backend.db.prepare('UPDATE sessions SET tags = ? WHERE id = ?').run(JSON.stringify(['x'.repeat(300)]), s.sessionId);
    const queued = await h.call('sync.enqueueSession', { sessionId: s.sessionId });
    const failed = await h.waitFor(async () => ((await item(queued.id)).state === 'failed' ? item(queued.id) : null));
    expect(failed.lastError).toMatchObject({ code: 'rejected', status: 400 });
    expect(failed.lastError?.detail).toContain('session.tags.0');
    // Three later looks at the queue start nothing: a refused report waits for the technician.
    const after = passes.log.length;
    await h.waitFor(() => passes.log.length >= after + 3, { what: 'three looks at the queue' });
    expect(passes.log.slice(after).flatMap((p) => p.started)).toEqual([]);
    expect((await item(queued.id)).attempts).toBe(1);
  });

  it('queues a session once however often it is asked, and sends a later signature and PDF as a new revision without resending audio', async () => {
    h = await syncHarness();
    await h.signIn();
    const s = seedSession(h.backend.db, h.appDir, { audioSeconds: 6 });
    const a = await h.call('sync.enqueueSession', { sessionId: s.sessionId });
    const b = await h.call('sync.enqueueSession', { sessionId: s.sessionId });
    expect(b.id).toBe(a.id);
    await doneItem(a.id);
    const chunksBefore = (h.server.store.db.prepare('SELECT sum(chunks) AS n FROM files').get() as { n: number }).n;

    await h.call('reports.sign', { sessionId: s.sessionId, signerName: 'Mr. Park', width: 100, height: 50, strokes: [[[0, 0], [10, 10]]] });
    await h.call('reports.create', { sessionId: s.sessionId, language: 'en' });
    await h.waitFor(() => h.server.reportStatus(s.sessionId)?.document.stored === true && h.server.reportStatus(s.sessionId)!.complete, { what: 'revision with PDF' });
    await h.waitFor(async () => (await h.call('sync.items', { includeDone: true })).every((i) => i.state === 'done'), { what: 'all done' });
    const status = h.server.reportStatus(s.sessionId)!;
    expect(status.revision).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(h.server.store.report(s.sessionId)!.metadata)).toMatchObject({ signature: { signerName: 'Mr. Park' } });
    expect((h.server.store.db.prepare('SELECT sum(chunks) AS n FROM files').get() as { n: number }).n).toBe(chunksBefore);
  });

  it('refuses to queue a session that does not exist', async () => {
    h = await syncHarness();
    await expect(h.call('sync.enqueueSession', { sessionId: '01900000-0000-7000-8000-00000000ffff' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
