import wavefile from 'wavefile';
import { encodePcm16Wav } from '../../../platform/audio/wav';

/**
 * WAV files of synthesized signals, in the forms real ones come in: sound as 16-bit PCM (what the
 * ESP32's I2S microphone gives), vibration as 32-bit float in g (what vibration tools and the
 * CWRU dataset use).
 */
export function soundWav(samples: Float32Array, sampleRate: number): Uint8Array {
  const pcm = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i += 1) pcm[i] = Math.max(-32768, Math.min(32767, Math.round(samples[i]! * 32767)));
  return encodePcm16Wav(pcm, sampleRate);
}

export function vibrationWav(samples: Float32Array, sampleRate: number): Uint8Array {
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, sampleRate, '32f', samples);
  return wav.toBuffer();
}
