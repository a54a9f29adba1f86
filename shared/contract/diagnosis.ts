import { z } from 'zod';
import { EntityId, method, NoParams, Timestamp } from './define';
import { UnavailableReasonCode, UncertainReasonCode } from './diagnosis-reasons';
import { BearingDesignation } from './machine-facts';

/**
 * A diagnosis: what the engine concluded from one recording, how sure it is, and why. This is the
 * shape the technician's result screen, per-asset baselines and trends are built on, so it carries
 * the measurements behind the conclusion (evidence, spectra, the feature vector) as well as the
 * conclusion itself. Nothing here is ever invented: when the model cannot run, `status` is
 * `unavailable` and says why; when it runs but should not be trusted, `uncertain` with reasons.
 *
 * Text meant for people comes in Korean and English (`Localized`), because it is built from
 * measured values ("1x at 58.3 Hz is 14 dB above the noise floor") that the UI cannot template
 * from keys alone.
 */
export const Localized = z.object({ ko: z.string(), en: z.string() });
export type Localized = z.infer<typeof Localized>;

export const Modality = z.enum(['sound', 'vibration']);
export type Modality = z.infer<typeof Modality>;

/** normal: nothing to do; watch: measure again / keep an eye; warning: plan a repair; critical: act now. */
export const Severity = z.enum(['normal', 'watch', 'warning', 'critical']);
export type Severity = z.infer<typeof Severity>;

export const DiagnosisStatus = z.enum(['diagnosed', 'uncertain', 'unavailable']);
export type DiagnosisStatus = z.infer<typeof DiagnosisStatus>;

export const UncertainReason = z.object({
  code: UncertainReasonCode,
  message: Localized,
  /** The measured value behind the reason, and the limit it crossed, where there is one. */
  value: z.number().nullable(),
  limit: z.number().nullable(),
});
export type UncertainReason = z.infer<typeof UncertainReason>;

export const UnavailableReason = z.object({ code: UnavailableReasonCode, message: Localized });
export type UnavailableReason = z.infer<typeof UnavailableReason>;

export const Condition = z.object({
  /** Stable key from the model manifest, e.g. `bearing_wear`, `inner_race`, `normal`. */
  key: z.string(),
  name: Localized,
});
export type Condition = z.infer<typeof Condition>;

export const ClassProbability = Condition.extend({ probability: z.number().min(0).max(1) });
export type ClassProbability = z.infer<typeof ClassProbability>;

export const EvidenceItem = z.object({
  /** What was measured: `running_speed`, `order_1x`, `line_2x`, `envelope_peak`, `defect_bpfi`, `velocity_rms`, ... */
  key: z.string(),
  /** The model feature it corresponds to (schema name), when there is one. */
  feature: z.string().nullable(),
  frequencyHz: z.number().nullable(),
  /** Frequency as a multiple of the running speed. */
  order: z.number().nullable(),
  /** Level above the local noise floor, dB. */
  levelDb: z.number().nullable(),
  value: z.number().nullable(),
  unit: z.string().nullable(),
  /** The condition this observation points to (a condition key), or null for context. */
  supports: z.string().nullable(),
  statement: Localized,
});
export type EvidenceItem = z.infer<typeof EvidenceItem>;

export const SpectrumMarker = z.object({
  hz: z.number(),
  kind: z.enum(['order', 'line', 'defect', 'peak']),
  label: Localized,
  /** Level above the local floor at the marker, dB (null when nothing stands out). */
  levelDb: z.number().nullable(),
});
export type SpectrumMarker = z.infer<typeof SpectrumMarker>;

/**
 * A spectrum reduced for drawing: value i covers [fromHz + i*stepHz, fromHz + (i+1)*stepHz), the
 * strongest bin in it (peaks survive the reduction). `floorDb` is the local noise floor on the same
 * grid. Sound levels are relative to the recording's total power (microphone gain is unknown);
 * vibration levels are absolute, in dB re 1 g.
 */
