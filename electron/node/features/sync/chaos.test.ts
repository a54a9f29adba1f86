import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { FAULT_KINDS, seededRandom } from '../../../../e2e/reference-server/faults';
import { pace } from '../../testing/eventually';
import { seedSession, type SeededSession } from '../../testing/field-fixtures';
import { syncHarness, type SyncHarness } from '../../testing/sync-harness';

/**
 * Hundreds of uploads through randomly injected faults of every kind, the technician signing in
 * again whenever the session expires. At the end every report must be on the server exactly once,
 * every file byte-identical (by hash), every reading once, and nothing local lost or changed.
 * The seed is printed; CHAOS_SEED=<n> replays a run.
 */
// 120 sessions meet every fault kind dozens of times; CHAOS_SESSIONS=500 for a longer soak.
const SESSIONS = Number(process.env.CHAOS_SESSIONS ?? 120);
// A fixed seed: the same faults in the same order on every run (request timing can still reorder
// them across concurrent uploads); CHAOS_SEED=<n> explores others. It is in the test's name.
const SEED = Number(process.env.CHAOS_SEED ?? 20_261_202);
const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

let h: SyncHarness;
afterEach(async () => {
  await h?.close();
});

describe('chaos', () => {
  it(`uploads ${SESSIONS} sessions exactly once while faults keep firing (seed ${SEED})`, { timeout: 900_000 }, async () => {
    console.log(`chaos seed ${SEED}`);
    h = await syncHarness({
      sync: {
        worker: { concurrency: 4, chunkBytes: 32 * 1024, minChunkBytes: 32 * 1024, maxChunkBytes: 32 * 1024, backoff: { baseMs: 5, maxMs: 100 }, probeIntervalMs: 50, pollIntervalMs: 50 },
        // Loopback moves a chunk in microseconds, but a loaded CI machine can stall a process for a
        // few hundred: allow 600 ms plus 1 s per MiB before giving up (an early give-up is only a retry).
        client: { timeoutMs: 600, minBytesPerSecond: 1024 * 1024 },
      },
    });
    await h.signIn();
    const t0 = performance.now();
    const random = seededRandom(SEED);
    const sessions: (SeededSession & { pdfSha: string | null; readings: number })[] = [];
    let previousAsset: string | undefined;
    for (let i = 0; i < SESSIONS; i += 1) {
      const readings = random() < 0.3 ? Math.floor(random() * 2500) + 1 : 0;
      const s = seedSession(h.backend.db, h.appDir, {
        ...(previousAsset && random() < 0.5 ? { assetId: previousAsset } : { siteName: `현장 ${i}`, assetName: `압축기 ${i}` }),
        recordings: 1 + Math.floor(random() * 2),
        audioSeconds: 0.25 + random() * 3,
        photos: random() < 0.3 ? 1 : 0,
        readings,
        seed: i + SEED,
        startedAt: new Date(Date.parse('2026-03-01T00:00:00Z') + i * 3600_000).toISOString(),
      });
      previousAsset = s.assetId;
      let pdfSha: string | null = null;
      if (i % 4 === 0) pdfSha = (await h.call('reports.create', { sessionId: s.sessionId, language: i % 8 === 0 ? 'ko' : 'en' })).sha256;
      sessions.push({ ...s, pdfSha, readings });
    }

    const seededAt = performance.now();
    // From now on a third of all requests meet a fault; a few sign-ins expire along the way.
    h.server.faults.setRandom({ probability: 0.3, kinds: FAULT_KINDS.filter((k) => k !== 'expire_session'), seed: SEED, delayMs: 800 });
    h.server.faults.add({ kind: 'expire_session', times: 1, path: '/api/field/v1/reports' });
    const expiries = [2000, 5000].map((ms) => setTimeout(() => h.server.store.expireAllSessions(), ms));
    let reSignIns = 0;
    let signingIn = false;
    const unsubscribe = h.backend.events.subscribe((m) => {
      if (m.event === 'sync.statusChanged' && (m.payload as { state: string }).state === 'expired' && !signingIn) {
        signingIn = true;
        reSignIns += 1;
        // The technician notices and signs in again (the sign-in itself may meet a fault: retry).
        void (async () => {
          for (;;) {
            try {
              await h.signIn();
              break;
            } catch {
              // A refused sign-in (a fault fired on it) is simply tried again, a moment later.
              await pace(50);
            }
          }
          signingIn = false;
        })();
      }
    });
    for (const s of sessions) await h.call('sync.enqueueSession', { sessionId: s.sessionId });
    await h.waitFor(async () => (await h.call('sync.status', {})).counts.done === SESSIONS, { timeoutMs: 840_000, what: 'every upload done' });
    const drainedMs = performance.now() - seededAt;
    unsubscribe();
    expiries.forEach(clearTimeout);
    h.server.faults.clear();

    const fired = h.server.faults.counts();
    console.log(`chaos seed ${SEED}: ${SESSIONS} sessions prepared in ${Math.round(seededAt - t0)} ms, uploaded in ${Math.round(drainedMs)} ms; faults fired ${JSON.stringify(fired)}; sign-ins renewed ${reSignIns}`);
    for (const kind of FAULT_KINDS) expect(fired[kind] ?? 0, kind).toBeGreaterThan(0);

    const items = await h.call('sync.items', { includeDone: true, limit: 1000 });
    expect(items).toHaveLength(SESSIONS);
    expect(items.every((i) => i.state === 'done')).toBe(true);

    expect(h.server.store.reportIds().sort()).toEqual(sessions.map((s) => s.sessionId).sort());
    for (const s of sessions) {
      const status = h.server.reportStatus(s.sessionId)!;
      expect(status.complete, s.sessionId).toBe(true);
      // One metadata write per report: every repeat was recognised as such.
      expect(status.revision, s.sessionId).toBe(1);
      const stored = [...status.recordings.map((f) => ({ ...f, collection: 'recordings' as const })), ...status.photos.map((f) => ({ ...f, collection: 'photos' as const }))];
      expect(stored).toHaveLength(s.files.length);
      for (const file of s.files) {
        const there = stored.find((f) => f.sha256 === file.sha256);
        expect(there, file.path).toBeDefined();
        expect(sha(h.server.store.filePath(s.sessionId, there!.collection, there!.id))).toBe(file.sha256);
        // Nothing local lost or changed.
        expect(sha(file.path)).toBe(file.sha256);
      }
      expect(h.server.store.readingCount(s.sessionId)).toBe(s.readings);
      if (s.pdfSha) {
        expect(status.document.stored).toBe(true);
        expect(sha(h.server.store.documentPath(s.sessionId))).toBe(s.pdfSha);
      } else {
        expect(status.document.declared).toBe(false);
      }
    }
    const local = h.backend.db.prepare('SELECT count(*) AS n FROM recordings').get() as { n: number };
    expect(local.n).toBe(sessions.reduce((n, s) => n + s.recordingIds.length, 0));
    expect(h.backend.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
