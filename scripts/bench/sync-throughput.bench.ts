/**
 * Upload throughput against the link's capacity. The reference server (its own process, loopback)
 * throttles the upload direction to a known rate with backpressure; the app uploads one session
 * holding a 16 MiB recording (about 8.7 minutes of 16 kHz audio), and the effective rate is the
 * file's bytes over the time from "queued" to "verified on the server". Unthrottled loopback is
 * measured too, as the ceiling of the protocol itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { seedSession } from '../../electron/node/testing/field-fixtures';
import { report, stats } from './harness';
import { BENCH_USER, cleanupBundle, startApp, startServerProcess, until } from './sync-support';

const MiB = 1024 * 1024;
const AUDIO_SECONDS = 524; // 16.0 MiB of 16-bit mono at 16 kHz
const RUNS = 3;
const LINKS: (number | null)[] = [1 * MiB, 4 * MiB, 16 * MiB, null];
// Fixed 1 MiB chunks against the app's default: chunks adapting to about 2 s on the measured link.
const POLICIES = [
  { label: 'fixed 1 MiB chunks', worker: { chunkBytes: MiB, minChunkBytes: MiB, maxChunkBytes: MiB } },
  { label: 'adaptive chunks (default)', worker: {} },
];

const results: Record<string, unknown>[] = [];
for (const policy of POLICIES) {
  const app = await startApp({ worker: policy.worker });
  const s = seedSession(app.backend.db, app.dir, { audioSeconds: AUDIO_SECONDS });
  const bytes = fs.statSync(s.files[0]!.path).size;
  for (const link of LINKS) {
    const rates: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const serverDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-bench-server-'));
      const server = await startServerProcess(serverDir, link ? ['--link-rate', String(link)] : []);
      await app.call('settings.update', { serverUrl: server.url });
      await app.call('sync.signIn', { username: BENCH_USER.username, password: BENCH_USER.password });
      app.backend.db.prepare('DELETE FROM outbox').run();
      const t0 = performance.now();
      const item = await app.call('sync.enqueueSession', { sessionId: s.sessionId });
      await until(async () => (await app.call('sync.items', { includeDone: true })).find((i) => i.id === item.id)?.state === 'done', 300_000, 'the upload');
      const seconds = (performance.now() - t0) / 1000;
      rates.push(bytes / seconds);
      await server.stop();
      fs.rmSync(serverDir, { recursive: true, force: true });
    }
    const r = stats(rates);
    const label = link ? `${(link / MiB).toFixed(0)} MiB/s link` : 'unthrottled loopback';
    const share = link ? ` = ${((r.median / link) * 100).toFixed(0)}% of capacity` : '';
    console.log(`${policy.label}, ${label}: median ${(r.median / MiB).toFixed(2)} MiB/s (p10 ${(r.p10 / MiB).toFixed(2)}, p90 ${(r.p90 / MiB).toFixed(2)})${share}`);
    results.push({ policy: policy.label, linkBytesPerSecond: link, bytesPerSecond: r, efficiency: link ? r.median / link : null });
  }
  await app.close();
}
report('sync-throughput', { fileBytes: AUDIO_SECONDS * 32000 + 44, runs: RUNS, results });
cleanupBundle();
