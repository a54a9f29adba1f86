/**
 * The recorder's writes as whole steps, on a real database file: a capture's rows go in all or
 * none, come out by capture, and become final together or stay for recovery.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type NewRecording, RecordingsRepository } from './recordings-repository';
import { type RecordingTestBackend, recordingBackend, sessionFor } from '../../testing/recording/recording-backend';

const backends: RecordingTestBackend[] = [];
afterEach(async () => {
  for (const b of backends.splice(0)) await b.cleanup();
});

async function setup() {
  const b = recordingBackend();
  backends.push(b);
  await b.start();
  const { sessionId } = await sessionFor(b);
  const repo = new RecordingsRepository(b.db);
  const row = (id: string, captureId: string, stream: NewRecording['stream'], deviceId: string | null = null): NewRecording => ({
    id,
    sessionId,
    captureId,
    deviceId,
    source: 'microphone',
    sourceLabel: null,
    stream,
    status: 'recording',
    path: stream === 'readings' ? null : `recordings/${sessionId}/${id}.wav`,
    sampleRate: stream === 'readings' ? null : 16000,
    channels: stream === 'readings' ? null : 1,
    sampleFormat: stream === 'readings' ? null : 'pcm16',
    startedAt: '2027-01-15T08:00:00.000Z',
  });
  const statuses = () => b.db.prepare('SELECT id, status, capture_id AS captureId FROM recordings ORDER BY id').all();
  const seriesCount = () => (b.db.prepare('SELECT count(*) AS n FROM reading_series').get() as { n: number }).n;
  return { b, repo, row, statuses, seriesCount };
}

const finished = (frames: number) => ({
  status: 'complete' as const,
  stopReason: 'user' as const,
  frames,
  durationS: frames / 16000,
  startUs: 1_800_000_000_000_000,
  gaps: [],
  peak: 0.5,
  clippedSamples: 0,
  bytes: 44 + frames * 2,
  sha256: 'ab'.repeat(32),
  endedAt: '2027-01-15T08:00:10.000Z',
});

describe('a capture\'s rows', () => {
  it('go in all or none, with a reading series for each readings stream', async () => {
    const { repo, row, statuses, seriesCount } = await setup();
    // The third row names a sensor the database does not know: nothing of the capture may stay.
    expect(() => repo.insertCapture([row('r1', 'c1', 'audio'), row('r2', 'c1', 'readings'), row('r3', 'c1', 'audio', 'no-such-sensor')])).toThrow(/FOREIGN KEY/);
    expect(statuses()).toEqual([]);
    expect(seriesCount()).toBe(0);

    const series = repo.insertCapture([row('r1', 'c1', 'audio'), row('r2', 'c1', 'readings')]);
    expect([...series.keys()]).toEqual(['r2']);
    expect(repo.seriesOf('r2')).toBe(series.get('r2'));
    expect(statuses()).toEqual([
      { id: 'r1', status: 'recording', captureId: 'c1' },
      { id: 'r2', status: 'recording', captureId: 'c1' },
    ]);
  });

  it('come out by capture, leaving other captures alone', async () => {
    const { repo, row, statuses } = await setup();
    repo.insertCapture([row('a1', 'ca', 'audio'), row('a2', 'ca', 'audio')]);
    repo.insertCapture([row('b1', 'cb', 'audio')]);
    repo.deleteByCapture('ca');
    expect(statuses()).toEqual([{ id: 'b1', status: 'recording', captureId: 'cb' }]);
  });

  it('become final together, or all stay "recording" for the next start to repair', async () => {
    const { b, repo, row, statuses } = await setup();
    repo.insertCapture([row('r1', 'c1', 'audio'), row('r2', 'c1', 'audio')]);
    // The second row's update fails as a full disk would fail it.
    b.db.exec("CREATE TEMP TRIGGER refuse_r2 BEFORE UPDATE ON recordings WHEN NEW.id = 'r2' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
    expect(() => repo.finishCapture([{ id: 'r1', result: finished(16000) }, { id: 'r2', result: finished(8000) }])).toThrow(/disk is full/);
    expect(statuses().map((r) => (r as { status: string }).status)).toEqual(['recording', 'recording']);

    b.db.exec('DROP TRIGGER refuse_r2');
    repo.finishCapture([{ id: 'r1', result: finished(16000) }, { id: 'r2', result: finished(8000) }]);
    expect(repo.get('r1')).toMatchObject({ status: 'complete', frames: 16000, durationS: 1, stopReason: 'user' });
    expect(repo.get('r2')).toMatchObject({ status: 'complete', frames: 8000, durationS: 0.5 });
  });

  it('save their progress in one step: a refused row keeps every row as it was', async () => {
    const { b, repo, row } = await setup();
    repo.insertCapture([row('r1', 'c1', 'audio'), row('r2', 'c1', 'audio')]);
    const gap = { atFrame: 1600, missingFrames: 512, reason: 'sequence' as const, startUs: 1, endUs: 2 };
    const progress = { startUs: 1_800_000_000_000_000, gaps: [gap], peak: 0.25, clippedSamples: 3 };
    b.db.exec("CREATE TEMP TRIGGER refuse_r2 BEFORE UPDATE ON recordings WHEN NEW.id = 'r2' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
    expect(() => repo.saveProgressAll([{ id: 'r1', progress }, { id: 'r2', progress }])).toThrow(/disk is full/);
    expect(repo.get('r1')).toMatchObject({ startUs: null, gaps: [], clippedSamples: 0 });

    b.db.exec('DROP TRIGGER refuse_r2');
    repo.saveProgressAll([{ id: 'r1', progress }, { id: 'r2', progress }]);
    for (const id of ['r1', 'r2']) expect(repo.get(id)).toMatchObject({ startUs: 1_800_000_000_000_000, gaps: [gap], peak: 0.25, clippedSamples: 3 });
  });
});
