import { Biquad } from '../dsp/biquad';
import { CompressorSound } from './compressor';
import { ColouredNoise, Resonator, Shaft, type Source, Wander } from './parts';
import type { Rng } from './random';
import type { BackgroundSource } from './spec';

const TWO_PI = 2 * Math.PI;

/**
 * Sounds of the places compressors live in: plant rooms, kitchens, shop floors, rooftops in a
 * Korean summer. Each source is unit-level before its `level`; the machine mixes them to the
 * requested signal-to-background ratio.
 */
export function backgroundSource(spec: BackgroundSource, rng: Rng, sampleRate: number): Source {
  switch (spec.kind) {
    case 'room':
      return new RoomTone(spec.level, spec.tiltHz, rng, sampleRate);
    case 'fan':
      return new Fan(spec, rng, sampleRate);
    case 'traffic':
      return new Traffic(spec.level, spec.swellSeconds, rng, sampleRate);
    case 'voices':
      return new Voices(spec, rng, sampleRate);
    case 'cicadas':
      return new Cicadas(spec, rng, sampleRate);
    case 'other_machine':
      return new OtherMachine(spec, rng, sampleRate);
    case 'pump':
      return new Pump(spec, rng, sampleRate);
    case 'second_compressor':
      return new SecondCompressor(spec, rng, sampleRate);
  }
}

/** Diffuse room noise, darker than white (air handling, distant everything). */
class RoomTone implements Source {
  private readonly dark: ColouredNoise;
  private readonly bright: ColouredNoise;
  constructor(
    private readonly level: number,
    tiltHz: number,
    rng: Rng,
    sampleRate: number,
  ) {
    this.dark = new ColouredNoise(rng.child('dark'), [{ kind: 'lowpass', hz: tiltHz, q: 0.7 }], sampleRate);
    this.bright = new ColouredNoise(rng.child('bright'), [{ kind: 'lowpass', hz: 5000, q: 0.7 }], sampleRate);
  }
  render(out: Float64Array, n: number): void {
    for (let i = 0; i < n; i += 1) out[i]! += this.level * (2 * this.dark.step() + 0.25 * this.bright.step());
  }
}

/** A condenser or evaporator fan: blade-pass tone and harmonics, and turbulence pulsing at blade pass. */
class Fan implements Source {
  private phase: number;
  private readonly step: number;
  private readonly turbulence: ColouredNoise;
  private readonly wobble: Wander;
  constructor(
    private readonly spec: Extract<BackgroundSource, { kind: 'fan' }>,
    rng: Rng,
    sampleRate: number,
  ) {
    this.phase = rng.range(0, TWO_PI);
    this.step = (TWO_PI * spec.rotationHz * spec.blades) / sampleRate;
    this.turbulence = new ColouredNoise(rng.child('turb'), [{ kind: 'lowpass', hz: spec.turbulenceHz, q: 0.7 }], sampleRate);
    this.wobble = new Wander(rng.child('wobble'), 0.01, 2, sampleRate);
  }
  render(out: Float64Array, n: number): void {
    const l = this.spec.level;
    for (let i = 0; i < n; i += 1) {
      this.phase += this.step * (1 + this.wobble.step());
      if (this.phase > TWO_PI * 64) this.phase -= TWO_PI * 64;
      const p = this.phase;
      const tones = Math.sin(p) + 0.5 * Math.sin(2 * p + 0.3) + 0.25 * Math.sin(3 * p + 1.1) + 0.12 * Math.sin(4 * p + 2);
      out[i]! += l * (0.5 * tones + 1.2 * (1 + 0.3 * Math.sin(p)) * this.turbulence.step());
    }
  }
}

/** Road traffic through a wall: low rumble swelling as vehicles pass. */
class Traffic implements Source {
  private readonly rumble: ColouredNoise;
  private readonly swell: Wander;
  constructor(
    private readonly level: number,
    swellSeconds: number,
    rng: Rng,
    sampleRate: number,
  ) {
    this.rumble = new ColouredNoise(
      rng.child('rumble'),
      [
        { kind: 'lowpass', hz: 180, q: 0.7 },
        { kind: 'highpass', hz: 25, q: 0.7 },
      ],
      sampleRate,
    );
    this.swell = new Wander(rng.child('swell'), 6, swellSeconds, sampleRate);
  }
  render(out: Float64Array, n: number): void {
    for (let i = 0; i < n; i += 1) out[i]! += this.level * 3 * 10 ** (this.swell.step() / 20) * this.rumble.step();
  }
}

/**
 * People talking nearby: a voiced source (glottal pulses at a drifting pitch) through formant
 * resonances that move every syllable, in syllables and pauses.
 */
