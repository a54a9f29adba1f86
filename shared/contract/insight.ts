import { z } from 'zod';
import { EntityId, method, Timestamp } from './define';
import { Diagnosis, Localized, ModelInfo, Severity } from './diagnosis';
import { VerdictCertainty, VerdictStatus } from './verdict';

/**
 * The technician's side of diagnosis: stored results per recording (kept across model versions),
 * per-asset healthy baselines and the deviation from them, trends, labels that retrain the model,
 * and installing a model set from disk.
 */

/** A band or order whose level moved against the asset's healthy baseline. */
export const ChangedBand = z.object({
  kind: z.enum(['band', 'order']),
  /** For orders: the multiple of the running speed. */
  order: z.number().nullable(),
  loHz: z.number().nonnegative(),
  hiHz: z.number().nonnegative(),
  /** Level now minus the baseline's median level, dB. */
  deltaDb: z.number(),
  /** The same change in units of the baseline's own spread (robust z). */
  z: z.number(),
});
export type ChangedBand = z.infer<typeof ChangedBand>;

export const ChangedFeature = z.object({ name: z.string(), value: z.number(), median: z.number(), z: z.number() });
export type ChangedFeature = z.infer<typeof ChangedFeature>;

/**
 * How far a recording is from its asset's healthy profile. `score` is the root-mean-square of the
 * robust z-scores (median/MAD over the baseline recordings) of the model's feature vector, each
 * capped at 10 so that one broken feature cannot dominate: about 1 for another healthy recording.
 */
export const Deviation = z.object({
  score: z.number().nonnegative(),
  level: z.enum(['within', 'moderate', 'large']),
  baselineRecordings: z.number().int().positive(),
  changed: z.array(ChangedBand),
  features: z.array(ChangedFeature),
  /** Now minus baseline median, dB, on the baseline's spectrum grid. */
  difference: z.object({ fromHz: z.number(), stepHz: z.number().positive(), db: z.array(z.number()) }),
});
export type Deviation = z.infer<typeof Deviation>;

export const StoredDiagnosis = z.object({
  id: EntityId,
  sessionId: EntityId,
  recordingId: EntityId.nullable(),
  createdAt: Timestamp,
  diagnosis: Diagnosis,
  /** Against the asset's baseline of the same kind (null when there is none, or this recording is in it). */
  deviation: Deviation.nullable(),
});
export type StoredDiagnosis = z.infer<typeof StoredDiagnosis>;

export const Verdict = z.enum(['confirmed', 'corrected']);
export const Label = z.object({
  id: EntityId,
  sessionId: EntityId,
  diagnosisId: EntityId.nullable(),
  recordingId: EntityId.nullable(),
  /** Condition key the technician says is right (a model class, or `other`). */
  condition: z.string(),
  verdict: Verdict,
  found: z.string().nullable(),
  repaired: z.string().nullable(),
  /** Set when this visit checks a repair made in an earlier visit: the "after" of a before/after pair. */
  afterRepairOf: EntityId.nullable(),
  technician: z.string().nullable(),
  createdAt: Timestamp,
});
export type Label = z.infer<typeof Label>;

export const RecordingInsight = z.object({
  recordingId: EntityId,
  state: z.enum(['idle', 'queued', 'running', 'failed']),
  /** Why the last run failed (English, for the log); the UI shows its own words. */
  error: z.string().nullable(),
  /** Newest first: re-running on a newer model keeps the older results. */
  results: z.array(StoredDiagnosis),
  inBaseline: z.boolean(),
  /** The app suggests this one for the baseline (normal, high confidence, baseline still small). */
  suggestBaseline: z.boolean(),
});
export type RecordingInsight = z.infer<typeof RecordingInsight>;

export const SessionInsight = z.object({
  sessionId: EntityId,
  assetId: EntityId,
  recordings: z.array(RecordingInsight),
  labels: z.array(Label),
  baseline: z.array(z.object({ modality: z.enum(['sound', 'vibration']), recordings: z.number().int() })),
  /** Earlier visits of the same asset (for "after repair of"). */
  earlierSessions: z.array(z.object({ id: EntityId, startedAt: Timestamp })),
});
export type SessionInsight = z.infer<typeof SessionInsight>;

