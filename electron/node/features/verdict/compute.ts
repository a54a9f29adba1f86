import crypto from 'node:crypto';
import type {
  ComputedVerdict,
  Deviation,
  Diagnosis,
  Localized,
  PlainStatement,
  RecordingFinding,
  Severity,
  SystemFinding,
  VerdictCertainty,
  VerdictStatus,
} from '../../../../shared/contract';
import { conditionActions, conditionName, plainEvidence, reasonText, say } from './words';

/**
 * The visit verdict from everything measured in the visit. Pure: the same input gives the same
 * verdict (and fingerprint), whatever order the recordings were made or diagnosed in. The rules
 * are written down in docs/diagnosis.md ("The visit verdict") and tested one by one in
 * compute.test.ts.
 */
export interface RecordingInput {
  recordingId: string;
  modality: 'sound' | 'vibration';
  source: 'sensor' | 'microphone' | 'import';
  startedAt: string;
  /** pending: queued, running or not yet queued; failed: the last run failed; unusable: cannot be diagnosed (empty, broken). */
  run: 'done' | 'pending' | 'failed' | 'unusable';
  diagnosisId: string | null;
  /** The recording's newest stored diagnosis (null when none yet). */
  diagnosis: Diagnosis | null;
  deviation: Deviation | null;
}

export interface VerdictInput {
  recordings: RecordingInput[];
  readings: { temperatureC: number | null; currentA: number | null };
  /** Refrigerant-side and other findings from outside the recordings (issue 16); empty for now. */
  systemFindings: SystemFinding[];
  /** For the clock times in the recordings' titles (the computer's zone by default). */
  timeZone?: string;
}

const RANK: Record<Severity, number> = { normal: 0, watch: 1, warning: 2, critical: 3 };
/** Below this calibrated probability a diagnosed result is "likely", not "confident". */
const CONFIDENT = 0.8;
const MAX_EVIDENCE = 8;

interface Lead {
  conditionKey: string;
  severity: Severity;
  confidence: number | null;
  recordingId: string | null;
  deviation: Deviation | null;
}