class Voices implements Source {
  private readonly speakers: Speaker[];
  constructor(
    private readonly spec: Extract<BackgroundSource, { kind: 'voices' }>,
    rng: Rng,
    sampleRate: number,
  ) {
    this.speakers = spec.pitchHz.map((pitch, i) => new Speaker(pitch, rng.child(`speaker${i}`), sampleRate));
  }
  render(out: Float64Array, n: number): void {
    for (const s of this.speakers) s.render(out, n, this.spec.level);
  }
}

const VOWELS: readonly (readonly [number, number, number])[] = [
  [730, 1090, 2440],
  [270, 2290, 3010],
  [300, 870, 2240],
  [530, 1840, 2480],
  [570, 840, 2410],
  [440, 1020, 2240],
  [660, 1720, 2410],
];

class Speaker {
  private pulsePhase = 0;
  private syllableLeft = 0;
  private syllableLength = 1;
  private pause = false;
  private formants: Resonator[] = [];
  private readonly tilt: Biquad;
  private readonly breath: ColouredNoise;
  private readonly intonation: Wander;
  constructor(
    private readonly pitch: number,
    private readonly rng: Rng,
    private readonly sampleRate: number,
  ) {
    this.tilt = Biquad.of('lowpass', 900, 0.7, sampleRate);
    this.breath = new ColouredNoise(rng.child('breath'), [{ kind: 'highpass', hz: 1500, q: 0.7 }], sampleRate);
    this.intonation = new Wander(rng.child('intonation'), 0.08, 0.4, sampleRate);
    this.newSyllable();
  }
  private newSyllable(): void {
    this.pause = this.rng.chance(0.25);
    this.syllableLength = Math.round(this.sampleRate * (this.pause ? this.rng.range(0.1, 0.9) : this.rng.range(0.12, 0.3)));
    this.syllableLeft = this.syllableLength;
    const [f1, f2, f3] = this.rng.pick(VOWELS);
    const shift = this.pitch > 160 ? 1.15 : 1;
    this.formants = [new Resonator(f1 * shift, 8, this.sampleRate), new Resonator(f2 * shift, 12, this.sampleRate), new Resonator(f3 * shift, 15, this.sampleRate)];
  }
  render(out: Float64Array, n: number, level: number): void {
    for (let i = 0; i < n; i += 1) {
      if (this.syllableLeft <= 0) this.newSyllable();
      this.syllableLeft -= 1;
      const f0 = this.pitch * (1 + this.intonation.step());
      this.pulsePhase += f0 / this.sampleRate;
      let pulse = 0;
      if (this.pulsePhase >= 1) {
        this.pulsePhase -= 1;
        pulse = 1;
      }
      const glottal = this.tilt.step(pulse * 20);
      const progress = 1 - this.syllableLeft / this.syllableLength;
      const envelope = this.pause ? 0 : Math.sin(Math.PI * progress) ** 2;
      const source = envelope * (glottal + 0.02 * this.breath.step());
      const y = this.formants[0]!.step(source) + 0.6 * this.formants[1]!.step(source) + 0.3 * this.formants[2]!.step(source);
      out[i]! += level * 6 * y;
    }
  }
}

/**
 * Korean summer cicadas (말매미, 참매미): a loud buzz in a band of a few kHz, pulsed by the tymbals
 * at tens to hundreds of hertz, sung in phrases with pauses. Easily mistaken for refrigerant hiss
 * by a careless model: the pulsing and the phrases are what tell them apart.
 */
class Cicadas implements Source {
  private readonly carrier: ColouredNoise;
  private readonly tone: Resonator;
  private pulsePhase = 0;
  private phraseLeft: number;
  private singing: boolean;
  private gain = 0;
  constructor(
    private readonly spec: Extract<BackgroundSource, { kind: 'cicadas' }>,
    private readonly rng: Rng,
    private readonly sampleRate: number,
  ) {
    this.carrier = new ColouredNoise(
      rng.child('carrier'),
      [
        { kind: 'bandpass', hz: spec.carrierHz, q: 3 },
        { kind: 'bandpass', hz: spec.carrierHz, q: 3 },
      ],
      sampleRate,
    );
    this.tone = new Resonator(spec.carrierHz, 30, sampleRate);
    this.singing = rng.chance(0.7);
    this.phraseLeft = Math.round(sampleRate * rng.range(0.2, spec.phraseSeconds));
  }
  render(out: Float64Array, n: number): void {
    const attack = 1 / (0.3 * this.sampleRate);
    for (let i = 0; i < n; i += 1) {
      if (--this.phraseLeft <= 0) {
        this.singing = !this.singing;
        const mean = this.singing ? this.spec.phraseSeconds : this.spec.pauseSeconds;
        this.phraseLeft = Math.round(this.sampleRate * mean * this.rng.range(0.5, 1.5));
      }
      this.gain += ((this.singing ? 1 : 0) - this.gain) * attack;
      this.pulsePhase += this.spec.pulseHz / this.sampleRate;
      if (this.pulsePhase >= 1) this.pulsePhase -= 1;
      const pulse = (0.5 + 0.5 * Math.cos(TWO_PI * this.pulsePhase)) ** 4;
      const c = this.carrier.step();
      out[i]! += this.spec.level * 4 * this.gain * pulse * (c + 0.02 * this.tone.step(c * 10));
    }
  }
}