export const TrendPoint = z.object({
  sessionId: EntityId,
  recordingId: EntityId,
  at: Timestamp,
  modality: z.enum(['sound', 'vibration']),
  condition: z.string().nullable(),
  severity: Severity.nullable(),
  /** 0 normal ... 3 critical (for charting). */
  severityRank: z.number().int().nullable(),
  deviation: z.number().nullable(),
  /** Sound: RMS dBFS; vibration: velocity RMS mm/s. */
  level: z.number().nullable(),
  /** Level of the running-speed order above the floor, dB. */
  order1xDb: z.number().nullable(),
  temperatureC: z.number().nullable(),
  currentA: z.number().nullable(),
});
export type TrendPoint = z.infer<typeof TrendPoint>;

/**
 * One piece of equipment in the lists, by the verdict of its latest visit (the newest with a
 * recording whose diagnoses are in, or with the technician's own verdict): the same words the visit
 * page and the PDF show, never a single recording's result.
 */
export const AssetUrgency = z.object({
  assetId: EntityId,
  assetName: z.string(),
  /** The visit the verdict is of; null when the equipment has no such visit yet. */
  visitId: EntityId.nullable(),
  status: VerdictStatus.nullable(),
  severity: Severity.nullable(),
  /** The condition in plain words (from the verdict catalogue), null when healthy-unknown or none. */
  condition: Localized.nullable(),
  /** The verdict in one line, as on the visit page. */
  headline: Localized.nullable(),
  /** How sure the app is; null when the technician set the verdict (`by`) or there is none. */
  certainty: VerdictCertainty.nullable(),
  confidence: z.number().min(0).max(1).nullable(),
  by: z.enum(['computed', 'technician']).nullable(),
  /** The largest distance from the equipment's healthy baseline among the visit's recordings. */
  deviation: z.number().nullable(),
  /** When the visit the verdict is of started. */
  lastDiagnosedAt: Timestamp.nullable(),
});
export type AssetUrgency = z.infer<typeof AssetUrgency>;

export const LabelParams = z
  .object({
    sessionId: EntityId,
    diagnosisId: EntityId.optional(),
    condition: z.string().trim().min(1).max(64),
    verdict: Verdict,
    found: z.string().trim().max(2000).optional(),
    repaired: z.string().trim().max(2000).optional(),
    afterRepairOf: EntityId.optional(),
  })
  .strict();

export const ExportDatasetResult = z.object({
  dir: z.string(),
  sets: z.array(z.object({ name: z.string(), rows: z.number().int() })),
  recordings: z.number().int(),
  /** Labelled recordings left out, with the reason (unknown class, no diagnosis on this schema...). */
  skipped: z.array(z.object({ recordingId: EntityId, reason: z.string() })),
});
export type ExportDatasetResult = z.infer<typeof ExportDatasetResult>;

export const insightMethods = {
  'insight.session': method(z.object({ sessionId: EntityId }).strict(), SessionInsight),
  'insight.diagnose': method(z.object({ recordingId: EntityId }).strict(), z.object({ queued: z.boolean() })),
  'insight.setBaseline': method(z.object({ recordingId: EntityId, inBaseline: z.boolean() }).strict(), z.object({ recordings: z.number().int() })),
  'insight.label': method(LabelParams, Label),
  'insight.trend': method(z.object({ assetId: EntityId }).strict(), z.object({ points: z.array(TrendPoint) })),
  'insight.siteUrgency': method(z.object({ siteId: EntityId }).strict(), z.object({ assets: z.array(AssetUrgency) })),
  /** Every active piece of equipment (of one site when `siteId` is given), most urgent first. */
  'insight.urgency': method(z.object({ siteId: EntityId.optional() }).strict(), z.object({ assets: z.array(AssetUrgency) })),
  /** Into a new folder under the data folder's exports: a payload never chooses where the back end writes. */
  'insight.exportDataset': method(z.object({}).strict(), ExportDatasetResult),
  'insight.installModel': method(z.object({ path: z.string().min(1).max(4096) }).strict(), ModelInfo),
};

export const insightEvents = {
  /** A recording's diagnosis was queued, started, finished or failed, or a baseline or label changed. */
  'insight.changed': z.object({ sessionId: EntityId, assetId: EntityId }),
};
