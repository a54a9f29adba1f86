import type { DecodedAudio } from '../../../platform/audio/wav';
import type { CsvSignal } from '../../../platform/audio/csv';
import type { Modality } from '../extraction/extract';

/**
 * Which kind of signal a file holds when the user did not say: CSV waveforms come from vibration
 * tools; a WAV file of integers is sound (vibration tools write floats); a float WAV at a rate no
 * audio device uses is vibration (vibration recorders and datasets such as CWRU store acceleration
 * in g as float WAV at 12 kHz, 3200 Hz...). A float WAV at an audio rate is ambiguous (CWRU's
 * 48 kHz recordings are vibration; a DAW's 48 kHz export is sound): its content decides where it
 * can (sound is stored within full scale, +-1; values beyond it are physical units such as g),
 * and the result says the kind was inferred either way.
 */
const AUDIO_RATES = new Set([8000, 11_025, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000, 88_200, 96_000, 176_400, 192_000]);

/** The kind chosen for an ambiguous file, and the content it was chosen by (the largest absolute sample). */
export interface KindInference {
  modality: Modality;
  peak: number;
}

type SignalFile = { format: 'wav' | 'flac'; audio: DecodedAudio } | { format: 'csv'; csv: CsvSignal };

export function inferModality(file: SignalFile): Modality {
  return inferKind(file).modality;
}

/** The kind, with `inferred` set when the file's format and rate alone could not tell. */
export function inferKind(file: SignalFile): { modality: Modality; inferred: KindInference | null } {
  if (file.format === 'csv') return { modality: 'vibration', inferred: null };
  if (file.audio.encoding !== 'float') return { modality: 'sound', inferred: null };
  if (!AUDIO_RATES.has(file.audio.sampleRate)) return { modality: 'vibration', inferred: null };
  let peak = 0;
  for (const channel of file.audio.channels) for (let i = 0; i < channel.length; i += 1) peak = Math.max(peak, Math.abs(channel[i]!));
  const modality: Modality = peak > 1 ? 'vibration' : 'sound';
  return { modality, inferred: { modality, peak } };
}

/**
 * One channel to analyse. Sound channels are averaged (a stereo microphone hears one machine);
 * vibration axes are not (opposite axes would cancel): the axis that vibrates most is analysed.
 */
export function channelToAnalyse(channels: readonly Float32Array[], modality: Modality): Float32Array {
  if (channels.length === 1) return channels[0]!;
  if (modality === 'sound') {
    const out = new Float32Array(channels[0]!.length);
    for (const c of channels) for (let i = 0; i < out.length; i += 1) out[i]! += c[i]! / channels.length;
    return out;
  }
  let best = channels[0]!;
  let bestVar = -1;
  for (const c of channels) {
    let sum = 0;
    let sum2 = 0;
    for (let i = 0; i < c.length; i += 1) {
      sum += c[i]!;
      sum2 += c[i]! * c[i]!;
    }
    const variance = sum2 / c.length - (sum / c.length) ** 2;
    if (variance > bestVar) {
      bestVar = variance;
      best = c;
    }
  }
  return best;
}
