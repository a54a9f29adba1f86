import fs from 'node:fs';
import path from 'node:path';
import type { RecoveredRecording } from '../../../../shared/contract';
import type { Logger } from '../../platform/logging/log';
import type { Db } from '../../platform/storage/database';
import type { FileStore } from './file-store';
import { reattachUnknown, type ReattachResult } from './reattach';
import type { RecoveryNotices } from './recovery-notices';
import { parseGaps, type RecordingRow, type RecordingsRepository } from './recordings-repository';
import type { SessionsRepository } from './sessions-repository';
import { repairWav, sha256File } from './wav-appender';

export interface RecoveryDeps {
  db: Db;
  files: FileStore;
  recordings: RecordingsRepository;
  sessions: SessionsRepository;
  notices: RecoveryNotices;
  log: Logger;
  now: () => Date;
  /** What start-up found of the database file: `missing`/`empty` beside recordings means its index is rebuilt from the files. */
  database: 'ok' | 'missing' | 'empty';
}

export interface RecoveryResult {
  recovered: RecoveredRecording[];
  reattach: ReattachResult;
}

/**
 * Runs at start-up, before anything is served or recorded: every recording still marked
 * `recording` was cut short (kill, crash, power cut). Its WAV is repaired to the whole frames on
 * disk (header sizes set, a partial trailing frame dropped), its readings are already committed,
 * and it is marked `recovered` with its real length, or `failed` when nothing at all was kept.
 * Then half-made files of the previous run (tmp/) are removed, and files no row refers to are
 * re-attached from their sidecars or quarantined, never deleted (reattach.ts).
 *
 * Each recording is finished and its notice stored in one transaction, so a second kill during
 * recovery leaves every row either untouched (recovered at the next start) or final.
 */
export async function recoverInterrupted(deps: RecoveryDeps): Promise<RecoveryResult> {
  const { recordings, files, log } = deps;
  const recovered: RecoveredRecording[] = [];
  for (const row of recordings.interrupted()) {
    try {
      recovered.push(await recoverOne(deps, row));
    } catch (error) {
      log.error({ err: error, recordingId: row.id }, 'an interrupted recording could not be recovered; it stays marked as recording');
    }
  }
  const tmp = files.clearTmp();
  const reattach = await reattachUnknown(deps);
  const repaired = reattach.reattached.length + reattach.quarantined.length + reattach.sessionsRebuilt.length;
  if (repaired > 0 || deps.database !== 'ok') {
    deps.notices.setRepair({
      at: deps.now().toISOString(),
      database: deps.database,
      reattached: reattach.reattached.length,
      sessionsRebuilt: reattach.sessionsRebuilt.length,
      quarantined: reattach.quarantined.length,
    });
  }
  if (recovered.length > 0 || tmp > 0 || repaired > 0 || deps.database !== 'ok') {
    log.info(
      { recovered: recovered.length, tmpRemoved: tmp, database: deps.database, reattached: reattach.reattached, sessionsRebuilt: reattach.sessionsRebuilt, quarantined: reattach.quarantined },
      'recovery after an interrupted run',
    );
  }
  return { recovered, reattach };
}

async function recoverOne(deps: RecoveryDeps, row: RecordingRow): Promise<RecoveredRecording> {
  const { recordings, files } = deps;
  let frames = 0;
  let durationS: number | null = null;
  let bytes: number | null = null;
  let sha256: string | null = null;
  let startUs = row.start_us;
  if (row.stream === 'readings') {
    const stats = recordings.countReadings(row.id);
    frames = stats.count;
    startUs = stats.firstUs;
    durationS = stats.firstUs !== null && stats.lastUs !== null ? (stats.lastUs - stats.firstUs) / 1e6 : null;
  } else if (row.path) {
    const file = files.abs(row.path);
    const repaired = repairWav(file);
    if (repaired) {
      frames = repaired.frames;
      durationS = frames / repaired.spec.sampleRate;
      bytes = repaired.bytes;
      sha256 = await sha256File(file);
      if (repaired.droppedBytes > 0) deps.log.info({ recordingId: row.id, droppedBytes: repaired.droppedBytes }, 'dropped a partial trailing frame');
    } else if (fs.existsSync(file) && fs.statSync(file).size < 44) {
      // Not even a header reached the disk: nothing to keep. A larger file we cannot read is left as it is.
      fs.rmSync(file, { force: true });
    }
  }
  const status = frames > 0 ? 'recovered' : 'failed';
  const started = Date.parse(row.started_at);
  const session = deps.db
    .prepare('SELECT p.asset_name FROM sessions se JOIN asset_places p ON p.asset_id = se.asset_id WHERE se.id = ?')
    .get(row.session_id) as { asset_name: string } | undefined;
  const notice: RecoveredRecording = {
    recordingId: row.id,
    sessionId: row.session_id,
    assetName: session?.asset_name ?? path.basename(row.session_id),
    stream: row.stream,
    status,
    durationS,
    frames,
  };
  deps.db.transaction(() => {
    recordings.finish(row.id, {
      status,
      stopReason: 'crash',
      frames,
      durationS: frames > 0 ? durationS : 0,
      startUs,
      gaps: parseGaps(row.gaps),
      peak: row.peak,
      clippedSamples: row.clipped_samples,
      bytes,
      sha256,
      endedAt: new Date(started + (durationS ?? 0) * 1000).toISOString(),
    });
    deps.notices.addRecoveries([notice]);
  })();
  return notice;
}
