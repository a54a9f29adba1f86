import type { DeviceInfo, DeviceStreamSource, StreamMessage } from '../../features/sensors';

/**
 * A DeviceStreamSource fed from inside the process, delivering exactly the messages the interface
 * defines (audio, vibration, readings, gaps, link changes, with device time, host time and sample
 * indices), and driven on a clock the test controls. It tests the recorder alone, sample for
 * sample; the real sensor link under the same recorder is tested in sensor-link-recording.test.ts.
 */
export class InProcessDeviceSource implements DeviceStreamSource {
  private readonly devices = new Map<string, DeviceInfo>();
  private readonly listeners = new Map<string, Set<(m: StreamMessage) => void>>();

  add(info: DeviceInfo): void {
    this.devices.set(info.deviceId, info);
  }

  remove(deviceId: string): void {
    this.devices.delete(deviceId);
  }

  connected(): DeviceInfo[] {
    return [...this.devices.values()];
  }

  subscribe(deviceId: string, listener: (message: StreamMessage) => void): () => void {
    let set = this.listeners.get(deviceId);
    if (!set) {
      set = new Set();
      this.listeners.set(deviceId, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  emit(message: StreamMessage): void {
    for (const listener of this.listeners.get(message.deviceId) ?? []) listener(message);
  }

  listenerCount(deviceId: string): number {
    return this.listeners.get(deviceId)?.size ?? 0;
  }
}

/** The audio a simulated sensor produces, as a function of the sample index: checkable after the fact. */
export const simulatedAudioSample = (i: number): number =>
  Math.round(9000 * Math.sin((2 * Math.PI * 58 * i) / 16000) + 4000 * Math.sin((2 * Math.PI * 116 * i) / 16000) + 500 * Math.sin(i * 0.7));

export const simulatedVibration = (axis: number, i: number): number => 0.05 * (axis + 1) * Math.sin((2 * Math.PI * 29 * i) / 3200) + 0.01 * Math.sin(i * 1.3);

export interface SimulatedSensorOptions {
  deviceId: string;
  audioSampleRate?: number | null;
  vibrationSampleRate?: number | null;
  readingRateHz?: number | null;
  audioChunk?: number;
  vibrationChunk?: number;
  /** Host clock in ms (tests pass a fake one). */
  hostNow?: () => number;
  /** Device clock at the start, µs (a sensor that has been up a while). */
  deviceStartUs?: number;
}

/**
 * One simulated ESP32: 16 kHz PCM16 audio, 3-axis vibration in g, readings, in chunks like the
 * firmware sends. `advance(ms)` emits everything due in that much device time (deterministic
 * tests); `start()` runs it in real time. Losses, repeats, reboots and drop-outs are injected on
 * request, as the link would report them.
 */
export class SimulatedSensor {
  readonly info: DeviceInfo;
  private readonly audioChunk: number;
  private readonly vibrationChunk: number;
  private readonly hostNow: () => number;
  /** Device clock now, µs. */
  private deviceUs: number;
  /** Device time when the current boot's streams started. */
  private bootStartUs: number;
  /** Samples since the boot started (they set the timing). */
  private audioIndex = 0;
  private vibrationIndex = 0;
  /** Subtracted from the index in messages: a new connection restarts the stream's numbering. */
  private audioBase = 0;
  private vibrationBase = 0;
  private nextReadingUs: number;
  private timer: NodeJS.Timeout | null = null;
  private skipAudio = 0;
  private repeatNextAudio = false;
  private linked = true;
  private clockFault: ((trueDeviceUs: number) => number) | null = null;
  /** Audio samples produced so far, delivered or not; sample k has the value simulatedAudioSample(k). */
  generatedAudio = 0;

  constructor(
    private readonly source: InProcessDeviceSource,
    options: SimulatedSensorOptions,
  ) {
    this.info = {
      deviceId: options.deviceId,
      firmwareVersion: 'sim-1.0.0',
      transport: 'serial',
      address: `/dev/sim-${options.deviceId}`,
      audioSampleRate: options.audioSampleRate === undefined ? 16000 : options.audioSampleRate,
      vibrationSampleRate: options.vibrationSampleRate === undefined ? 3200 : options.vibrationSampleRate,
      readingRateHz: options.readingRateHz === undefined ? 10 : options.readingRateHz,
    };
    this.audioChunk = options.audioChunk ?? 512;
    this.vibrationChunk = options.vibrationChunk ?? 128;
    this.hostNow = options.hostNow ?? (() => Date.now());
    this.deviceUs = options.deviceStartUs ?? 5_000_000;
    this.bootStartUs = this.deviceUs;
    this.nextReadingUs = this.deviceUs;
    source.add(this.info);
  }

  /** Emits every chunk and reading completed in the next `ms` of device time, in time order. */
  advance(ms: number): void {
    const endUs = this.deviceUs + ms * 1000;
    const audioRate = this.info.audioSampleRate;
    const vibRate = this.info.vibrationSampleRate;
    const interval = this.info.readingRateHz ? 1e6 / this.info.readingRateHz : null;
    for (;;) {
      // A chunk is sent once its last sample is taken.
      const audioDue = audioRate ? this.bootStartUs + ((this.audioIndex + this.audioChunk) * 1e6) / audioRate : Infinity;
      const vibDue = vibRate ? this.bootStartUs + ((this.vibrationIndex + this.vibrationChunk) * 1e6) / vibRate : Infinity;
      const readingDue = interval ? this.nextReadingUs : Infinity;
      const next = Math.min(audioDue, vibDue, readingDue);
      if (next > endUs) break;
      this.deviceUs = next;
      if (next === readingDue) this.emitReading(interval!);
      else if (next === audioDue) this.emitAudio(audioRate!);
      else this.emitVibration(vibRate!);
    }
    this.deviceUs = endUs;
  }

  start(tickMs = 20): void {
    let last = performance.now();
    this.timer = setInterval(() => {
      const now = performance.now();
      this.advance(now - last);
      last = now;
    }, tickMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The next `samples` audio samples are lost on the way (indices jump). */
  loseAudio(samples: number): void {
    this.skipAudio += samples;
  }

  /**
   * The sensor's clock goes wrong from now on (issue 14, case 7): every message carries
   * `reads(trueDeviceUs)` as its device time, while sampling and indexes carry on unchanged.
   */
  breakClock(reads: (trueDeviceUs: number) => number): void {
    this.clockFault = reads;
  }

  private clockReads(atUs: number): number {
    return this.clockFault ? this.clockFault(atUs) : Math.round(atUs);
  }

  /** The next audio chunk arrives twice (a retransmission). */
  repeatAudio(): void {
    this.repeatNextAudio = true;
  }

  /** The link drops: nothing is delivered until `reconnect()`; the sensor keeps sampling meanwhile. */
  disconnect(): void {
    this.linked = false;
    this.source.emit({ type: 'link', deviceId: this.info.deviceId, state: 'disconnected', hostTimeMs: this.hostNow() });
  }

  /**
   * Nothing more arrives, and the link says nothing about it (a stalled USB bridge, a hung radio):
   * only the recorder's own clock can tell. The sensor keeps sampling; `speakAgain()` resumes.
   */
  fallSilent(): void {
    this.linked = false;
  }

  /** Delivers again after `fallSilent()`, numbering carried on: what was sampled meanwhile is missing. */
  speakAgain(): void {
    this.linked = true;
  }

  /** Back after a drop-out; stream numbering restarts at zero, as on a new connection. */
  reconnect(): void {
    this.linked = true;
    this.audioBase = this.audioIndex;
    this.vibrationBase = this.vibrationIndex;
    this.source.emit({ type: 'link', deviceId: this.info.deviceId, state: 'connected', hostTimeMs: this.hostNow() });
  }

  /** The sensor restarts: its clock and stream numbering go back to zero. */
  reboot(): void {
    this.source.emit({ type: 'gap', deviceId: this.info.deviceId, stream: 'all', reason: 'reboot', hostTimeMs: this.hostNow() });
    this.deviceUs = 0;
    this.bootStartUs = 0;
    this.nextReadingUs = 0;
    this.audioIndex = 0;
    this.vibrationIndex = 0;
    this.audioBase = 0;
    this.vibrationBase = 0;
  }

  private emitAudio(rate: number): void {
    const first = this.audioIndex;
    const atUs = this.bootStartUs + (first * 1e6) / rate;
    const values = this.generatedAudio;
    this.audioIndex += this.audioChunk;
    this.generatedAudio += this.audioChunk;
    if (this.skipAudio > 0) {
      this.skipAudio = Math.max(0, this.skipAudio - this.audioChunk);
      return;
    }
    if (!this.linked) return;
    const samples = new Int16Array(this.audioChunk);
    for (let i = 0; i < samples.length; i += 1) samples[i] = simulatedAudioSample(values + i);
    const message: StreamMessage = {
      type: 'audio',
      deviceId: this.info.deviceId,
      deviceTimeUs: this.clockReads(atUs),
      hostTimeMs: this.hostNow(),
      sampleRate: rate,
      firstSample: first - this.audioBase,
      samples,
    };
    this.source.emit(message);
    if (this.repeatNextAudio) {
      this.repeatNextAudio = false;
      this.source.emit(message);
    }
  }

  private emitVibration(rate: number): void {
    const first = this.vibrationIndex;
    const atUs = this.bootStartUs + (first * 1e6) / rate;
    this.vibrationIndex += this.vibrationChunk;
    if (!this.linked) return;
    const axis = (a: number) => Float32Array.from({ length: this.vibrationChunk }, (_, i) => simulatedVibration(a, first + i));
    this.source.emit({
      type: 'vibration',
      deviceId: this.info.deviceId,
      deviceTimeUs: this.clockReads(atUs),
      hostTimeMs: this.hostNow(),
      sampleRate: rate,
      firstSample: first - this.vibrationBase,
      x: axis(0),
      y: axis(1),
      z: axis(2),
    });
  }

  private emitReading(intervalUs: number): void {
    const atUs = this.nextReadingUs;
    this.nextReadingUs += intervalUs;
    if (!this.linked) return;
    const k = Math.round(atUs / intervalUs);
    this.source.emit({
      type: 'reading',
      deviceId: this.info.deviceId,
      deviceTimeUs: this.clockReads(atUs),
      hostTimeMs: this.hostNow(),
      temperatureC: 4 + 0.5 * Math.sin(k / 50),
      vibrationG: { x: 0.02, y: 0.03, z: 0.04 },
      currentA: 6.2 + 0.1 * Math.cos(k / 30),
      powerW: 1400,
      audioLevelDb: 62,
      quality: 0.98,
      suctionKpa: null,
      dischargeKpa: null,
    });
  }
}
