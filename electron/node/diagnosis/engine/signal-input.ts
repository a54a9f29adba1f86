import type { DecodedAudio } from '../../audio/wav';
import type { CsvSignal } from '../../audio/csv';
import type { Modality } from '../features/extract';

/**
 * Which kind of signal a file holds when the user did not say: CSV waveforms come from vibration
 * tools; a WAV file is sound unless it is floating-point at a rate no audio device uses (vibration
 * recorders and datasets such as CWRU store acceleration in g as float WAV at 12 kHz, 3200 Hz...).
 * A float WAV at an audio rate (e.g. CWRU's 48 kHz healthy recording) needs `--kind vibration`.
 */
const AUDIO_RATES = new Set([8000, 11_025, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000, 88_200, 96_000, 176_400, 192_000]);

export function inferModality(file: { format: 'wav' | 'flac'; audio: DecodedAudio } | { format: 'csv'; csv: CsvSignal }): Modality {
  if (file.format === 'csv') return 'vibration';
  return file.audio.encoding === 'float' && !AUDIO_RATES.has(file.audio.sampleRate) ? 'vibration' : 'sound';
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
