import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../platform/logging/log';
import type { Db } from '../../platform/storage/database';
import { restorePlace } from '../register';
import { ensureDeviceKnown } from '../sensors';
import type { FileStore } from './file-store';
import type { RecordingsRepository } from './recordings-repository';
import { readSidecar, RecordingSidecar, SESSION_SIDECAR, SessionSidecar } from './sidecars';
import type { SessionsRepository } from './sessions-repository';
import { repairWav, sha256File } from './wav-appender';
import { WavReader } from './wav-reader';

export interface ReattachDeps {
  db: Db;
  files: FileStore;
  recordings: RecordingsRepository;
  sessions: SessionsRepository;
  log: Logger;
  now: () => Date;
}

export interface ReattachResult {
  /** Recordings given back their row from their files and sidecars. */
  reattached: { recordingId: string; sessionId: string }[];
  /** Visits rebuilt from their sidecar because the database no longer had them. */
  sessionsRebuilt: string[];
  /** Files nothing could re-attach, now under quarantine/ (relative to the data folder). */
  quarantined: string[];
}

/**
 * Start-up, after interrupted recordings are repaired: every file under recordings/ and photos/
 * that no row refers to is either re-attached (its sidecar says which visit and stream it
 * belongs to; its WAV header says the rest) or moved to quarantine/. Nothing is ever deleted
 * because the database does not know it: the database may be the thing that is wrong.
 */
export async function reattachUnknown(deps: ReattachDeps): Promise<ReattachResult> {
  const { files, recordings, sessions, log } = deps;
  const referenced = new Set([...recordings.allPaths(), ...sessions.allPhotoPaths()]);
  const result: ReattachResult = { reattached: [], sessionsRebuilt: [], quarantined: [] };
  const groups = new Map<string, string[]>();
  for (const relative of files.unknownFiles(referenced)) {
    const [top, sessionId, name] = relative.split('/') as [string, string, string];
    if (top === 'recordings' && name === SESSION_SIDECAR) continue; // the visit's own sidecar stays with it
    const recordingId = name.split('.')[0]!;
    if (top === 'recordings' && name === `${recordingId}.json` && recordingExists(deps.db, recordingId)) continue;
    const key = `${top}/${sessionId}/${recordingId}`;
    groups.set(key, [...(groups.get(key) ?? []), relative]);
  }
  const toQuarantine: string[] = [];
  for (const [key, group] of groups) {
    const [top, sessionId, recordingId] = key.split('/') as [string, string, string];
    try {
      if (top === 'recordings' && (await reattachOne(deps, sessionId, recordingId, group, result))) {
        result.reattached.push({ recordingId, sessionId });
        continue;
      }
    } catch (error) {
      log.warn({ err: error, recordingId }, 'a recording found without a row could not be re-attached; it is quarantined');
    }
    toQuarantine.push(...group);
  }
  if (toQuarantine.length > 0) result.quarantined = files.quarantine(toQuarantine, deps.now());
  return result;
}

async function reattachOne(deps: ReattachDeps, sessionId: string, recordingId: string, group: string[], result: ReattachResult): Promise<boolean> {
  const { files, recordings, db } = deps;
  const sidecar = readSidecar(files.abs(files.recordingFile(sessionId, recordingId, '.json')), RecordingSidecar);
  if (!sidecar || sidecar.id !== recordingId || sidecar.sessionId !== sessionId) return false;
  if (!group.includes(sidecar.path)) return false;
  if (!sessionExists(db, sessionId)) {
    const visit = readSidecar(path.join(files.dataDir, 'recordings', sessionId, SESSION_SIDECAR), SessionSidecar);
    if (!visit || visit.session.id !== sessionId) return false;
    rebuildSession(db, visit, deps.now().toISOString());
    result.sessionsRebuilt.push(sessionId);
  }
  const file = files.abs(sidecar.path);
  // Our own WAVs may have been cut short by a crash: make their header true first.
  if (sidecar.source !== 'import') repairWav(file);
  const reader = WavReader.open(file);
  const wav = { frames: reader.frames, sampleRate: reader.sampleRate, channels: reader.channels, format: reader.format };
  reader.close();
  const bytes = fs.statSync(file).size;
  const sha256 = await sha256File(file);
  const present = (p: string | null) => (p !== null && (group.includes(p) || p === sidecar.path) ? p : null);
  db.transaction(() => {
    if (sidecar.deviceId !== null) {
      ensureDeviceKnown(db, sidecar.deviceId, sidecar.startedAt);
    }
    recordings.insert({
      id: recordingId,
      sessionId,
      captureId: sidecar.captureId,
      deviceId: sidecar.deviceId,
      source: sidecar.source,
      sourceLabel: sidecar.sourceLabel,
      stream: sidecar.stream,
      status: wav.frames > 0 ? 'recovered' : 'failed',
      path: sidecar.path,
      originalPath: present(sidecar.originalPath),
      analysisPath: present(sidecar.analysisPath),
      originalName: sidecar.originalName,
      sampleRate: wav.sampleRate,
      channels: wav.channels,
      sampleFormat: wav.format,
      startedAt: sidecar.startedAt,
    });
    const durationS = wav.frames / wav.sampleRate;
    recordings.finish(recordingId, {
      status: wav.frames > 0 ? 'recovered' : 'failed',
      stopReason: sidecar.source === 'import' ? 'imported' : null,
      frames: wav.frames,
      durationS,
      startUs: Date.parse(sidecar.startedAt) * 1000,
      gaps: [],
      peak: null,
      clippedSamples: 0,
      bytes,
      sha256,
      endedAt: new Date(Date.parse(sidecar.startedAt) + durationS * 1000).toISOString(),
    });
  })();
  // Files of this recording the sidecar does not name (a stray copy) are not ours to guess about.
  const named = new Set([sidecar.path, sidecar.originalPath, sidecar.analysisPath, files.recordingFile(sessionId, recordingId, '.json')]);
  const stray = group.filter((g) => !named.has(g));
  if (stray.length > 0) result.quarantined.push(...files.quarantine(stray, deps.now()));
  return true;
}

/**
 * The visit, its equipment, site and customer as they were when the sidecar was written. Rows
 * that still exist are kept as they are; a name or tag now taken by another row is not forced.
 */
function rebuildSession(db: Db, v: SessionSidecar, at: string): void {
  db.transaction(() => {
    restorePlace(db, v, at);
    const a = v.asset;
    const s = v.session;
    db.prepare(
      `INSERT OR IGNORE INTO sessions (id, asset_id, technician, status, started_at, notes, tags, created_at, updated_at)
       VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?)`,
    ).run(s.id, a.id, s.technician, s.startedAt, s.notes, s.tags, s.startedAt, at);
  })();
}

function recordingExists(db: Db, id: string): boolean {
  return db.prepare('SELECT 1 FROM recordings WHERE id = ?').get(id) !== undefined;
}

function sessionExists(db: Db, id: string): boolean {
  return db.prepare('SELECT 1 FROM sessions WHERE id = ?').get(id) !== undefined;
}
