import { v7 as uuidv7 } from 'uuid';
import type { ClassProbability, Diagnosis, DiagnosisSource, DiagnosisStatus, Severity, UncertainReason, UnavailableReason } from '../../../../../shared/contract';
import type { BearingGeometry } from '../extraction/bearings';
import { CLIPPED_FRACTION_LIMIT } from '../extraction/quality';
import { type Extracted, type MonoSignal, SignalUnusableError } from '../extraction/extract';
import { extractWithFacts, type SpeedMismatch, withFactsChecked } from '../facts-check';
import { SOUND_LONG_WINDOW, SOUND_RATE } from '../extraction/sound';
import { isoZone, NARROWBAND_MIN_RATE, VIBRATION_CONFIG } from '../extraction/vibration';
import { CONDITIONS } from '../conditions';
import type { EnsembleOutput } from '../model/ensemble';
import type { LoadedModel, ModelSet } from '../model/loader';
import { checkBearingTones } from './bearing-rules';
import { runningSpeedItem, soundEvidence, vibrationEvidence } from './evidence';
import { assessShaft, coverage, type ShaftAssessment, SHAFT_CONDITION_NAMES } from './shaft-faults';
import { evenOrdersDominate, halfSpeedLikely, nearestKnownSpeed, novelty, noveltyRecommendations, speedKnown, strongerSpeedElsewhere, toneFacts } from './novelty';
import { uncertain, unavailable } from './reasons';
import type { KindInference } from './signal-input';
import { recommendations, soundSeverity, vibrationSeverity } from './severity';
import { baselineSpectrum, spectrumView } from './views';

/**
 * One recording in, one diagnosis out: features, the model, the decision whether to trust it,
 * evidence, severity, advice, spectra for the screen and data for baselines. Runs wherever it is
 * called: the back end calls it on a worker thread (engine/pool.ts), tools and benchmarks directly.
 */
export interface AnalysisRequest {
  signal: MonoSignal;
  channels: number;
  source: DiagnosisSource;
  machine: { speedHz?: number; bearing?: BearingGeometry; bearingApproximate?: boolean };
  readMs?: number;
  /** The file did not say whether it holds sound or vibration, and the kind was inferred (signal-input.ts). */
  kindInferred?: KindInference;
}

export type ProgressStage = 'reading' | 'resampling' | 'features' | 'inference' | 'done';

export interface AnalysisContext {
  models: ModelSet;
  now?: () => Date;
  onProgress?: (stage: ProgressStage, fraction: number) => void;
  /** The bearing tone rules beside the model (on unless false: the evaluation compares both). */
  bearingRules?: boolean;
}

/** Sound shorter than one analysis window cannot separate 2x from 120 Hz; vibration needs a few windows. */
export const SOUND_MIN_RELIABLE_S = SOUND_LONG_WINDOW / SOUND_RATE;
export const VIBRATION_MIN_RELIABLE_S = 2;