export const SpectrumView = z.object({
  kind: z.enum(['spectrum', 'envelope']),
  /** For an envelope spectrum: the resonance band that was demodulated. */
  band: z.object({ loHz: z.number(), hiHz: z.number() }).nullable(),
  reference: z.enum(['total_power', 'one_g']),
  fromHz: z.number(),
  stepHz: z.number().positive(),
  /** Resolution of the underlying analysis (bin width), Hz. */
  resolutionHz: z.number().positive(),
  db: z.array(z.number()),
  floorDb: z.array(z.number()),
  markers: z.array(SpectrumMarker),
});
export type SpectrumView = z.infer<typeof SpectrumView>;

export const IsoZone = z.enum(['A', 'B', 'C', 'D']);
export type IsoZone = z.infer<typeof IsoZone>;

export const VibrationLevels = z.object({
  /** RMS velocity 10-1000 Hz, mm/s (ISO 10816). */
  velocityRmsMmS: z.number().nonnegative(),
  isoZone: IsoZone,
  /** ISO 10816-1 machine class the zone limits are for (class I: up to 15 kW). */
  isoClass: z.literal('I'),
  accelerationRmsG: z.number().nonnegative(),
  /** Which vibration model applied: 12 kHz analysis, or the ADXL345's 3200 Hz. */
  bandwidth: z.enum(['wideband', 'narrowband']),
});
export type VibrationLevels = z.infer<typeof VibrationLevels>;

export const RunningSpeed = z.object({
  hz: z.number().positive(),
  rpm: z.number().positive(),
  source: z.enum(['given', 'estimated']),
  /** Whether the machine's orders stood out clearly enough to trust an estimate. */
  found: z.boolean(),
  lineHz: z.union([z.literal(50), z.literal(60)]),
});
export type RunningSpeed = z.infer<typeof RunningSpeed>;

export const SignalQuality = z.object({
  durationS: z.number().nonnegative(),
  sampleRate: z.number().positive(),
  channels: z.number().int().positive(),
  analysisRate: z.number().positive().nullable(),
  /** Seconds actually analysed (a long file is analysed whole). */
  analysedS: z.number().nonnegative(),
  clippedFraction: z.number().min(0).max(1),
  /** Sound: RMS level in dB re full scale. Vibration: null. */
  rmsDbfs: z.number().nullable(),
});
export type SignalQuality = z.infer<typeof SignalQuality>;

export const ModelRef = z.object({
  id: z.string(),
  /** Version of the model set (manifest `version`). */
  version: z.string(),
  featureSchema: z.object({ id: z.string(), hash: z.string() }),
});
export type ModelRef = z.infer<typeof ModelRef>;

export const DiagnosisTimings = z.object({
  readMs: z.number().nonnegative(),
  resampleMs: z.number().nonnegative(),
  featuresMs: z.number().nonnegative(),
  inferenceMs: z.number().nonnegative(),
  totalMs: z.number().nonnegative(),
});
export type DiagnosisTimings = z.infer<typeof DiagnosisTimings>;

/**
 * What a per-asset baseline keeps of a recording: the model's input vector (same schema = same
 * meaning) and the average spectrum on a fixed grid (sound: 0-8 kHz in 10 Hz steps, dB re total
 * power; vibration: 0 Hz to Nyquist in 5 Hz steps, dB re 1 g), so later recordings of the same
 * asset can be compared feature by feature and band by band.
 */
export const BaselineData = z.object({
  featureSchema: z.object({ id: z.string(), hash: z.string() }),
  features: z.array(z.number()),
  spectrum: z.object({ fromHz: z.number(), stepHz: z.number().positive(), reference: z.enum(['total_power', 'one_g']), db: z.array(z.number()) }),
});
export type BaselineData = z.infer<typeof BaselineData>;

export const DiagnosisSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file'), name: z.string(), format: z.enum(['wav', 'flac', 'csv']) }),
  z.object({ kind: z.literal('recording'), recordingId: EntityId }),
  z.object({ kind: z.literal('samples'), label: z.string() }),
]);
export type DiagnosisSource = z.infer<typeof DiagnosisSource>;

