import { Biquad, peakingCoefficients } from '../dsp/biquad';
import type { MicrophoneResponse, RoomAcoustics } from './spec';

/**
 * What lies between the machine and the recording: the room's reflections and the microphone's
 * own response. Both are linear and stateful, so a stream rendered in chunks matches a clip.
 */
export interface Stage {
  step(x: number): number;
}

/**
 * Reverberation by Schroeder's structure (four parallel feedback combs into two all-passes, the
 * classic "Freeverb" delays), each comb's feedback set so that its echoes fall 60 dB in `rt60`.
 * Not a model of one room: enough to smear impacts and colour the spectrum as reflections do.
 */
export class Reverb implements Stage {
  private readonly combs: { buf: Float64Array; at: number; g: number }[];
  private readonly allpasses: { buf: Float64Array; at: number }[];

  constructor(
    private readonly room: RoomAcoustics,
    sampleRate: number,
  ) {
    this.combs = [0.0297, 0.0371, 0.0411, 0.0437].map((seconds) => {
      const length = Math.max(1, Math.round(seconds * sampleRate));
      return { buf: new Float64Array(length), at: 0, g: 10 ** ((-3 * seconds) / Math.max(0.05, room.rt60Seconds)) };
    });
    this.allpasses = [0.005, 0.0017].map((seconds) => ({ buf: new Float64Array(Math.max(1, Math.round(seconds * sampleRate))), at: 0 }));
  }

  step(x: number): number {
    let wet = 0;
    for (const c of this.combs) {
      const delayed = c.buf[c.at]!;
      c.buf[c.at] = x + c.g * delayed;
      c.at = (c.at + 1) % c.buf.length;
      wet += delayed;
    }
    wet *= 0.25;
    for (const a of this.allpasses) {
      const delayed = a.buf[a.at]!;
      const v = wet + 0.7 * delayed;
      a.buf[a.at] = v;
      a.at = (a.at + 1) % a.buf.length;
      wet = delayed - 0.7 * v;
    }
    return (1 - this.room.wet) * x + this.room.wet * wet;
  }
}

/** A small microphone: a low cut, a presence peak and a high roll-off. */
export class MicrophoneFilter implements Stage {
  private readonly stages: Biquad[];
  constructor(response: MicrophoneResponse, sampleRate: number) {
    this.stages = [
      Biquad.of('highpass', response.lowCutHz, 0.7, sampleRate),
      new Biquad(peakingCoefficients(response.peakHz, 1.2, response.peakDb, sampleRate)),
      ...(response.highCutHz < 0.45 * sampleRate ? [Biquad.of('lowpass', response.highCutHz, 0.7, sampleRate)] : []),
    ];
  }
  step(x: number): number {
    let v = x;
    for (const s of this.stages) v = s.step(v);
    return v;
  }
}