export async function analyze(request: AnalysisRequest, context: AnalysisContext): Promise<Diagnosis> {
  const started = performance.now();
  const now = context.now ?? (() => new Date());
  const progress = context.onProgress ?? (() => {});
  const { signal } = request;
  const base = {
    id: uuidv7(),
    createdAt: now().toISOString(),
    source: request.source,
    modality: signal.modality,
  };
  const timings = { readMs: request.readMs ?? 0, resampleMs: 0, featuresMs: 0, inferenceMs: 0, totalMs: 0 };
  const finish = (d: Omit<Diagnosis, 'timings' | 'id' | 'createdAt' | 'source' | 'modality'>): Diagnosis => {
    progress('done', 1);
    // An inferred kind is said on every result that was made, and no result made on a guess is called sure.
    const checked = withFactsChecked(d, mismatch, request.machine.bearingApproximate === true && signal.modality === 'vibration');
    const told = request.kindInferred && checked.status !== 'unavailable' ? withKindInferred(checked, request.kindInferred) : checked;
    return { ...base, ...told, timings: { ...timings, totalMs: timings.readMs + (performance.now() - started) } };
  };
  const unavailableResult = (reason: UnavailableReason, partial: Partial<Diagnosis> = {}): Diagnosis => {
    const { id: _id, createdAt: _at, source: _source, modality: _modality, timings: _timings, ...empty } = unavailableDiagnosis({ ...base, reason });
    return finish({ ...empty, ...partial });
  };

  progress('resampling', 0.05);
  let extracted: Extracted;
  let mismatch: SpeedMismatch | null = null;
  try {
    ({ extracted, mismatch } = await extractWithFacts(signal, request.machine, (p) => progress('features', 0.1 + 0.75 * p)));
  } catch (error) {
    if (error instanceof SignalUnusableError) return unavailableResult(unavailable(error.code, error.message));
    throw error;
  }
  timings.resampleMs = extracted.resampleMs;
  timings.featuresMs = extracted.featuresMs;
  const q = extracted.quality;
  const quality = {
    durationS: q.seconds,
    sampleRate: q.sampleRate,
    channels: request.channels,
    analysisRate: extracted.analysisRate,
    analysedS: q.seconds,
    clippedFraction: q.clippedFraction,
    rmsDbfs: signal.modality === 'sound' ? Math.round(20 * Math.log10(Math.max(q.rms, 1e-12)) * 10) / 10 : null,
  };
  const a = extracted.analysis;
  const lineHz = extracted.modality === 'sound' ? extracted.analysis.lineHz : (60 as const);
  const survey = extracted.tones;
  const speedGiven = a.speed.source === 'given';
  // A speed is reported only when it is really in the signal: given, or its orders stand out in the
  // averaged spectrum (noise alone made the estimator "find" 53 Hz).
  const speedReal = speedGiven || survey.speedConfirmed(a.speed.hz, lineHz) || (a.speed.found && survey.machinePresent);
  // Loose parts' half orders make a vibration spectrum look like a machine at half the speed whose
  // even orders dominate: the speed is then twice the estimate.
  const doubled = speedReal && !speedGiven && extracted.modality === 'vibration' && evenOrdersDominate(survey, a.speed.hz, lineHz);
  const runningHz = doubled ? 2 * a.speed.hz : a.speed.hz;
  const running = speedReal ? { hz: runningHz, rpm: Math.round(runningHz * 60), source: a.speed.source, found: a.speed.found, lineHz } : null;
  const tones = toneFacts(survey, running?.hz ?? null);
  const vibration =
    extracted.modality === 'vibration'
      ? {
          velocityRmsMmS: Math.round(extracted.analysis.velocityRmsMmS * 1000) / 1000,
          isoZone: isoZone(extracted.analysis.velocityRmsMmS),
          isoClass: 'I' as const,
          accelerationRmsG: Math.round(extracted.analysis.accelerationRmsG * 1e5) / 1e5,
          bandwidth: extracted.bandwidth,
        }
      : null;
  const built = extracted.modality === 'sound' ? soundEvidence(extracted.analysis, null) : vibrationEvidence(extracted.analysis, null, request.machine.bearing !== undefined);
  const views = buildViews(extracted, built);
  const schema = { id: extracted.schemaId, hash: '' };
  const measured = { quality, running, vibration, spectrum: views.spectrum, envelopeSpectrum: views.envelope, tones, coverage: extracted.modality === 'vibration' ? coverage(q.sampleRate) : null };
  const modality = extracted.modality;
  const noMachine = !speedGiven && !survey.machinePresent;
  const shaft = extracted.modality === 'vibration' && running && !noMachine ? assessShaft(extracted.analysis, running.hz) : null;
  const noveltyResult = (kind: 'no_machine' | 'unknown_machine', reasons: UncertainReason[], probabilities: ClassProbability[], rest: Pick<Diagnosis, 'model' | 'baseline'>, shownHz?: number): Diagnosis => {
    const zone = vibration?.isoZone ?? null;
    // The speed the machine was found to turn at when the estimate was another machine's, or half of it.
    const shownRunning = running && shownHz !== undefined && Math.abs(shownHz - running.hz) > 0.05 ? { ...running, hz: shownHz, rpm: Math.round(shownHz * 60), source: 'estimated' as const } : running;
    const shownTones = shownRunning === running ? tones : toneFacts(survey, shownRunning?.hz ?? null);
    return finish({
      status: 'uncertain',
      uncertainReasons: reasons.filter((r) => !ABOUT_THE_ANSWER.has(r.code)),
      unavailable: null,
      condition: null,
      confidence: null,
      probabilities,
      severity: zone === 'D' ? 'critical' : zone === 'C' ? 'warning' : 'watch',
      // Orders measured against another machine's speed say nothing about this one: only the speed found is kept.
      evidence: shownRunning === running ? factualEvidence(built.evidence, speedReal) : [runningSpeedItem(shownRunning!.hz, 'estimated', true), ...factualEvidence(built.evidence, false).filter((e) => e.key !== 'running_speed')],
      ...measured,
      running: shownRunning,
      tones: shownTones,
      recommendations: [...noveltyRecommendations(kind), ...recommendations('diagnosed', null, zone)],
      ...rest,
      novelty: novelty({ kind, modality, running: shownRunning, tones: shownTones, rmsDbfs: quality.rmsDbfs, vibration }),
    });
  };
  const shaftResult = (found: ShaftAssessment & { fault: NonNullable<ShaftAssessment['fault']> }, reasons: UncertainReason[], probabilities: ClassProbability[], rest: Pick<Diagnosis, 'model' | 'baseline'>): Diagnosis => {
    const zone = vibration!.isoZone;
    const kept = reasons.filter((r) => MEASUREMENT_REASONS.has(r.code));
    const info = SHAFT_CONDITION_NAMES[found.fault];
    return finish({
      status: kept.length > 0 ? 'uncertain' : 'diagnosed',
      uncertainReasons: kept,
      unavailable: null,
      condition: { key: found.fault, name: info.name },
      confidence: null,
      probabilities,
      severity: zone === 'D' ? 'critical' : zone === 'C' ? 'warning' : 'watch',
      evidence: [
        ...found.evidence.filter((e) => e.supports),
        ...found.evidence.filter((e) => !e.supports),
        ...(doubled ? [runningSpeedItem(runningHz, 'estimated', true)] : []),
        ...factualEvidence(built.evidence, !doubled),
      ],
      ...measured,
      recommendations: [...info.recommendations, ...recommendations('diagnosed', null, zone)],
      ...rest,
      novelty: null,
      basis: 'measured',
    });
  };

  if (extracted.modality === 'vibration' && !extracted.modelUsable) {
    // Under 3 kHz: the shaft orders and the velocity only; the bearing models never saw such a band.
    const reasons = [uncertain('decimated_rate', q.sampleRate, NARROWBAND_MIN_RATE)];
    if (q.seconds < VIBRATION_MIN_RELIABLE_S) reasons.push(uncertain('too_short', Math.round(q.seconds * 100) / 100, VIBRATION_MIN_RELIABLE_S));
    if (q.clippedFraction > CLIPPED_FRACTION_LIMIT) reasons.push(uncertain('clipped', q.clippedFraction, CLIPPED_FRACTION_LIMIT));
    const rest = { model: null, baseline: { featureSchema: { id: schema.id, hash: `lowband-${q.sampleRate}` }, features: Array.from(a.features, (v) => Math.round(v * 1e6) / 1e6), spectrum: views.baseline } };
    if (noMachine) return noveltyResult('no_machine', [uncertain('no_machine', 0, null), ...reasons], [], rest);
    if (shaft?.fault) return shaftResult(shaft as Parameters<typeof shaftResult>[0], reasons, [], rest);
    const zone = vibration!.isoZone;
    return finish({
      status: 'uncertain',
      uncertainReasons: running ? reasons : [...reasons, uncertain('too_noisy', Math.round(a.speed.score), null)],
      unavailable: null,
      condition: running ? { key: 'normal', name: CONDITIONS.normal.name } : null,
      confidence: null,
      probabilities: [],
      severity: zone === 'D' ? 'critical' : zone === 'C' ? 'warning' : zone === 'B' ? 'watch' : 'normal',
      evidence: [...(shaft?.evidence ?? []), ...factualEvidence(built.evidence, running !== null)],
      ...measured,
      recommendations: recommendations('diagnosed', null, zone),
      ...rest,
      novelty: null,
      basis: 'measured',
    });
  }

  const pick = modelFor(context.models, extracted);
  if ('reason' in pick) return unavailableResult(pick.reason, { ...measured, evidence: built.evidence, baseline: null });
  const model = pick.model;
  schema.hash = model.entry.featureSchema.hash;
  const modelRef = { id: model.entry.id, version: context.models.manifest!.version, featureSchema: { id: model.entry.featureSchema.id, hash: model.entry.featureSchema.hash } };
  const baseline = { featureSchema: schema, features: Array.from(a.features, (v) => Math.round(v * 1e6) / 1e6), spectrum: views.baseline };

  progress('inference', 0.9);
  let output: EnsembleOutput;
  const t = performance.now();
  try {
    output = await model.session!.run([a.features]);
  } catch (error) {
    return unavailableResult(unavailable('model_failed', `The model ${model.entry.id} failed while running (${(error as Error).message.split('\n')[0]}); no diagnosis was made.`), { ...measured, model: modelRef, baseline });
  }
  timings.inferenceMs = performance.now() - t;

  const probs = output.probabilities[0]!;
  const classes = model.entry.classes;
  const probabilities: ClassProbability[] = classes
    .map((c, i) => ({ key: c.key, name: c.name, probability: Math.min(1, Math.max(0, Math.round(probs[i]! * 1e4) / 1e4)) }))
    .sort((x, y) => y.probability - x.probability);
  const top = probabilities[0]!;
  const reasons = uncertainReasons(extracted, output, model, request.machine.bearing !== undefined, top.probability);
  if (!speedReal && !reasons.some((r) => r.code === 'too_noisy')) reasons.push(uncertain('too_noisy', Math.round(a.speed.score), null));
  // What the model cannot speak for: no machine at all, a machine unlike its training, or a speed it never heard.
  if (noMachine) reasons.unshift(uncertain('no_machine', survey.tones.length, null));
  let speedOutside = running !== null && !speedKnown(modality, running.hz);
  if (!speedOutside && running && !speedGiven && modality === 'sound' && halfSpeedLikely(survey, running.hz, lineHz)) speedOutside = true;
  const elsewhere = !speedOutside && running && !speedGiven && modality === 'sound' ? strongerSpeedElsewhere(survey, running.hz, lineHz, modality) : null;
  if (elsewhere !== null) speedOutside = true;
  let shownHz: number | undefined;
  if (elsewhere !== null) {
    shownHz = elsewhere;
    reasons.push(uncertain('louder_machine_elsewhere', Math.round(elsewhere * 10) / 10, nearestKnownSpeed(modality, elsewhere)));
  } else if (speedOutside && running) {
    shownHz = halfSpeedLikely(survey, running.hz, lineHz) && !speedGiven ? running.hz / 2 : running.hz;
    reasons.push(uncertain('speed_out_of_range', Math.round(shownHz * 10) / 10, nearestKnownSpeed(modality, shownHz)));
  }
  const rest = { model: modelRef, baseline };
  if (noMachine) return noveltyResult('no_machine', reasons, probabilities, rest);
  // A confident bearing fault is more specific than a shaft fault; otherwise the measured shaft fault leads.
  const bearingFault = modality === 'vibration' && top.key !== 'normal' && reasons.every((r) => r.code === 'bearing_assumed');
  if (shaft?.fault && !bearingFault) return shaftResult(shaft as Parameters<typeof shaftResult>[0], reasons, probabilities, rest);
  const unknown = speedOutside || reasons.some((r) => r.code === 'out_of_distribution');
  if (unknown) return noveltyResult('unknown_machine', reasons, probabilities, rest, shownHz);
  // The model's bearing answer checked against the defect tones in the kurtogram's band (bearing-rules.ts).
  const check = extracted.modality === 'vibration' && speedReal && context.bearingRules !== false ? checkBearingTones(extracted.analysis, top) : null;
  if (check?.reason) reasons.push(check.reason);
  // A healthy rotary compressor's eccentric, or a room mode at 1x, sounds like unbalance: only vibration or a baseline can confirm it.
  if (extracted.modality === 'sound' && top.key === 'unbalance') reasons.push(uncertain('unbalance_from_sound', top.probability, null));
  // Cicadas pulse at 40-200 Hz: a rhythm slower than any rolling bearing's defect frequency is not one.
  const rhythm = extracted.modality === 'sound' ? extracted.analysis.envelopes.find((e) => e.name === 'high') : undefined;
  if (top.key === 'bearing_wear' && rhythm?.available && rhythm.topPeak.prominenceDb >= 10 && rhythm.topPeak.order < SLOWEST_BEARING_ORDER) {
    reasons.push(uncertain('rate_not_bearing', Math.round(rhythm.topPeak.order * 100) / 100, SLOWEST_BEARING_ORDER));
  }
  const followed = check?.outcome.kind === 'follow_tones' ? check.outcome.condition : null;
  // Following the tones, what was said about the model's own answer no longer applies.
  const kept = followed ? reasons.filter((r) => !ABOUT_THE_ANSWER.has(r.code)) : reasons;
  const status: DiagnosisStatus = kept.length > 0 ? 'uncertain' : 'diagnosed';
  const condition = followed ? { key: followed, name: CONDITIONS[followed].name } : { key: top.key, name: top.name };
  const severity: Severity =
    extracted.modality === 'sound'
      ? soundSeverity(status, top.key, top.probability, extracted.analysis)
      : vibrationSeverity(status, condition.key, followed ? 1 : top.probability, extracted.analysis, vibration!.isoZone);
  const named = (extracted.modality === 'sound' ? soundEvidence(extracted.analysis, condition.key) : vibrationEvidence(extracted.analysis, condition.key, request.machine.bearing !== undefined)).evidence;
  const evidence = [...(check?.evidence ?? []), ...(speedReal ? named : factualEvidence(named, false)), ...(shaft?.evidence ?? [])];
  return finish({
    status,
    uncertainReasons: kept,
    unavailable: null,
    condition,
    confidence: followed ? null : top.probability,
    probabilities,
    severity,
    evidence,
    ...measured,
    recommendations: recommendations(status, condition.key, vibration?.isoZone ?? null),
    model: modelRef,
    baseline,
    novelty: null,
    ...(followed ? { basis: 'measured' as const } : {}),
  });
}

