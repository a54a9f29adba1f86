import { Biquad } from '../dsp/biquad';
import { backgroundSource } from './background';
import { CompressorSound } from './compressor';
import { FrameVibration, MotorVibration } from './motor';
import { ColouredNoise, Shaft, type Source } from './parts';
import { Rng } from './random';
import { MicrophoneFilter, Reverb, type Stage } from './room';
import type { SoundSpec, SynthSpec, VibrationSpec } from './spec';

const CHUNK = 4096;
/** Seconds generated and discarded before the first sample: filters settle and levels are measured on it. */
export const WARM_UP_SECONDS = 1.5;

/**
 * A running machine that can be listened to for as long as wanted: `next(n)` returns the next n
 * samples. The output depends only on the spec and the seed, never on how it is chunked, so the
 * simulated sensor streaming it 100 samples at a time hears exactly what a 10 s clip contains.
 *
 * Sound comes out as a microphone would record it (full scale = 1, clipped beyond); vibration in
 * g, limited to the sensor's range.
 */
export class MachineSynth {
  readonly sampleRate: number;
  private readonly machine: Source;
  private readonly shaft: Shaft;
  private readonly background: Source[];
  private readonly machineBuf = new Float64Array(CHUNK);
  private readonly backgroundBuf = new Float64Array(CHUNK);
  private backgroundGain = 1;
  private outputGain = 1;
  private readonly floorNoise: ColouredNoise;
  private floorLevel = 0;
  private readonly limit: number;
  private readonly highPass: Biquad;
  /** The room and the microphone between the machine and the recording (none for vibration). */
  private readonly path: Stage[];
  /** Samples produced so far (after the warm-up). */
  position = 0;

  constructor(
    readonly spec: SynthSpec,
    readonly seed: number,
  ) {
    const rng = new Rng(seed);
    this.sampleRate = spec.sampleRate;
    const m = spec.machine;
    this.shaft = new Shaft(m.shaftHz, m.wanderHz, spec.sampleRate, rng.child('shaft'), CHUNK);
    this.machine = spec.modality === 'sound' ? new CompressorSound(spec.machine, this.shaft, rng.child('machine'), spec.sampleRate) : new MotorVibration(spec.machine, this.shaft, rng.child('machine'), spec.sampleRate);
    this.background =
      spec.modality === 'sound'
        ? spec.background.map((b, i) => backgroundSource(b, rng.child(`background${i}`), spec.sampleRate))
        : [new FrameVibration(rng.child('frame'), spec.sampleRate)];
    this.floorNoise = new ColouredNoise(rng.child('floor'), [], spec.sampleRate);
    this.highPass = Biquad.of('highpass', spec.modality === 'sound' ? 20 : 2, 0.7, spec.sampleRate);
    this.limit = spec.modality === 'sound' ? 1 : spec.sensor.rangeG;
    this.path = [];
    if (spec.modality === 'sound' && spec.room) this.path.push(new Reverb(spec.room, spec.sampleRate));
    if (spec.modality === 'sound' && spec.microphone.response) this.path.push(new MicrophoneFilter(spec.microphone.response, spec.sampleRate));
    this.warmUp(spec);
  }

  private warmUp(spec: SynthSpec): void {
    const total = Math.round(WARM_UP_SECONDS * this.sampleRate);
    let machine2 = 0;
    let background2 = 0;
    for (let done = 0; done < total; ) {
      const n = Math.min(CHUNK, total - done);
      this.renderParts(n);
      for (let i = 0; i < n; i += 1) {
        machine2 += this.machineBuf[i]! ** 2;
        background2 += this.backgroundBuf[i]! ** 2;
      }
      done += n;
    }
    const machineRms = Math.sqrt(machine2 / total);
    const backgroundRms = Math.sqrt(background2 / total);
    if (spec.modality === 'sound') {
      this.configureSound(spec, machineRms, backgroundRms);
      if (this.path.length > 0) this.levelThroughPath(spec, total);
    } else {
      this.configureVibration(spec, backgroundRms);
    }
  }

  private configureSound(spec: SoundSpec, machineRms: number, backgroundRms: number): void {
    const mic = spec.microphone;
    this.backgroundGain = backgroundRms > 0 ? machineRms / (backgroundRms * 10 ** (mic.snrDb / 20)) : 0;
    const mixRms = Math.sqrt(machineRms ** 2 + (this.backgroundGain * backgroundRms) ** 2);
    this.outputGain = mixRms > 0 ? 10 ** (mic.rmsDbfs / 20) / mixRms : 0;
    this.floorLevel = 10 ** (mic.selfNoiseDbfs / 20);
  }

  /**
   * The room and the microphone change the level (a low cut removes most of a compressor's energy):
   * the recording level is set on what comes out of them, measured over a second warm-up.
   */
  private levelThroughPath(spec: SoundSpec, total: number): void {
    let out2 = 0;
    for (let done = 0; done < total; ) {
      const n = Math.min(CHUNK, total - done);
      this.renderParts(n);
      for (let i = 0; i < n; i += 1) out2 += this.throughPath(this.machineBuf[i]! + this.backgroundGain * this.backgroundBuf[i]!) ** 2;
      done += n;
    }
    const rms = Math.sqrt(out2 / total);
    this.outputGain = rms > 0 ? 10 ** (spec.microphone.rmsDbfs / 20) / rms : 0;
  }

  private throughPath(x: number): number {
    let v = x;
    for (const stage of this.path) v = stage.step(v);
    return v;
  }

  private configureVibration(spec: VibrationSpec, backgroundRms: number): void {
    this.backgroundGain = backgroundRms > 0 ? spec.sensor.frameNoiseG / backgroundRms : 0;
    this.outputGain = 1;
    this.floorLevel = spec.sensor.noiseG;
  }

  private renderParts(n: number): void {
    this.machineBuf.fill(0, 0, n);
    this.backgroundBuf.fill(0, 0, n);
    this.shaft.advance(n);
    this.machine.render(this.machineBuf, n);
    for (const b of this.background) b.render(this.backgroundBuf, n);
  }

  /** The next `n` samples of the running machine. */
  next(n: number): Float32Array {
    const out = new Float32Array(n);
    for (let done = 0; done < n; ) {
      const k = Math.min(CHUNK, n - done);
      this.renderParts(k);
      for (let i = 0; i < k; i += 1) {
        const mix = this.machineBuf[i]! + this.backgroundGain * this.backgroundBuf[i]!;
        const heard = this.path.length > 0 ? this.throughPath(mix) : mix;
        const v = this.highPass.step(this.outputGain * heard) + this.floorLevel * this.floorNoise.step();
        out[done + i] = v > this.limit ? this.limit : v < -this.limit ? -this.limit : v;
      }
      done += k;
    }
    this.position += n;
    return out;
  }
}

/** A clip of `seconds` of the machine. */
export function synthesize(spec: SynthSpec, seed: number, seconds: number): Float32Array {
  return new MachineSynth(spec, seed).next(Math.round(seconds * spec.sampleRate));
}
