import { z } from 'zod';
import { EntityId, method, NoParams, Timestamp } from './define';
import { Localized, Modality, Severity } from './diagnosis';
import { Asset } from './register';
import { SessionSummary } from './recording';

/**
 * The visit verdict: one answer to "what state is this machine in today, how sure are we, and
 * what must be done", computed by the back end from every recording of the visit (each stream's
 * stored diagnosis), the deviation from the equipment's healthy baseline, the readings and, once
 * they exist, refrigerant-side findings (`systemFindings`). The visit page, the lists, the PDF,
 * the JSON/CSV exports and the upload all show this object verbatim. The rules that build it are
 * in docs/diagnosis.md ("The visit verdict").
 *
 * Every text in it is a technician's sentence from the shared catalogues (no feature names, no
 * condition keys); the numbers behind a sentence are in `details`, for a "details" disclosure.
 * Keys (`conditionKey`) are for programs (filters, the server), never for display.
 */

/**
 * fault: a warning or critical finding; watch: something to keep an eye on or measure again;
 * healthy: every usable recording heard a healthy machine, nothing pending; not_diagnosable: no
 * usable recording (the reasons say why and what to measure); pending: diagnoses still running and
 * nothing found yet.
 */
export const VerdictStatus = z.enum(['fault', 'watch', 'healthy', 'not_diagnosable', 'pending']);
export type VerdictStatus = z.infer<typeof VerdictStatus>;

/** How sure: confident (a well-founded result), likely (diagnosed but below 80 %), unsure (the engine's "not sure"). */
export const VerdictCertainty = z.enum(['confident', 'likely', 'unsure']);
export type VerdictCertainty = z.infer<typeof VerdictCertainty>;

/** A sentence a technician or customer reads, and the numbers behind it (shown under "details"). */
export const PlainStatement = z.object({
  text: Localized,
  details: z.array(Localized),
});
export type PlainStatement = z.infer<typeof PlainStatement>;

/** What one recording (one stream) contributed. */
export const RecordingFinding = z.object({
  recordingId: EntityId,
  /** The stored diagnosis used (the recording's newest), null while pending or failed. */
  diagnosisId: EntityId.nullable(),
  modality: Modality,
  source: z.enum(['sensor', 'microphone', 'import']),
  /** "소리 · 센서 · 10:32" / "Sound · sensor · 10:32": tells cards apart. */
  title: Localized,
  state: z.enum(['diagnosed', 'uncertain', 'unavailable', 'pending', 'failed']),
  conditionKey: z.string().nullable(),
  condition: Localized.nullable(),
  severity: Severity.nullable(),
  confidence: z.number().min(0).max(1).nullable(),
  /** Distance from the equipment's healthy baseline, when it has one. */
  deviation: z.object({ level: z.enum(['within', 'moderate', 'large']), score: z.number().nonnegative() }).nullable(),
  /** One sentence: what this recording heard or felt, and what it means. */
  summary: PlainStatement,
  /** True for the finding the verdict is built on. */
  leads: z.boolean(),
});
export type RecordingFinding = z.infer<typeof RecordingFinding>;

/**
 * A finding from outside the recordings, e.g. the refrigeration-system diagnosis from pressures and
 * temperatures (issue 16). Empty until that feature supplies it; treated like a recording's
 * well-founded finding when present.
 */
export const SystemFinding = z.object({
  source: z.enum(['refrigeration', 'readings']),
  conditionKey: z.string(),
  condition: Localized,
  severity: Severity,
  confidence: z.number().min(0).max(1).nullable(),
  summary: PlainStatement,
});
export type SystemFinding = z.infer<typeof SystemFinding>;

export const ComputedVerdict = z.object({
  status: VerdictStatus,
  /** The leading condition (null when healthy, not diagnosable or pending). */
  conditionKey: z.string().nullable(),
  condition: Localized.nullable(),
  severity: Severity.nullable(),
  certainty: VerdictCertainty.nullable(),
  /** Calibrated probability of the leading result, when there is one. */
  confidence: z.number().min(0).max(1).nullable(),
  /** False while a recording's diagnosis is pending or has failed: the verdict may still change. */
  complete: z.boolean(),
  /** The verdict in one line: "압축기 밸브 이상 의심 — 수리 계획 필요". */
  headline: Localized,
  /** What it means for the customer, in plain words. */
  meaning: Localized,
  /** What to do now / what will be done, most urgent first. */
  actions: z.array(Localized),
  /** not_diagnosable / incomplete: why, and what to measure. */
  reasons: z.array(Localized),
  /** Recordings or modalities that disagree, said in one sentence (null when they agree). */
  disagreement: Localized.nullable(),
  /** The finding reconciled with the deviation from the healthy baseline, in one sentence. */
  baselineNote: Localized.nullable(),
  /** The evidence in plain words, the strongest first; numbers in each item's details. */
  evidence: z.array(PlainStatement),
  findings: z.array(RecordingFinding),
  systemFindings: z.array(SystemFinding),
  readings: z.object({ temperatureC: z.number().nullable(), currentA: z.number().nullable() }),
  counts: z.object({
    recordings: z.number().int().nonnegative(),
    usable: z.number().int().nonnegative(),
    pending: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
  }),
  /** Changes whenever anything the verdict says changes (drives report revisions). */
  fingerprint: z.string(),
  computedAt: Timestamp,
});
export type ComputedVerdict = z.infer<typeof ComputedVerdict>;