/** Evidence items built on the running speed mean nothing when no speed is in the signal; and with no condition named, none supports one. */
const SPEED_BOUND = new Set(['running_speed', 'order_1x', 'order_2x', 'line_2x', 'harmonics', 'envelope_peak', 'cycle_impacts', 'defect_bpfo', 'defect_bpfi', 'defect_bsf2']);
/** Reasons about the recording itself, which still hold for a condition found by measurement rules. */
/**
 * The slowest defect rhythm of a rolling bearing, per turn: the outer race's (about 0.4 x balls)
 * for the fewest balls in common deep-groove bearings (7), with margin; cage and ball spin alone
 * do not ring a bearing's resonance in the sound.
 */
const SLOWEST_BEARING_ORDER = 2.8;
const MEASUREMENT_REASONS = new Set(['too_short', 'clipped', 'decimated_rate']);

function withKindInferred<D extends Pick<Diagnosis, 'status' | 'uncertainReasons'>>(d: D, inferred: KindInference): D {
  const reason = uncertain(inferred.modality === 'sound' ? 'kind_assumed_sound' : 'kind_assumed_vibration', Math.round(inferred.peak * 1000) / 1000, 1);
  return { ...d, status: d.status === 'diagnosed' ? 'uncertain' : d.status, uncertainReasons: [...d.uncertainReasons, reason] };
}
/** Reasons about the model's answer, which is not given when no condition is named. */
const ABOUT_THE_ANSWER = new Set(['low_confidence', 'ensemble_disagreement']);
function factualEvidence(items: Diagnosis['evidence'], speedReal: boolean): Diagnosis['evidence'] {
  return items.filter((e) => speedReal || !SPEED_BOUND.has(e.key)).map((e) => ({ ...e, supports: null }));
}