/**
 * What the engine says instead of naming a condition when the recording is unlike anything the
 * model knows (`unknown_machine`: out of distribution, or a speed outside its training) or holds no
 * machine at all (`no_machine`: only noise). `condition` and `confidence` are then null; the
 * model's probabilities stay in `probabilities`, for details only.
 */
export const Novelty = z.object({
  kind: z.enum(['no_machine', 'unknown_machine']),
  /** What to tell the technician first, in place of a condition. */
  message: Localized,
  /** Measured facts in plain words: running speed (only when really in the signal), strongest tones, level, ISO zone. */
  facts: z.array(Localized),
  /** A healthy baseline of this machine lets later recordings be compared with it instead. */
  suggestBaseline: z.boolean(),
});
export type Novelty = z.infer<typeof Novelty>;

/** A steady tone in the recording (averaged spectrum, about 1 Hz resolution). */
export const ToneFact = z.object({
  hz: z.number(),
  /** Level above the local floor, dB. */
  prominenceDb: z.number(),
  /** As a multiple of the running speed, when the speed is known and the tone is near an order. */
  order: z.number().nullable(),
});
export type ToneFact = z.infer<typeof ToneFact>;

/** What a vibration recording's band can and cannot show (e.g. the ADXL345's 3.2 kHz misses bearing resonances). */
export const BandCoverage = z.object({
  /** Highest frequency the recording holds, Hz (half its sample rate). */
  topHz: z.number().positive(),
  /** What this band shows: `iso_zone`, `unbalance`, `misalignment`, `looseness`, `bearing_tones`, `bearing_resonance`. */
  shows: z.array(z.string()),
  /** What it cannot show, left to the microphone or a wider-band sensor. */
  misses: z.array(z.string()),
  statement: Localized,
});
export type BandCoverage = z.infer<typeof BandCoverage>;

export const Diagnosis = z.object({
  id: EntityId,
  createdAt: Timestamp,
  source: DiagnosisSource,
  modality: Modality,
  status: DiagnosisStatus,
  /** Why the result is uncertain (empty unless status is `uncertain`). */
  uncertainReasons: z.array(UncertainReason),
  /** Why there is no result (null unless status is `unavailable`). */
  unavailable: UnavailableReason.nullable(),
  /** The most probable condition (null when unavailable). Shown as "not sure" when uncertain. */
  condition: Condition.nullable(),
  /** Calibrated probability of `condition`. */
  confidence: z.number().min(0).max(1).nullable(),
  /** Every condition the model knows, most probable first. */
  probabilities: z.array(ClassProbability),
  severity: Severity.nullable(),
  evidence: z.array(EvidenceItem),
  spectrum: SpectrumView.nullable(),
  envelopeSpectrum: SpectrumView.nullable(),
  vibration: VibrationLevels.nullable(),
  running: RunningSpeed.nullable(),
  quality: SignalQuality.nullable(),
  recommendations: z.array(Localized),
  model: ModelRef.nullable(),
  timings: DiagnosisTimings,
  baseline: BaselineData.nullable(),
  /** Set when no condition is named because the recording is unlike what the model knows or holds no machine (added later: absent in older stored results). */
  novelty: Novelty.nullable().optional(),
  /** The steady tones measured, strongest first (added later: absent in older stored results). */
  tones: z.array(ToneFact).optional(),
  /** Vibration: what its band can and cannot show (added later). */
  coverage: BandCoverage.nullable().optional(),
  /**
   * How `condition` was reached (added later; absent means `model`): by the model, or `measured`
   * by the rules of vibration analysis (unbalance, misalignment, looseness from the shaft orders
   * and the ISO 10816 velocity; a bearing fault from its defect tones when they clearly contradict
   * the model), when `confidence` is null and `probabilities` are the model's.
   */
  basis: z.enum(['model', 'measured']).optional(),
});
export type Diagnosis = z.infer<typeof Diagnosis>;

