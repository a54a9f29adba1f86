import type { Db } from '../platform/storage/database';
import { InsightRepository } from '../features/insight';
import { InsightReportSource } from '../features/insight';
import { EventHub } from '../platform/api/event-hub';
import { silentLogger } from '../platform/logging/log';
import { RecordingsRepository } from '../features/recording';
import { SessionsRepository } from '../features/recording';
import { SettingsRepository } from '../platform/storage/settings';
import type { BackendContext } from '../platform/feature';
import type { VerdictSource } from '../features/reports';
import { verdictFeature } from '../features/verdict/verdict-feature';

/**
 * The verdict source of a database alone, for tests that render reports without a whole back end:
 * the real verdict feature over the stored diagnoses (no diagnosis is running, none queued).
 */
export function storedVerdictSource(db: Db, dataDir: string, now: () => Date): VerdictSource {
  const repo = new InsightRepository(db);
  const recordings = new RecordingsRepository(db);
  const sessions = new SessionsRepository(db, now);
  const ctx = { db, dataDir, now, events: new EventHub(), log: silentLogger(), settings: new SettingsRepository(db) } as unknown as BackendContext;
  const sessionInsight = (sessionId: string) => ({
    sessionId,
    assetId: sessions.get(sessionId).assetId,
    recordings: recordings.forSession(sessionId).map((r) => ({
      recordingId: r.id,
      state: 'idle' as const,
      error: null,
      results: repo.forRecording(r.id).map((d) => ({ id: d.id, sessionId: d.sessionId, recordingId: d.recordingId, createdAt: d.createdAt, diagnosis: d.diagnosis, deviation: null })),
      inBaseline: false,
      suggestBaseline: false,
    })),
    labels: [],
    baseline: [],
    earlierSessions: [],
  });
  const verdict = verdictFeature(ctx, { insight: { sessionInsight }, recordings, sessions, timeZone: 'Asia/Seoul' });
  return new InsightReportSource(repo, (id) => verdict.forVisit(id));
}
