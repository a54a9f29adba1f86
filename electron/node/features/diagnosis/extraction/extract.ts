import { resample } from '../../../platform/audio/resample';
import { type BearingGeometry, SKF_6205 } from './bearings';
import { measureQuality, type SignalQuality } from './quality';
import { surveyTones, type ToneSurvey } from './tones';
import { SOUND_RATE, soundFeatures, type SoundAnalysis } from './sound';
import { NARROWBAND_MIN_RATE, VIBRATION_CONFIG, type VibrationAnalysis, type VibrationBandwidth, vibrationFeatures, WIDEBAND_MIN_RATE } from './vibration';

/**
 * From a recording (any rate, mono) to the features a model takes: the one path shared by
 * training (tools/export-dataset.ts) and diagnosis (engine/analyze.ts).
 */
export type Modality = 'sound' | 'vibration';

export interface MonoSignal {
  modality: Modality;
  sampleRate: number;
  /** Sound: full scale = 1. Vibration: acceleration in g. */
  samples: Float32Array;
}

export interface ExtractOptions {
  /** Running speed in Hz, when known (nameplate, tachometer). */
  speedHz?: number;
  /** Bearing geometry for vibration; defect frequencies need it. */
  bearing?: BearingGeometry;
  onProgress?: (fraction: number) => void;
}

export type Extracted =
  | { modality: 'sound'; schemaId: string; quality: SignalQuality; analysisRate: number; analysis: SoundAnalysis; tones: ToneSurvey; resampleMs: number; featuresMs: number }
  | {
      modality: 'vibration';
      schemaId: string;
      bandwidth: VibrationBandwidth;
      quality: SignalQuality;
      analysisRate: number;
      analysis: VibrationAnalysis;
      tones: ToneSurvey;
      /** False under 3 kHz: the band holds shaft orders and the velocity, not what the bearing models were trained on. */
      modelUsable: boolean;
      resampleMs: number;
      featuresMs: number;
    };

export class SignalUnusableError extends Error {
  constructor(
    readonly code: 'rate_too_low' | 'too_short' | 'silent',
    message: string,
  ) {
    super(message);
    this.name = 'SignalUnusableError';
  }
}

/** Where a running machine's steady tones are looked for (shaft orders, hum, blade pass). */
const TONE_RANGE = { sound: { loHz: 20, hiHz: 1000 }, vibration: { loHz: 10, hiHz: 1000 } };

/** Below this there is not one machine revolution's worth of averaging to speak of. */
export const MIN_SECONDS = 1;

/** Lowest vibration rate analysed at all: 500 Hz of band holds a 2-pole machine's first eight orders. */
export const LOWBAND_MIN_RATE = 1000;

export function vibrationBandwidth(sampleRate: number): VibrationBandwidth | null {
  if (sampleRate >= WIDEBAND_MIN_RATE) return 'wideband';
  if (sampleRate >= LOWBAND_MIN_RATE) return 'narrowband';
  return null;
}

export async function extractFeatures(signal: MonoSignal, options: ExtractOptions = {}): Promise<Extracted> {
  const quality = measureQuality(signal.samples, signal.sampleRate);
  if (quality.seconds < MIN_SECONDS) {
    throw new SignalUnusableError('too_short', `The recording lasts ${quality.seconds.toFixed(2)} s; at least ${MIN_SECONDS} s is needed, 10 s or more is best.`);
  }
  if (quality.rms < (signal.modality === 'sound' ? 1e-5 : 1e-6)) {
    throw new SignalUnusableError('silent', 'The recording is silent (no signal above the converter noise): check the microphone or sensor.');
  }
  const t0 = performance.now();
  if (signal.modality === 'sound') {
    if (signal.sampleRate < 4000) {
      throw new SignalUnusableError('rate_too_low', `Sound sampled at ${signal.sampleRate} Hz misses everything above ${signal.sampleRate / 2} Hz; at least 8 kHz is needed, 16 kHz or more is best.`);
    }
    const copy = await resample(signal.samples, signal.sampleRate, SOUND_RATE);
    const t1 = performance.now();
    const analysis = soundFeatures(copy, { ...(options.speedHz ? { speedHz: options.speedHz } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
    const tones = surveyTones(copy, SOUND_RATE, TONE_RANGE.sound);
    return { modality: 'sound', schemaId: 'compressor-sound', quality, analysisRate: SOUND_RATE, analysis, tones, resampleMs: t1 - t0, featuresMs: performance.now() - t1 };
  }
  const bandwidth = vibrationBandwidth(signal.sampleRate);
  if (!bandwidth) {
    throw new SignalUnusableError(
      'rate_too_low',
      `Vibration sampled at ${signal.sampleRate} Hz cannot show a machine's shaft orders; at least ${LOWBAND_MIN_RATE} Hz is needed (the ESP32 sensor's ADXL345 gives 3200 Hz).`,
    );
  }
  const rate = VIBRATION_CONFIG[bandwidth].rate;
  const copy = await resample(signal.samples, signal.sampleRate, rate);
  const t1 = performance.now();
  const analysis = vibrationFeatures(copy, bandwidth, {
    bearing: options.bearing ?? DEFAULT_BEARING,
    ...(options.speedHz ? { speedHz: options.speedHz } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const tones = surveyTones(copy, rate, TONE_RANGE.vibration);
  return { modality: 'vibration', schemaId: `bearing-vibration-${bandwidth}`, bandwidth, quality, analysisRate: rate, analysis, tones, modelUsable: signal.sampleRate >= NARROWBAND_MIN_RATE, resampleMs: t1 - t0, featuresMs: performance.now() - t1 };
}

/** The bearing the vibration models were trained on (the CWRU rig's), assumed when none is given. */
export const DEFAULT_BEARING: BearingGeometry = SKF_6205;