function modelFor(set: ModelSet, extracted: Extracted): { model: LoadedModel } | { reason: UnavailableReason } {
  if (!set.manifest) {
    return set.dir
      ? { reason: unavailable('model_invalid', set.problems[0] ?? 'The model manifest is unreadable.') }
      : { reason: unavailable('no_model', 'No diagnosis model is installed: the recording was analysed but not diagnosed.') };
  }
  const wanted = (m: LoadedModel) => m.entry.modality === extracted.modality && (extracted.modality === 'sound' || m.entry.bandwidth === extracted.bandwidth);
  const model = set.models.find(wanted);
  if (!model) {
    const what = extracted.modality === 'sound' ? 'compressor sound' : `vibration sampled at ${extracted.analysisRate} Hz`;
    return { reason: unavailable('no_model', `The installed model set ${set.manifest.version} has no model for ${what}.`) };
  }
  if (!model.session) return { reason: unavailable('model_invalid', `The model ${model.entry.id} was refused: ${model.problem ?? 'unknown problem'}.`) };
  return { model };
}

function uncertainReasons(extracted: Extracted, output: EnsembleOutput, model: LoadedModel, bearingGiven: boolean, confidence: number): UncertainReason[] {
  const u = model.entry.uncertainty;
  const reasons: UncertainReason[] = [];
  const ood = output.oodDistance[0]!;
  if (ood > u.oodThreshold) reasons.push(uncertain('out_of_distribution', Math.round(ood * 10) / 10, Math.round(u.oodThreshold * 10) / 10));
  const m = output.members;
  const members = [m.rf[0]!, m.gb[0]!, m.mlp[0]!];
  let disagreement = 0;
  for (let i = 0; i < members.length; i += 1) {
    for (let j = i + 1; j < members.length; j += 1) {
      let tv = 0;
      for (let c = 0; c < members[i]!.length; c += 1) tv += Math.abs(members[i]![c]! - members[j]![c]!);
      disagreement = Math.max(disagreement, tv / 2);
    }
  }
  if (disagreement > u.disagreementThreshold) reasons.push(uncertain('ensemble_disagreement', Math.round(disagreement * 100) / 100, u.disagreementThreshold));
  if (confidence < u.minConfidence) reasons.push(uncertain('low_confidence', confidence, u.minConfidence));
  const q = extracted.quality;
  const minSeconds = extracted.modality === 'sound' ? SOUND_MIN_RELIABLE_S : VIBRATION_MIN_RELIABLE_S;
  if (q.seconds < minSeconds) reasons.push(uncertain('too_short', Math.round(q.seconds * 100) / 100, Math.round(minSeconds * 10) / 10));
  if (extracted.analysis.speed.source === 'estimated' && !extracted.analysis.speed.found) reasons.push(uncertain('too_noisy', Math.round(extracted.analysis.speed.score), null));
  if (q.clippedFraction > CLIPPED_FRACTION_LIMIT) reasons.push(uncertain('clipped', q.clippedFraction, CLIPPED_FRACTION_LIMIT));
  if (extracted.modality === 'sound' && q.sampleRate < SOUND_RATE) reasons.push(uncertain('decimated_rate', q.sampleRate, SOUND_RATE));
  if (extracted.modality === 'vibration' && !bearingGiven) reasons.push(uncertain('bearing_assumed'));
  return reasons;
}