export function computeVerdict(input: VerdictInput): Omit<ComputedVerdict, 'computedAt'> {
  const findings = input.recordings.map((r) => findingOf(r, input.timeZone));
  const byId = new Map(input.recordings.map((r) => [r.recordingId, r]));
  const diagnosed = input.recordings.filter((r) => r.diagnosis?.status === 'diagnosed' && r.diagnosis.condition && r.diagnosis.severity);
  const uncertainHints = input.recordings.filter((r) => r.diagnosis?.status === 'uncertain' && r.diagnosis.condition && r.diagnosis.condition.key !== 'normal');
  const pending = input.recordings.filter((r) => r.run === 'pending').length;
  const failed = input.recordings.filter((r) => r.run === 'failed').length;
  const usable = input.recordings.filter((r) => r.diagnosis && r.diagnosis.status !== 'unavailable').length;

  // Well-founded findings: diagnosed recordings and findings from outside the recordings.
  const wellFounded: Lead[] = [
    ...diagnosed.map((r) => ({
      conditionKey: r.diagnosis!.condition!.key,
      severity: r.diagnosis!.severity!,
      confidence: r.diagnosis!.confidence,
      recordingId: r.recordingId,
      deviation: r.deviation,
    })),
    ...input.systemFindings.map((f) => ({ conditionKey: f.conditionKey, severity: f.severity, confidence: f.confidence, recordingId: null, deviation: null })),
  ];
  // The worst well-founded finding leads, whatever came before or after it; ties go to the surer one.
  const faults = wellFounded.filter((f) => f.conditionKey !== 'normal').sort((a, b) => RANK[b.severity] - RANK[a.severity] || (b.confidence ?? 0) - (a.confidence ?? 0));
  const lead = faults[0] ?? null;
  const healthy = wellFounded.filter((f) => f.conditionKey === 'normal');
  const largest = largestDeviation(input.recordings);

  let status: VerdictStatus;
  let severity: Severity | null = null;
  let conditionKey: string | null = null;
  let certainty: VerdictCertainty | null = null;
  let confidence: number | null = null;
  let headline: Localized;
  let baselineNote: Localized | null = null;
  const reasons: Localized[] = [];
  let actions: Localized[] = [];

  if (lead) {
    conditionKey = lead.conditionKey;
    severity = lead.severity === 'normal' ? 'watch' : lead.severity;
    status = severity === 'watch' ? 'watch' : 'fault';
    confidence = lead.confidence;
    certainty = (lead.confidence ?? 0) >= CONFIDENT ? 'confident' : 'likely';
    const name = conditionName(lead.conditionKey);
    headline = say((c) => (severity === 'critical' ? c.headline.critical : severity === 'warning' ? c.headline.warning : c.headline.watch), { condition: name });
    const dev = lead.deviation ?? largest;
    if (dev) baselineNote = say((c) => (dev.level === 'large' ? c.baseline.faultLarge : dev.level === 'moderate' ? c.baseline.faultModerate : c.baseline.faultWithin), { condition: name });
    actions = conditionActions(lead.conditionKey);
    // Other faults found in the same visit get their first step too (one line each).
    for (const other of new Set(faults.slice(1).map((f) => f.conditionKey))) if (other !== lead.conditionKey) actions.push(...conditionActions(other).slice(0, 1));
  } else if (healthy.length > 0 && largest?.level === 'large') {
    // A healthy-sounding machine far from its own normal is not called healthy: one sentence says both.
    status = 'watch';
    severity = 'watch';
    certainty = 'likely';
    headline = say((c) => c.headline.watchDeviation);
    baselineNote = say((c) => c.baseline.healthyLarge);
    actions = [say((c) => c.usualActions.watch)];
  } else if (uncertainHints.length > 0 && pending === 0) {
    const hint = [...uncertainHints].sort((a, b) => (b.diagnosis!.confidence ?? 0) - (a.diagnosis!.confidence ?? 0))[0]!;
    status = 'watch';
    severity = 'watch';
    certainty = 'unsure';
    conditionKey = hint.diagnosis!.condition!.key;
    confidence = hint.diagnosis!.confidence;
    headline = say((c) => c.headline.watch, { condition: conditionName(conditionKey!) });
    for (const r of uncertainHints) for (const u of r.diagnosis!.uncertainReasons) pushUnique(reasons, reasonText(u.code, u.value));
    actions = [say((c) => c.measureAdvice), say((c) => c.usualActions.watch)];
  } else if (healthy.length > 0 && pending === 0 && failed === 0) {
    status = 'healthy';
    severity = 'normal';
    conditionKey = 'normal';
    confidence = Math.min(...healthy.map((h) => h.confidence ?? 0));
    certainty = confidence >= CONFIDENT ? 'confident' : 'likely';
    headline = say((c) => c.headline.healthy);
    if (largest) baselineNote = say((c) => (largest.level === 'moderate' ? c.baseline.healthyModerate : c.baseline.healthyWithin));
    actions = [say((c) => c.usualActions.healthy)];
  } else if (pending > 0) {
    status = 'pending';
    headline = say((c) => c.headline.pending);
  } else {
    status = 'not_diagnosable';
    headline = say((c) => c.headline.not_diagnosable);
    reasons.push(say((c) => (input.recordings.length === 0 ? c.noRecordings : c.noUsable)));
    for (const r of input.recordings) {
      const d = r.diagnosis;
      if (d?.status === 'unavailable' && d.unavailable) pushUnique(reasons, reasonText(d.unavailable.code));
      if (d?.status === 'uncertain') for (const u of d.uncertainReasons) pushUnique(reasons, reasonText(u.code, u.value));
    }
    actions = [say((c) => c.measureAdvice)];
    // A machine unlike any the model knows is not helped by measuring again, only by its own baseline.
    if (input.recordings.some((r) => r.diagnosis?.novelty?.suggestBaseline)) actions.unshift(say((c) => c.baselineAdvice));
  }

  // Incomplete: said, never hidden, whatever the status.
  for (const r of input.recordings) if (r.run === 'failed') reasons.push(say((c) => c.failedRecording, { title: titleOf(r, input.timeZone) }));
  if (pending > 0) reasons.push(say((c) => c.incomplete, { count: pending }));

  const disagreement = disagreementOf(input.recordings, lead?.conditionKey ?? null, input.timeZone);
  const evidence = evidenceOf(input, lead, byId);

  const verdict = {
    status,
    conditionKey: status === 'healthy' || status === 'not_diagnosable' || status === 'pending' ? null : conditionKey,
    condition: status === 'healthy' ? conditionName('normal') : conditionKey && status !== 'not_diagnosable' && status !== 'pending' ? conditionName(conditionKey) : null,
    severity,
    certainty,
    confidence,
    complete: pending === 0 && failed === 0,
    headline,
    meaning: say((c) => (severity === 'critical' ? c.meaning.critical : severity === 'warning' ? c.meaning.warning : severity === 'watch' ? c.meaning.watch : status === 'healthy' ? c.meaning.healthy : status === 'pending' ? c.meaning.pending : c.meaning.not_diagnosable)),
    actions,
    reasons,
    disagreement,
    baselineNote,
    evidence,
    findings: findings.map((f) => ({ ...f, leads: lead?.recordingId === f.recordingId })),
    systemFindings: input.systemFindings,
    readings: input.readings,
    counts: { recordings: input.recordings.length, usable, pending, failed },
  };
  return { ...verdict, fingerprint: fingerprintOf(verdict) };
}

