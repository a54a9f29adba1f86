import { ColouredNoise, ImpactTrain, modesBelowNyquist, Resonator, type Shaft, type Source } from './parts';
import type { Rng } from './random';
import { defectRatios } from '../extraction/bearings';
import type { Mode, MotorVibrationSpec } from './spec';

const TWO_PI = 2 * Math.PI;

/**
 * Casing vibration (acceleration, g) of a motor or compressor with rolling bearings:
 * shaft orders, twice-line-frequency magnetic pull, broadband structural noise through the
 * casing's modes and, for a defective bearing, impacts at its defect frequency striking those
 * modes (the "resonance band" an envelope analysis demodulates):
 * - outer race: BPFO, steady (the defect sits still in the load zone);
 * - inner race: BPFI, modulated at shaft speed as the defect rotates in and out of the load zone;
 * - ball: twice the ball spin frequency (the defect strikes both races), modulated at the cage
 *   frequency, weaker and less regular.
 */
export class MotorVibration implements Source {
  private readonly phases: number[];
  private linePhase: number;
  private readonly lineStep: number;
  private readonly noise: ColouredNoise;
  private readonly modes: Resonator[];
  private readonly modeSpecs: Mode[];
  private readonly defect: ImpactTrain | null;

  constructor(
    private readonly spec: MotorVibrationSpec,
    private readonly shaft: Shaft,
    rng: Rng,
    sampleRate: number,
  ) {
    this.phases = spec.orders.map(() => rng.range(0, TWO_PI));
    this.linePhase = rng.range(0, TWO_PI);
    this.lineStep = (TWO_PI * 2 * spec.lineHz) / sampleRate;
    this.noise = new ColouredNoise(rng.child('noise'), [{ kind: 'highpass', hz: 5, q: 0.7 }], sampleRate);
    this.modeSpecs = modesBelowNyquist(spec.modes, sampleRate);
    this.modes = this.modeSpecs.map((m) => new Resonator(m.hz, m.q, sampleRate));
    const d = spec.defect;
    if (!d) {
      this.defect = null;
      return;
    }
    const ratios = defectRatios(spec.bearing);
    const ratio = d.kind === 'outer_race' ? ratios.bpfo : d.kind === 'inner_race' ? ratios.bpfi : 2 * ratios.bsf;
    const ftf = ratios.ftf;
    const amplitude = (phase: number, r: Rng): number => {
      if (d.kind === 'outer_race') return d.amplitude * (0.85 + 0.3 * r.next());
      if (d.kind === 'inner_race') return d.amplitude * (1 - d.modulation + d.modulation * Math.max(0, Math.cos(phase)) ** 1.5) * (0.8 + 0.4 * r.next());
      // A ball passes through the load zone once per cage revolution; its spin hides the defect at times.
      const cage = Math.max(0, Math.cos(ftf * phase));
      return d.amplitude * (1 - d.modulation + d.modulation * cage) * r.next() ** 1.5 * 1.6;
    };
    this.defect = new ImpactTrain(shaft, ratio, d.slip, this.modeSpecs, this.modeSpecs.map((m) => m.gain), amplitude, rng.child('defect'), sampleRate);
  }

  render(out: Float64Array, n: number): void {
    const s = this.spec;
    const { phase } = this.shaft;
    for (let i = 0; i < n; i += 1) {
      const p = phase[i]!;
      let y = 0;
      for (let h = 0; h < s.orders.length; h += 1) y += s.orders[h]! * Math.sin((h + 1) * p + this.phases[h]!);
      this.linePhase += this.lineStep;
      if (this.linePhase > TWO_PI) this.linePhase -= TWO_PI;
      y += s.lineHum * Math.sin(this.linePhase);
      const w = s.noise * this.noise.step();
      let structural = 0.2 * w;
      for (let m = 0; m < this.modes.length; m += 1) structural += this.modeSpecs[m]!.gain * this.modes[m]!.step(w);
      out[i]! += y + structural;
    }
    if (this.defect) this.defect.render(out, n);
  }
}

/** Other machines on the same frame or floor: their shaft orders and rumble, felt through the structure. */
export class FrameVibration implements Source {
  private readonly speeds: number[];
  private readonly phases: number[];
  private readonly noise: ColouredNoise;
  constructor(
    rng: Rng,
    private readonly sampleRate: number,
  ) {
    this.speeds = [rng.range(12, 25), rng.range(24.5, 29.8), rng.range(40, 60)];
    this.phases = this.speeds.map(() => rng.range(0, TWO_PI));
    this.noise = new ColouredNoise(rng.child('rumble'), [{ kind: 'lowpass', hz: 300, q: 0.7 }], sampleRate);
  }
  render(out: Float64Array, n: number): void {
    for (let i = 0; i < n; i += 1) {
      let y = this.noise.step();
      for (let k = 0; k < this.speeds.length; k += 1) {
        this.phases[k]! += (TWO_PI * this.speeds[k]!) / this.sampleRate;
        y += 0.7 * Math.sin(this.phases[k]!);
      }
      out[i]! += y;
    }
  }
}