/**
 * A rolling bearing: by designation from the catalogue (6205-2RS1/C3), or by its geometry for one
 * the catalogue does not have. One object rather than a union, so a designation that is refused
 * reaches the caller with its own reason and the nearest designations.
 */
export const BearingFacts = z
  .object({
    designation: BearingDesignation.optional(),
    balls: z.number().int().min(3).max(40).optional(),
    /** Rolling-element diameter over pitch diameter. */
    ballRatio: z.number().gt(0).lt(0.6).optional(),
    contactDeg: z.number().min(0).max(60).optional(),
  })
  .strict()
  .refine((b) => (b.designation !== undefined) !== (b.balls !== undefined && b.ballRatio !== undefined), {
    message: 'give either a designation or the geometry (balls and ballRatio), not both',
  })
  .refine((b) => b.designation === undefined || b.contactDeg === undefined, { message: 'the contact angle of a catalogue bearing comes from the catalogue' });

/** What the technician may tell the app about the machine; both improve the diagnosis. */
export const MachineFacts = z
  .object({
    /** Running speed from the nameplate or a tachometer, rpm. */
    rpm: z.number().min(60).max(30_000).optional(),
    bearing: BearingFacts.optional(),
  })
  .strict();
export type MachineFacts = z.input<typeof MachineFacts>;

export const AnalyzeFileParams = z
  .object({
    /** A WAV or CSV file on the machine running the back end. */
    path: z.string().min(1).max(4096),
    /** Sound or vibration; inferred from the file when not given (see docs/diagnosis.md). */
    modality: Modality.optional(),
    /** For CSV waveforms without a time column. */
    csvSampleRate: z.number().int().min(100).max(1_000_000).optional(),
    machine: MachineFacts.optional(),
    /** A client-made id to match `diagnosis.progress` events with this call. */
    jobId: z.string().min(1).max(100).optional(),
  })
  .strict();
export type AnalyzeFileParams = z.input<typeof AnalyzeFileParams>;

export const ModelClassInfo = Condition;

export const InstalledModel = z.object({
  id: z.string(),
  modality: Modality,
  bandwidth: z.enum(['wideband', 'narrowband']).nullable(),
  status: z.enum(['ready', 'refused']),
  /** Why the model was refused (English, for logs and support). */
  problem: z.string().nullable(),
  classes: z.array(ModelClassInfo),
  featureSchema: z.object({ id: z.string(), hash: z.string(), features: z.number().int() }),
  bytes: z.number().int().nonnegative(),
  /** Headline figures from training (see models/REPORT.md for the full evaluation). */
  metrics: z.record(z.string(), z.number()),
});
export type InstalledModel = z.infer<typeof InstalledModel>;

export const ModelInfo = z.object({
  status: z.enum(['ready', 'partial', 'missing', 'invalid']),
  version: z.string().nullable(),
  directory: z.string().nullable(),
  createdAt: z.string().nullable(),
  models: z.array(InstalledModel),
  /** What is wrong, in words (empty when ready). */
  problems: z.array(z.string()),
  /** Milliseconds taken to load and self-check the models. */
  loadMs: z.number().nonnegative().nullable(),
});
export type ModelInfo = z.infer<typeof ModelInfo>;

export const DiagnosisProgress = z.object({
  jobId: z.string(),
  stage: z.enum(['reading', 'resampling', 'features', 'inference', 'done']),
  /** 0 to 1 over the whole analysis. */
  fraction: z.number().min(0).max(1),
});
export type DiagnosisProgress = z.infer<typeof DiagnosisProgress>;

export const diagnosisMethods = {
  'diagnosis.analyzeFile': method(AnalyzeFileParams, Diagnosis),
  'diagnosis.modelInfo': method(NoParams, ModelInfo),
};

export const diagnosisEvents = {
  'diagnosis.progress': DiagnosisProgress,
};
