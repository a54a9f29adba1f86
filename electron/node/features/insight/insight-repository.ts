import { v7 as uuidv7 } from 'uuid';
import { Diagnosis, type Label } from '../../../../shared/contract';
import type { Db } from '../../platform/storage/database';
import { plainDiagnosis } from '../verdict';
import type { PersonalDataQuery } from '../../platform/privacy/sensitive-terms';

/** This feature's personal data, for the scrubber (platform/privacy). */
export const INSIGHT_PERSONAL_DATA: readonly PersonalDataQuery[] = ['SELECT technician FROM labels'];

/** A stored diagnosis as read back: the full result, and where it belongs. */
export interface DiagnosisRecord {
  id: string;
  sessionId: string;
  recordingId: string | null;
  assetId: string;
  createdAt: string;
  diagnosis: Diagnosis;
}

interface DiagnosisRow {
  id: string;
  session_id: string;
  recording_id: string | null;
  asset_id: string;
  created_at: string;
  result: string;
}

interface LabelRow {
  id: string;
  session_id: string;
  diagnosis_id: string | null;
  recording_id: string | null;
  condition: string;
  verdict: string;
  found: string | null;
  repaired: string | null;
  after_repair_of: string | null;
  technician: string | null;
  created_at: string;
}

// A diagnosis row holds its visit, not its equipment: the recording feature's visit index says which.
const SELECT_DIAGNOSIS = `SELECT d.id, d.session_id, d.recording_id, v.asset_id, d.created_at, d.result
  FROM diagnoses d JOIN visit_index v ON v.visit_id = d.session_id`;

/**
 * Diagnoses, baseline marks and labels in SQLite. Every run of the diagnosis adds a row: a
 * re-run on a newer model never replaces the older result. Rows written before schema 5 (no
 * `result`) or that no longer parse are skipped rather than shown half-read.
 */
export class InsightRepository {
  constructor(private readonly db: Db) {}

  insertDiagnosis(sessionId: string, recordingId: string | null, d: Diagnosis): DiagnosisRecord {
    this.db
      .prepare(
        `INSERT INTO diagnoses (id, session_id, recording_id, model_version, condition, severity, confidence, probabilities, evidence,
                                timings, created_at, result, status, modality, schema_hash)
         VALUES (@id, @sessionId, @recordingId, @modelVersion, @condition, @severity, @confidence, @probabilities, @evidence,
                 @timings, @createdAt, @result, @status, @modality, @schemaHash)`,
      )
      .run({
        id: d.id,
        sessionId,
        recordingId,
        modelVersion: d.model?.version ?? 'none',
        condition: d.condition?.key ?? 'none',
        severity: d.severity ?? 'none',
        confidence: d.confidence ?? 0,
        probabilities: JSON.stringify(d.probabilities),
        evidence: JSON.stringify(d.evidence),
        timings: JSON.stringify(d.timings),
        createdAt: d.createdAt,
        result: JSON.stringify(d),
        status: d.status,
        modality: d.modality,
        schemaHash: d.baseline?.featureSchema.hash ?? null,
      });
    return this.diagnosis(d.id)!;
  }

