import { Biquad } from '../dsp/biquad';
import { ColouredNoise, ImpactTrain, modesBelowNyquist, Resonator, type Shaft, type Source, Wander } from './parts';
import type { Rng } from './random';
import type { CompressorSpec, Mode } from './spec';

const TWO_PI = 2 * Math.PI;

/**
 * The sound of a running hermetic compressor, as physics suggests it (reciprocating unless the
 * spec says rotary or scroll, which lose one or both reeds; an inverter moves the hum to the
 * motor's electrical frequency and adds the PWM carrier):
 * - shaft orders from gas pulsation and rotating parts, at the slowly drifting running speed
 *   (a 2-pole motor on a 60 Hz grid turns at 57-59 Hz, slip depending on load);
 * - magnetostriction hum at twice line frequency (120 Hz), with the grid's own stable phase;
 * - suction and discharge reeds striking at fixed crank angles each revolution, ringing their modes;
 * - broadband mechanical noise coloured by the shell's modes;
 * and, per condition: a dominant 1x (unbalance); many harmonics, half orders and rattling
 * (looseness); impacts at a bearing defect frequency exciting a high resonance (bearing wear);
 * gas leaking back through a reed within part of each cycle, or a hard knock (valve fault);
 * refrigerant hiss (leak or low charge); strong hum (motor electrical fault).
 */
export class CompressorSound implements Source {
  private readonly linePhaseStep: number;
  private readonly suctionReed: boolean;
  private readonly reeds: boolean;
  private readonly pwm: { step: number; sideStep: number; level: number } | null;
  private pwmPhase = 0;
  private pwmSide = 0;
  private linePhase: number;
  private readonly harmonicPhases: number[];
  private readonly halfPhases: number[];
  private readonly valveModes: Resonator[];
  private readonly shellModes: Resonator[];
  private readonly shellModeSpecs: Mode[];
  private readonly shellNoise: ColouredNoise;
  private readonly bearing: ImpactTrain | null;
  private readonly hissNoise: ColouredNoise;
  private readonly hissPeak: Biquad;
  private readonly hissSwell: Wander;
  private readonly leakNoise: ColouredNoise;
  private prevCrank: number;
  private nextValveJitter = 0;
  private readonly valveRng: Rng;
  private readonly rattleRng: Rng;

  constructor(
    private readonly spec: CompressorSpec,
    private readonly shaft: Shaft,
    rng: Rng,
    sampleRate: number,
  ) {
    // An inverter motor hums at its own electrical frequency, not the grid's.
    this.linePhaseStep = (TWO_PI * (spec.inverter?.electricalHz ?? spec.lineHz)) / sampleRate;
    const type = spec.type ?? 'reciprocating';
    this.suctionReed = type === 'reciprocating';
    this.reeds = type !== 'scroll';
    const inv = spec.inverter;
    this.pwm =
      inv && inv.whine > 0 && inv.carrierHz + 2 * inv.electricalHz < 0.45 * sampleRate
        ? { step: (TWO_PI * inv.carrierHz) / sampleRate, sideStep: (TWO_PI * 2 * inv.electricalHz) / sampleRate, level: inv.whine }
        : null;
    this.linePhase = rng.range(0, TWO_PI);
    this.harmonicPhases = spec.harmonics.map(() => rng.range(0, TWO_PI));
    this.halfPhases = spec.halfOrders.map(() => rng.range(0, TWO_PI));
    this.valveModes = modesBelowNyquist(spec.valve.modes, sampleRate).map((m) => new Resonator(m.hz, m.q, sampleRate));
    this.shellModeSpecs = modesBelowNyquist(spec.shell.modes, sampleRate);
    this.shellModes = this.shellModeSpecs.map((m) => new Resonator(m.hz, m.q, sampleRate));
    this.shellNoise = new ColouredNoise(rng.child('shell'), [{ kind: 'lowpass', hz: 6000, q: 0.7 }], sampleRate);
    this.valveRng = rng.child('valve');
    this.rattleRng = rng.child('rattle');
    const b = spec.bearing;
    const bearingModes = b ? modesBelowNyquist(b.modes, sampleRate) : [];
    this.bearing = b
      ? new ImpactTrain(
          shaft,
          b.ratio,
          b.slip,
          bearingModes,
          bearingModes.map((m) => m.gain),
          (phase, r) => b.amplitude * (1 - b.modulation + b.modulation * 0.5 * (1 + Math.cos(phase))) * (0.8 + 0.4 * r.next()),
          rng.child('bearing'),
          sampleRate,
        )
      : null;
    this.hissNoise = new ColouredNoise(
      rng.child('hiss'),
      [
        { kind: 'highpass', hz: spec.hiss.highPassHz, q: 0.7 },
        { kind: 'highpass', hz: spec.hiss.highPassHz, q: 0.7 },
      ],
      sampleRate,
    );
    this.hissPeak = Biquad.of('bandpass', spec.hiss.peakHz, spec.hiss.peakQ, sampleRate);
    this.hissSwell = new Wander(rng.child('swell'), spec.hiss.swell, 0.8, sampleRate);
    this.leakNoise = new ColouredNoise(
      rng.child('leak'),
      [
        { kind: 'bandpass', hz: 2500, q: 0.6 },
        { kind: 'highpass', hz: 800, q: 0.7 },
      ],
      sampleRate,
    );
    this.prevCrank = 0;
  }