/** Conditions a technician may set by hand: a model class key, `normal`, or `other` (described in the reason). */
export const OverrideCondition = z.string().trim().min(1, { message: 'is required' }).max(64);

export const VerdictOverride = z.object({
  status: z.enum(['fault', 'watch', 'healthy', 'not_diagnosable']),
  severity: Severity.nullable(),
  conditionKey: z.string().nullable(),
  condition: Localized.nullable(),
  /** The technician's own words: why the computed verdict is wrong. */
  reason: z.string(),
  technician: z.string().nullable(),
  at: Timestamp,
});
export type VerdictOverride = z.infer<typeof VerdictOverride>;

export const VerdictAcceptance = z.object({
  technician: z.string().nullable(),
  at: Timestamp,
  /** The computed verdict accepted (its fingerprint): a later change of it needs accepting again. */
  fingerprint: z.string(),
});

/** The computed verdict, the technician's override beside it, and which one stands. */
export const VisitVerdict = z.object({
  visitId: EntityId,
  assetId: EntityId,
  computed: ComputedVerdict,
  override: VerdictOverride.nullable(),
  /** The technician accepted the computed verdict as it is now (null if never, or if it changed since). */
  accepted: VerdictAcceptance.nullable(),
  /** What the report, the lists and the server show: the override when there is one, else the computed verdict. */
  effective: z.object({
    by: z.enum(['computed', 'technician']),
    status: VerdictStatus,
    severity: Severity.nullable(),
    conditionKey: z.string().nullable(),
    condition: Localized.nullable(),
    headline: Localized,
  }),
  /** Goes up by one each time the effective verdict or its evidence changes (the report's revision). */
  revision: z.number().int().positive(),
  updatedAt: Timestamp,
});
export type VisitVerdict = z.infer<typeof VisitVerdict>;

export const OverrideVerdictParams = z
  .object({
    visitId: EntityId,
    status: VerdictOverride.shape.status,
    /** Required for fault and watch; ignored for healthy (normal) and not_diagnosable. */
    severity: Severity.optional(),
    /** Required for fault and watch: a condition key the app knows, or `other` (say which in the reason). */
    conditionKey: OverrideCondition.optional(),
    reason: z.string().trim().min(1, { message: 'is required: say why the verdict is wrong' }).max(2000),
  })
  .strict();
export type OverrideVerdictParams = z.input<typeof OverrideVerdictParams>;

/** The technician stamped on a visit when it starts (from Settings' technician profile). */
export const TechnicianProfile = z.object({
  name: z.string().nullable(),
  company: z.string().nullable(),
  licenceNumber: z.string().nullable(),
});
export type TechnicianProfile = z.infer<typeof TechnicianProfile>;

export const TagLookup = z.object({
  asset: Asset,
  /** The equipment's open visit (the newest when there are several): open it instead of starting another. */
  openVisit: SessionSummary.nullable(),
});
export type TagLookup = z.infer<typeof TagLookup>;

export const verdictMethods = {
  'visits.verdict': method(z.object({ visitId: EntityId }).strict(), VisitVerdict),
  'visits.acceptVerdict': method(z.object({ visitId: EntityId }).strict(), VisitVerdict),
  'visits.overrideVerdict': method(OverrideVerdictParams, VisitVerdict),
  'visits.clearOverride': method(z.object({ visitId: EntityId }).strict(), VisitVerdict),
  /** Visits not yet finished, newest first, with each one's effective verdict headline. */
  'visits.open': method(NoParams, z.array(SessionSummary.extend({ verdict: VisitVerdict.shape.effective.nullable() }))),
  /** A scanned or typed tag: the equipment and its open visit, if any. not_found when no equipment has the tag. */
  'visits.findByTag': method(z.object({ tag: z.string().trim().min(1).max(128) }).strict(), TagLookup),
};

export const verdictEvents = {
  /** A visit's verdict changed (late diagnosis, diagnose again, new recording, override, acceptance). */
  'visits.verdictChanged': z.object({ visitId: EntityId, assetId: EntityId, revision: z.number().int().positive() }),
};