function buildViews(extracted: Extracted, built: ReturnType<typeof soundEvidence>) {
  const a = extracted.analysis;
  const { power, binHz } = a.spectrum;
  const sound = extracted.modality === 'sound';
  const reference = sound ? ('total_power' as const) : ('one_g' as const);
  const total = sound ? extracted.analysis.totalPower : 1;
  // Vibration shows the envelope of the band the kurtogram chose: where the bearing tones were judged.
  // Its markers keep their places; their levels were measured in the fixed bands, so are left off.
  const impulsive = extracted.modality === 'vibration' && extracted.analysis.impulsive.available ? extracted.analysis.impulsive : null;
  const fixed = a.envelopes.find((e) => e.name === built.envelopeBand) ?? a.envelopes[0]!;
  const env = impulsive ? { available: true, power: impulsive.power, binHz: impulsive.binHz, band: { loHz: impulsive.band.loHz, hiHz: impulsive.band.hiHz } } : fixed;
  const envelopeMarkers = impulsive ? built.envelopeMarkers.map((m) => ({ ...m, levelDb: null })) : built.envelopeMarkers;
  const envTotal = env.power.reduce((s, v, k) => (k > 0 ? s + v : s), 0);
  const nyquist = sound ? SOUND_RATE / 2 : VIBRATION_CONFIG[extracted.bandwidth].rate / 2;
  return {
    spectrum: spectrumView({ kind: 'spectrum', power, binHz, toHz: 1000, stepHz: 1, reference, referencePower: total, markers: built.spectrumMarkers }),
    envelope: env.available
      ? spectrumView({ kind: 'envelope', power: env.power, binHz: env.binHz, toHz: 600, stepHz: 1, reference: 'total_power', referencePower: envTotal, band: env.band, markers: envelopeMarkers })
      : null,
    baseline: baselineSpectrum(power, binHz, nyquist, sound ? 10 : 5, reference, total),
  };
}

/** A diagnosis that says only why there is none (for inputs that never reach the pipeline). */
export function unavailableDiagnosis(input: { source: DiagnosisSource; modality: 'sound' | 'vibration'; reason: UnavailableReason; readMs?: number; now?: () => Date }): Diagnosis {
  const readMs = input.readMs ?? 0;
  return {
    id: uuidv7(),
    createdAt: (input.now ?? (() => new Date()))().toISOString(),
    source: input.source,
    modality: input.modality,
    status: 'unavailable',
    uncertainReasons: [],
    unavailable: input.reason,
    condition: null,
    confidence: null,
    probabilities: [],
    severity: null,
    evidence: [],
    spectrum: null,
    envelopeSpectrum: null,
    vibration: null,
    running: null,
    quality: null,
    recommendations: [],
    model: null,
    timings: { readMs, resampleMs: 0, featuresMs: 0, inferenceMs: 0, totalMs: readMs },
    baseline: null,
  };
}