  diagnosis(id: string): DiagnosisRecord | null {
    const row = this.db.prepare(`${SELECT_DIAGNOSIS} WHERE d.id = ?`).get(id) as DiagnosisRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** Every result of one recording, newest first. */
  forRecording(recordingId: string): DiagnosisRecord[] {
    const rows = this.db.prepare(`${SELECT_DIAGNOSIS} WHERE d.recording_id = ? AND d.result IS NOT NULL ORDER BY d.created_at DESC, d.id DESC`).all(recordingId) as DiagnosisRow[];
    return rows.map(toRecord).filter((r): r is DiagnosisRecord => r !== null);
  }

  /** The newest result of every recording of an asset, oldest recording first. */
  latestForAsset(assetId: string): (DiagnosisRecord & { recordingStartedAt: string })[] {
    const rows = this.db
      .prepare(
        `SELECT d.id, d.session_id, d.recording_id, v.asset_id, d.created_at, d.result, r.started_at AS recording_started_at
         FROM diagnoses d JOIN visit_index v ON v.visit_id = d.session_id JOIN recording_index r ON r.recording_id = d.recording_id
         WHERE v.asset_id = ? AND d.result IS NOT NULL
           AND d.id = (SELECT d2.id FROM diagnoses d2 WHERE d2.recording_id = d.recording_id AND d2.result IS NOT NULL
                       ORDER BY d2.created_at DESC, d2.id DESC LIMIT 1)
         ORDER BY r.started_at, r.recording_id`,
      )
      .all(assetId) as (DiagnosisRow & { recording_started_at: string })[];
    return rows.flatMap((row) => {
      const record = toRecord(row);
      return record ? [{ ...record, recordingStartedAt: row.recording_started_at }] : [];
    });
  }

  /** The session's newest result that is a diagnosis (not "unavailable"), for the report. */
  latestForSession(sessionId: string): DiagnosisRecord | null {
    const rows = this.db.prepare(`${SELECT_DIAGNOSIS} WHERE d.session_id = ? AND d.result IS NOT NULL ORDER BY d.created_at DESC, d.id DESC`).all(sessionId) as DiagnosisRow[];
    for (const row of rows) {
      const record = toRecord(row);
      if (record && record.diagnosis.status !== 'unavailable') return record;
    }
    return null;
  }

  baselineRecordings(assetId: string): string[] {
    return (this.db.prepare('SELECT recording_id FROM baseline_recordings WHERE asset_id = ? ORDER BY added_at').all(assetId) as { recording_id: string }[]).map((r) => r.recording_id);
  }

  setBaseline(recordingId: string, assetId: string, inBaseline: boolean, at: string): void {
    if (inBaseline) this.db.prepare('INSERT OR IGNORE INTO baseline_recordings (recording_id, asset_id, added_at) VALUES (?, ?, ?)').run(recordingId, assetId, at);
    else this.db.prepare('DELETE FROM baseline_recordings WHERE recording_id = ?').run(recordingId);
  }

  addLabel(label: Omit<Label, 'id'>): Label {
    const id = uuidv7();
    this.db
      .prepare(
        `INSERT INTO labels (id, session_id, diagnosis_id, recording_id, condition, verdict, found, repaired, after_repair_of, technician, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, label.sessionId, label.diagnosisId, label.recordingId, label.condition, label.verdict, label.found, label.repaired, label.afterRepairOf, label.technician, label.createdAt);
    return { id, ...label };
  }

  labelsForSession(sessionId: string): Label[] {
    return (this.db.prepare('SELECT * FROM labels WHERE session_id = ? ORDER BY created_at DESC, id DESC').all(sessionId) as LabelRow[]).map(toLabel);
  }

  /** The newest label of every labelled recording (what the technician said last counts). */
  latestLabels(): Label[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM labels l WHERE l.recording_id IS NOT NULL
           AND l.id = (SELECT l2.id FROM labels l2 WHERE l2.recording_id = l.recording_id ORDER BY l2.created_at DESC, l2.id DESC LIMIT 1)
         ORDER BY l.created_at`,
      )
      .all() as LabelRow[];
    return rows.map(toLabel);
  }
}

function toRecord(row: DiagnosisRow): DiagnosisRecord | null {
  let diagnosis: Diagnosis;
  try {
    const parsed = Diagnosis.safeParse(JSON.parse(row.result));
    if (!parsed.success) return null;
    // Stored as the engine made it; read in the shared catalogues' plain words (older rows too).
    diagnosis = plainDiagnosis(parsed.data);
  } catch {
    return null;
  }
  return { id: row.id, sessionId: row.session_id, recordingId: row.recording_id, assetId: row.asset_id, createdAt: row.created_at, diagnosis };
}

function toLabel(row: LabelRow): Label {
  return {
    id: row.id,
    sessionId: row.session_id,
    diagnosisId: row.diagnosis_id,
    recordingId: row.recording_id,
    condition: row.condition,
    verdict: row.verdict === 'corrected' ? 'corrected' : 'confirmed',
    found: row.found,
    repaired: row.repaired,
    afterRepairOf: row.after_repair_of,
    technician: row.technician,
    createdAt: row.created_at,
  };
}