  render(out: Float64Array, n: number): void {
    const s = this.spec;
    const { phase } = this.shaft;
    const suction = (s.valve.suctionDeg * Math.PI) / 180;
    const discharge = (s.valve.dischargeDeg * Math.PI) / 180;
    const leakCentre = discharge + Math.PI * 0.6;
    for (let i = 0; i < n; i += 1) {
      const p = phase[i]!;
      let y = 0;
      // Shaft orders and half orders.
      for (let h = 0; h < s.harmonics.length; h += 1) y += s.harmonics[h]! * Math.sin((h + 1) * p + this.harmonicPhases[h]!);
      for (let h = 0; h < s.halfOrders.length; h += 1) y += s.halfOrders[h]! * Math.sin((h + 0.5) * p + this.halfPhases[h]!);
      // Line-frequency hum.
      this.linePhase += this.linePhaseStep;
      if (this.linePhase > TWO_PI) this.linePhase -= TWO_PI;
      for (let k = 0; k < s.hum.length; k += 1) if (s.hum[k]! > 0) y += s.hum[k]! * Math.sin((k + 1) * this.linePhase);

      // PWM carrier whine with its sidebands at twice the electrical frequency.
      if (this.pwm) {
        this.pwmPhase = (this.pwmPhase + this.pwm.step) % TWO_PI;
        this.pwmSide = (this.pwmSide + this.pwm.sideStep) % TWO_PI;
        y += this.pwm.level * Math.sin(this.pwmPhase) * (0.6 + 0.4 * Math.cos(this.pwmSide));
      }

      // Valve events at crank angles.
      const crank = p % TWO_PI;
      let strike = 0;
      let rattle = 0;
      if (this.suctionReed && this.crossed(suction, crank)) {
        strike += s.valve.amplitude * (0.85 + 0.3 * this.valveRng.next());
        this.nextValveJitter = ((s.valve.jitterDeg * Math.PI) / 180) * this.valveRng.gauss();
      }
      if (this.crossed(discharge, crank)) {
        const reed = !this.reeds ? 0 : s.valve.kind === 'leak' ? 0.35 : 1;
        strike += reed * s.valve.amplitude * (0.85 + 0.3 * this.valveRng.next());
        if (s.valve.knock > 0) strike += s.valve.knock * (0.6 + 0.8 * this.valveRng.next());
        if (s.rattle > 0) rattle = s.rattle * this.rattleRng.next() ** 2;
      }
      this.prevCrank = crank;
      for (const mode of this.valveModes) y += mode.step(strike);

      // Shell noise, rattling and knocks through the shell's modes.
      const white = this.shellNoise.step() * s.shell.noise;
      let shell = 0.3 * white;
      const excite = white + 3 * rattle + 0.5 * strike * (s.valve.knock > 0 ? 1 : 0);
      for (let m = 0; m < this.shellModes.length; m += 1) shell += this.shellModeSpecs[m]!.gain * this.shellModes[m]!.step(excite);
      y += shell;

      // Gas leaking back through a damaged reed: hiss in one part of the crank cycle.
      if (s.valve.leakNoise > 0) {
        const d = Math.cos(crank - leakCentre);
        const gate = d > 0 ? d * d : 0;
        y += s.valve.leakNoise * gate * this.leakNoise.step();
      }
      // Refrigerant flow hiss.
      if (s.hiss.level > 0) {
        const swell = 10 ** (this.hissSwell.step() / 20);
        const h = this.hissNoise.step();
        y += s.hiss.level * swell * (0.6 * h + 2 * this.hissPeak.step(h));
      }
      out[i]! += y;
    }
    if (this.bearing) this.bearing.render(out, n);
  }

  /** Whether the crank passed `angle` (plus this cycle's timing jitter) since the previous sample. */
  private crossed(angle: number, crank: number): boolean {
    const a = (angle + this.nextValveJitter + 4 * TWO_PI) % TWO_PI;
    return this.prevCrank <= crank ? this.prevCrank < a && a <= crank : a > this.prevCrank || a <= crank;
  }
}
