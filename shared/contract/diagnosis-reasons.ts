import { z } from 'zod';

/**
 * Why a diagnosis is uncertain, or unavailable: one code per reason, each worded for people in the
 * engine (engine/reasons.ts) and in the verdict and insight catalogues. Kept apart from the
 * diagnosis shape because the list grows with every honesty rule.
 */
export const UncertainReasonCode = z.enum([
  /** The recording is unlike anything the model was trained on (another machine, only background). */
  'out_of_distribution',
  /** The ensemble's members point to different conditions. */
  'ensemble_disagreement',
  /** The calibrated probability of the top condition is below the model's threshold. */
  'low_confidence',
  /** Shorter than the analysis window (4 s for sound): orders cannot be resolved. */
  'too_short',
  /** The machine's running speed could not be found above the background. */
  'too_noisy',
  /** The recording is clipped: harmonics of the clipping pollute the spectrum. */
  'clipped',
  /** Sampled too slowly for part of the features (sound under 16 kHz; vibration at the ADXL345's 3200 Hz). */
  'decimated_rate',
  /** Vibration: the bearing was not given, so defect frequencies assume the model's training bearing. */
  'bearing_assumed',
  /** Vibration: the bearing's geometry was estimated from its boundary dimensions (catalogue), not published: defect frequencies may be off. */
  'bearing_approximate',
  /** No steady machine tone in the recording: noise only (no fault is named). */
  'no_machine',
  /** The running speed (given or measured) is outside the speeds the model was trained on (no fault is named). */
  'speed_out_of_range',
  /** Sound: a louder machine in the recording turns at a speed the model was not trained on; the orders it found may be another machine's (no fault is named). */
  'louder_machine_elsewhere',
  /** Sound: unbalance heard in the sound alone, which a healthy rotary compressor or a room resonance also gives: confirm by vibration or a baseline. */
  'unbalance_from_sound',
  /** Sound: the impacts behind "bearing wear" repeat slower than any rolling bearing's defect does (under 2.8 per turn): cicadas, a fan, another machine. */
  'rate_not_bearing',
  /** The running speed given differs from the one measured: the measured one was used. */
  'speed_mismatch',
  /** A float file at an audio rate, kind not given: analysed as sound (its values stay within full scale). */
  'kind_assumed_sound',
  /** A float file at an audio rate, kind not given: analysed as vibration (its values go beyond full scale, as g do). */
  'kind_assumed_vibration',
  /** Vibration: no bearing defect tone stands clearly above the envelope's floor: the record is not clearly diagnosable. */
  'tones_unclear',
  /** Vibration: the model and the bearing defect tones point to different faults, neither clearly enough to decide. */
  'tones_disagree',
]);
export type UncertainReasonCode = z.infer<typeof UncertainReasonCode>;

export const UnavailableReasonCode = z.enum([
  /** No diagnosis model is installed. */
  'no_model',
  /** The installed model was refused (corrupt file, feature-schema mismatch, failed self-check). */
  'model_invalid',
  /** The model was loaded but failed while running. */
  'model_failed',
  'too_short',
  'silent',
  /** Sampled too slowly for any diagnosis of this kind. */
  'rate_too_low',
  /** A file that is not a sound or vibration waveform (e.g. a CSV of slow readings). */
  'unsupported_signal',
]);
export type UnavailableReasonCode = z.infer<typeof UnavailableReasonCode>;