/** Another machine in the plant room: its own shaft orders and hum, muffled by distance. */
class OtherMachine implements Source {
  private phase: number;
  private line: number;
  private readonly muffle: Biquad;
  private readonly noise: ColouredNoise;
  private readonly amps: number[];
  constructor(
    private readonly spec: Extract<BackgroundSource, { kind: 'other_machine' }>,
    rng: Rng,
    private readonly sampleRate: number,
  ) {
    this.phase = rng.range(0, TWO_PI);
    this.line = rng.range(0, TWO_PI);
    this.muffle = Biquad.of('lowpass', 1500, 0.7, sampleRate);
    this.noise = new ColouredNoise(rng.child('noise'), [{ kind: 'lowpass', hz: 1200, q: 0.7 }], sampleRate);
    this.amps = [1, 0.6, 0.4, 0.25].map((a) => a * rng.range(0.5, 1.5));
  }
  render(out: Float64Array, n: number): void {
    const step = (TWO_PI * this.spec.shaftHz) / this.sampleRate;
    const lineStep = (TWO_PI * this.spec.lineHz * 2) / this.sampleRate;
    for (let i = 0; i < n; i += 1) {
      this.phase += step;
      this.line += lineStep;
      if (this.phase > TWO_PI * 64) this.phase -= TWO_PI * 64;
      if (this.line > TWO_PI * 64) this.line -= TWO_PI * 64;
      let y = 0.3 * Math.sin(this.line) + 0.8 * this.noise.step();
      for (let h = 0; h < this.amps.length; h += 1) y += this.amps[h]! * Math.sin((h + 1) * this.phase);
      out[i]! += this.spec.level * this.muffle.step(y);
    }
  }
}

/** A circulating pump: its shaft, the vane-pass tone and its harmonics, over flow noise. */
class Pump implements Source {
  private phase: number;
  private readonly step: number;
  private readonly flow: ColouredNoise;
  constructor(
    private readonly spec: Extract<BackgroundSource, { kind: 'pump' }>,
    rng: Rng,
    sampleRate: number,
  ) {
    this.phase = rng.range(0, TWO_PI);
    this.step = (TWO_PI * spec.shaftHz) / sampleRate;
    this.flow = new ColouredNoise(
      rng.child('flow'),
      [
        { kind: 'bandpass', hz: rng.range(300, 1200), q: 0.8 },
        { kind: 'lowpass', hz: 3000, q: 0.7 },
      ],
      sampleRate,
    );
  }
  render(out: Float64Array, n: number): void {
    const vanes = this.spec.vanes;
    for (let i = 0; i < n; i += 1) {
      this.phase += this.step;
      if (this.phase > TWO_PI * 64) this.phase -= TWO_PI * 64;
      const p = this.phase;
      const tones = 0.4 * Math.sin(p) + Math.sin(vanes * p) + 0.4 * Math.sin(2 * vanes * p + 0.7) + 0.15 * Math.sin(3 * vanes * p + 1.9);
      out[i]! += this.spec.level * (0.6 * tones + 1.5 * this.flow.step());
    }
  }
}

/** Another compressor nearby: the same physics as the one recorded, muffled by distance. */
class SecondCompressor implements Source {
  private static readonly CHUNK = 1024;
  private readonly shaft: Shaft;
  private readonly sound: CompressorSound;
  private readonly muffle: Biquad;
  private readonly buf = new Float64Array(SecondCompressor.CHUNK);
  constructor(
    private readonly spec: Extract<BackgroundSource, { kind: 'second_compressor' }>,
    rng: Rng,
    sampleRate: number,
  ) {
    this.shaft = new Shaft(spec.machine.shaftHz, spec.machine.wanderHz, sampleRate, rng.child('shaft'), SecondCompressor.CHUNK);
    this.sound = new CompressorSound(spec.machine, this.shaft, rng.child('machine'), sampleRate);
    this.muffle = Biquad.of('lowpass', spec.distanceHz, 0.7, sampleRate);
  }
  render(out: Float64Array, n: number): void {
    for (let done = 0; done < n; ) {
      const k = Math.min(SecondCompressor.CHUNK, n - done);
      this.buf.fill(0, 0, k);
      this.shaft.advance(k);
      this.sound.render(this.buf, k);
      for (let i = 0; i < k; i += 1) out[done + i]! += this.spec.level * this.muffle.step(this.buf[i]!);
      done += k;
    }
  }
}