function pushUnique(list: Localized[], item: Localized): void {
  if (!list.some((x) => x.en === item.en)) list.push(item);
}

function largestDeviation(recordings: RecordingInput[]): Deviation | null {
  const order = { within: 0, moderate: 1, large: 2 } as const;
  let best: Deviation | null = null;
  for (const r of recordings) {
    if (!r.deviation || r.diagnosis?.status === 'unavailable') continue;
    if (!best || order[r.deviation.level] > order[best.level] || (r.deviation.level === best.level && r.deviation.score > best.score)) best = r.deviation;
  }
  return best;
}

function clock(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, ...(timeZone ? { timeZone } : {}) }).format(new Date(iso));
}

function titleOf(r: RecordingInput, timeZone?: string): Localized {
  return say((c) => c.findingTitle, { modality: say((c) => c.modality[r.modality]), source: say((c) => c.source[r.source]), time: clock(r.startedAt, timeZone) });
}

function findingOf(r: RecordingInput, timeZone?: string): Omit<RecordingFinding, 'leads'> {
  const d = r.diagnosis;
  const base = {
    recordingId: r.recordingId,
    diagnosisId: r.diagnosisId,
    modality: r.modality,
    source: r.source,
    title: titleOf(r, timeZone),
    deviation: r.deviation ? { level: r.deviation.level, score: r.deviation.score } : null,
  };
  if (!d) {
    if (r.run === 'unusable') return { ...base, state: 'unavailable', conditionKey: null, condition: null, severity: null, confidence: null, summary: { text: say((c) => c.finding.unavailable, { reason: '' }), details: [] } };
    const state = r.run === 'failed' ? 'failed' : 'pending';
    return { ...base, state, conditionKey: null, condition: null, severity: null, confidence: null, summary: { text: say((c) => (state === 'failed' ? c.finding.failed : c.finding.pending)), details: [] } };
  }
  const percent = Math.round((d.confidence ?? 0) * 100);
  const details = d.confidence === null ? [] : [say((c) => c.details.confidence, { percent })];
  if (d.running?.found) details.push(say((c) => c.details.speed, { rpm: Math.round(d.running!.rpm) }));
  if (d.status === 'unavailable') {
    return { ...base, state: 'unavailable', conditionKey: null, condition: null, severity: null, confidence: null, summary: { text: say((c) => c.finding.unavailable, { reason: reasonText(d.unavailable?.code ?? 'model_failed') }), details: [] } };
  }
  if (d.novelty) {
    // No machine, or one unlike what the model knows: the engine named nothing, and neither does the finding.
    const reason = d.uncertainReasons[0];
    const text = say((c) => c.finding.noFaultNamed, { reason: reason ? reasonText(reason.code, reason.value) : '' });
    return { ...base, state: d.status, conditionKey: null, condition: null, severity: d.severity, confidence: null, summary: { text, details } };
  }
  const key = d.condition?.key ?? 'unknown';
  const certainty = d.status === 'uncertain' ? say((c) => c.certainty.unsure) : (d.confidence ?? 0) >= CONFIDENT ? say((c) => c.certainty.confident) : say((c) => c.certainty.likely);
  let text: Localized;
  if (d.status === 'uncertain') {
    const reason = d.uncertainReasons[0];
    text = say((c) => c.finding.uncertain, { condition: conditionName(key), reason: reason ? reasonText(reason.code, reason.value) : '' });
  } else if (key === 'normal') {
    text = say((c) => (r.modality === 'vibration' ? c.finding.healthyVibration : c.finding.healthy), { certainty, percent });
  } else {
    text = say((c) => c.finding.diagnosed, { condition: conditionName(key), certainty, percent });
  }
  for (const e of d.evidence) {
    const plain = e.supports === key || e.key === 'velocity_rms' ? plainEvidence(e, d.evidence) : null;
    if (plain) details.push(plain.text, ...plain.details);
  }
  return { ...base, state: d.status, conditionKey: key, condition: conditionName(key), severity: d.severity, confidence: d.confidence, summary: { text, details } };
}

