/**
 * Time to drain an outbox of 200 finished sessions after connectivity returns. Each session has a
 * 10 s recording (16 kHz, 16-bit: 320 KB) and a real PDF report; the laptop signed in, went
 * offline, queued all 200, then the server comes back on loopback (its own process). Measured
 * from the moment the server listens again to the last upload verified, with the app's default
 * settings (2 uploads at a time, 1 MiB chunks, a reachability probe every 10 s), and the back
 * end's event-loop delay meanwhile (the UI is served by the same loop).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { seedSession } from '../../electron/node/testing/field-fixtures';
import { fmt, report, stats } from './harness';
import { BENCH_USER, cleanupBundle, startApp, startServerProcess, until } from './sync-support';

const SESSIONS = 200;
const RUNS = 3;
const CONCURRENCY = Number(process.env.SYNC_CONCURRENCY ?? 2);

const app = await startApp({ worker: { concurrency: CONCURRENCY } });
const sessions: string[] = [];
const prepStart = performance.now();
for (let i = 0; i < SESSIONS; i += 1) {
  const s = seedSession(app.backend.db, app.dir, { siteName: `Site ${i}`, assetName: `Compressor ${i}`, audioSeconds: 10, seed: i + 1 });
  await app.call('reports.create', { sessionId: s.sessionId, language: i % 2 === 0 ? 'ko' : 'en' });
  sessions.push(s.sessionId);
}
const prepMs = performance.now() - prepStart;
const payload = (app.backend.db.prepare('SELECT sum(bytes) AS n FROM reports').get() as { n: number }).n + SESSIONS * 320_044;

const drains: number[] = [];
const firstStarts: number[] = [];
const loopP99: number[] = [];
const loopMax: number[] = [];
const idleP99: number[] = [];
let port = 0;
for (let run = 0; run < RUNS; run += 1) {
  const serverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-bench-server-'));
  // Online once to sign in, then the network goes.
  let server = await startServerProcess(serverDir, [], port);
  port = server.port;
  await app.call('settings.update', { serverUrl: server.url });
  await app.call('sync.signIn', { username: BENCH_USER.username, password: BENCH_USER.password });
  await server.stop();
  app.backend.db.prepare('DELETE FROM outbox').run();
  for (const id of sessions) await app.call('sync.enqueueSession', { sessionId: id });
  await until(async () => (await app.call('sync.status', {})).state === 'offline', 60_000, 'the queue to notice the server is gone');

  // The same loop with nothing to upload, for comparison: on a shared machine the OS alone delays it.
  const idle = monitorEventLoopDelay({ resolution: 10 });
  idle.enable();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  idle.disable();
  idleP99.push(idle.percentile(99) / 1e6);

  const loop = monitorEventLoopDelay({ resolution: 10 });
  server = await startServerProcess(serverDir, [], port);
  const t0 = performance.now();
  loop.enable();
  let first = 0;
  await until(
    async () => {
      const counts = (await app.call('sync.status', {})).counts;
      if (first === 0 && (counts.uploading > 0 || counts.done > 0)) first = performance.now() - t0;
      return counts.done === SESSIONS;
    },
    600_000,
    'the outbox to drain',
  );
  const drainMs = performance.now() - t0;
  loop.disable();
  drains.push(drainMs);
  firstStarts.push(first);
  loopP99.push(loop.percentile(99) / 1e6);
  loopMax.push(loop.max / 1e6);
  console.log(`run ${run + 1}: first upload after ${first.toFixed(0)} ms, drained in ${drainMs.toFixed(0)} ms, event loop p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms, max ${(loop.max / 1e6).toFixed(1)} ms`);
  await server.stop();
  fs.rmSync(serverDir, { recursive: true, force: true });
}

const drain = stats(drains);
const mb = payload / 1e6;
console.log(`prepared ${SESSIONS} sessions with PDFs in ${(prepMs / 1000).toFixed(1)} s; payload ${mb.toFixed(1)} MB`);
console.log(`drain: ${fmt(drain, 'ms', 0)}; ${(SESSIONS / (drain.median / 1000)).toFixed(1)} sessions/s, ${(mb / (drain.median / 1000)).toFixed(1)} MB/s`);
console.log(`first upload starts after: ${fmt(stats(firstStarts), 'ms', 0)} (the reachability probe runs every 10 s)`);
console.log(`event loop delay during the drain: p99 ${fmt(stats(loopP99), 'ms', 1)}; max ${fmt(stats(loopMax), 'ms', 1)}`);
console.log(`event loop delay idle (offline queue, same process): p99 ${fmt(stats(idleP99), 'ms', 1)}`);
report('sync-drain', {
  sessions: SESSIONS,
  concurrency: CONCURRENCY,
  payloadBytes: payload,
  drainMs: drain,
  firstUploadMs: stats(firstStarts),
  sessionsPerSecond: SESSIONS / (drain.median / 1000),
  megabytesPerSecond: mb / (drain.median / 1000),
  eventLoopP99Ms: stats(loopP99),
  eventLoopMaxMs: stats(loopMax),
  eventLoopIdleP99Ms: stats(idleP99),
});
await app.close();
cleanupBundle();