/** Recordings that heard different things are named, one clause each, in one sentence. */
function disagreementOf(recordings: RecordingInput[], leadKey: string | null, timeZone?: string): Localized | null {
  const diagnosed = recordings.filter((r) => r.diagnosis?.status === 'diagnosed' && r.diagnosis.condition);
  const keys = new Set(diagnosed.map((r) => r.diagnosis!.condition!.key));
  if (keys.size > 1) {
    const byModality = new Map<string, Set<string>>();
    for (const r of diagnosed) byModality.set(r.modality, (byModality.get(r.modality) ?? new Set()).add(r.diagnosis!.condition!.key));
    const modalitySplit = byModality.size > 1 && [...byModality.values()].every((s) => s.size === 1);
    const items = diagnosed.map((r) => say((c) => c.disagreement.item, { title: titleOf(r, timeZone), result: conditionName(r.diagnosis!.condition!.key) }));
    const list = { ko: items.map((i) => i.ko).join(', '), en: items.map((i) => i.en).join('; ') };
    return say((c) => (modalitySplit ? c.disagreement.modalities : c.disagreement.recordings), { list });
  }
  const hint = recordings.find((r) => r.diagnosis?.status === 'uncertain' && r.diagnosis.condition && r.diagnosis.condition.key !== 'normal' && r.diagnosis.condition.key !== leadKey);
  if (hint && diagnosed.length > 0) return say((c) => c.disagreement.unsure, { condition: conditionName(hint.diagnosis!.condition!.key) });
  return null;
}

function evidenceOf(input: VerdictInput, lead: Lead | null, byId: Map<string, RecordingInput>): PlainStatement[] {
  const out: PlainStatement[] = [];
  const add = (s: PlainStatement | null) => {
    if (s && !out.some((x) => x.text.en === s.text.en) && out.length < MAX_EVIDENCE) out.push(s);
  };
  // The lead's own evidence first, then what the other recordings found, then levels and readings.
  const leadRec = lead?.recordingId ? byId.get(lead.recordingId) : undefined;
  const ordered = leadRec ? [leadRec, ...input.recordings.filter((r) => r !== leadRec)] : input.recordings;
  for (const r of ordered) {
    const d = r.diagnosis;
    if (d?.status !== 'diagnosed' || !d.condition || d.condition.key === 'normal') continue;
    for (const e of d.evidence) if (e.supports === d.condition.key) add(plainEvidence(e, d.evidence));
  }
  for (const f of input.systemFindings) add(f.summary);
  for (const r of ordered) for (const e of r.diagnosis?.evidence ?? []) if (e.key === 'velocity_rms') add(plainEvidence(e));
  const dev = lead?.deviation ?? largestDeviation(input.recordings);
  if (dev) {
    const note = dev.level === 'large' ? 'large' : dev.level === 'moderate' ? 'moderate' : 'within';
    add({
      text: say((c) => (note === 'large' ? (lead ? c.baseline.faultLarge : c.baseline.healthyLarge) : note === 'moderate' ? (lead ? c.baseline.faultModerate : c.baseline.healthyModerate) : lead ? c.baseline.faultWithin : c.baseline.healthyWithin), { condition: lead ? conditionName(lead.conditionKey) : '' }),
      details: [say((c) => c.baseline.details, { score: dev.score.toFixed(1), count: dev.baselineRecordings })],
    });
  }
  if (input.readings.temperatureC !== null) add({ text: say((c) => c.evidence.temperature, { value: input.readings.temperatureC.toFixed(1) }), details: [] });
  if (input.readings.currentA !== null) add({ text: say((c) => c.evidence.current, { value: input.readings.currentA.toFixed(2) }), details: [] });
  return out;
}

function fingerprintOf(verdict: object): string {
  return crypto.createHash('sha256').update(JSON.stringify(verdict)).digest('hex').slice(0, 32);
}
