// Over 400 lines: one sensor's firmware behaviour (frames, commands, clock, the ways real ones fail) stays in one class, as the firmware keeps it in one core; transports are outside.
import { randomInt } from 'node:crypto';
import { AckStatus, ALL_STREAMS, Capability, LogLevel, StreamBit } from '../protocol/constants';
import { FrameDecoder } from '../protocol/decoder';
import { encodeMessage } from '../protocol/encoder';
import { type Command, commandOpCode, type ProtocolMessage } from '../protocol/messages';
import { VibrationRms } from '../vibration-rms';
import type { SampleSource } from './sample-source';
import type { InfoMessage } from '../protocol/provisioning-messages';
import type { SensorStats } from './sensor-stats';
import { type RefrigerantState, SimulatedTransducers } from './transducers';

/** Where a simulated sensor's bytes go: a pseudo-terminal or a TCP socket. */
export interface SensorOutput {
  write(bytes: Uint8Array): void;
  /** Bytes queued and not yet taken by the OS: past a limit the sensor drops frames, as firmware must. */
  backlog(): number;
}

export interface SensorFaults {
  /** Fraction of frames built (sequence number used) but never sent. */
  dropRate: number;
  /** Fraction of frames sent with one bit flipped. */
  corruptRate: number;
  /** AUDIO frames declare this rate instead of the one sampled at (a firmware bug; null: the true rate). */
  declaredAudioRate: number | null;
}

export interface SimulatedSensorOptions {
  deviceId: string;
  source: SampleSource;
  audioSampleRate?: number;
  vibrationSampleRate?: number;
  readingRateHz?: number;
  /** Samples per AUDIO frame: 256 at 16 kHz is a frame every 16 ms. */
  audioChunk?: number;
  vibrationChunk?: number;
  statusIntervalMs?: number;
  firmwareVersion?: string;
  model?: string;
  /** The sensor's crystal: positive runs fast. */
  clockDriftPpm?: number;
  faults?: Partial<SensorFaults>;
  /** Largest output backlog before frames are dropped. */
  maxBacklogBytes?: number;
  /** Clock in ms (performance.now by default). */
  now?: () => number;
  /** Suction and discharge transducers reading this refrigerant state: READINGs carry 10 floats. */
  transducers?: RefrigerantState;
  /** Board facts to answer INFO with, as the firmware does (by default this sensor predates INFO). */
  info?: Omit<InfoMessage, 'type' | 'firmwareVersion' | 'model'>;
}

export type { SensorStats } from './sensor-stats';

/** One timer for every simulated sensor in the process: thirty sensors must not mean thirty timers. */
const TICK_MS = 5;
const running = new Set<SimulatedSensor>();
let scheduler: NodeJS.Timeout | null = null;

/** What the ESP32's boot ROM prints after a reset (at 115200 baud; on a pty it arrives as text). */
const BOOT_TEXT =
  'ets Jul 29 2019 12:21:46\r\n\r\nrst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)\r\n' +
  'configsip: 0, SPIWP:0xee\r\nmode:DIO, clock div:1\r\nentry 0x400805e4\r\n';

/**
 * The firmware of a SignalCraft sensor, in TypeScript: the frames, the commands, the clock, and
 * the ways real ones fail. It samples continuously from its SampleSource and sends what the host
 * has STARTed; STATUS every 250 ms is its heartbeat. Transports (pty, TCP) are attached from
 * outside with setOutput; while none is attached, frames are built and lost, as on a sensor
 * running on its battery with the cable pulled.
 */
export class SimulatedSensor {
  readonly deviceId: string;
  readonly stats: SensorStats = {
    framesBuilt: 0,
    framesSent: 0,
    framesDropped: 0,
    framesCorrupted: 0,
    framesOverflowed: 0,
    bytesSent: 0,
    audioSamplesSent: 0,
    samplesLostInStalls: 0,
    reboots: 0,
    hellosSent: 0,
  };
  faults: SensorFaults;
  source: SampleSource;
  private readonly opts: Required<Omit<SimulatedSensorOptions, 'faults' | 'source' | 'deviceId' | 'transducers' | 'info'>>;
  private readonly info: SimulatedSensorOptions['info'] | null;
  private readonly transducers: SimulatedTransducers | null;
  private output: SensorOutput | null = null;
  private bootAtMs = 0;
  private bootId = 0;
  private sequence = 0;
  private streams = 0;
  /** Samples taken since boot (the ADC runs whether or not a stream is sent). */
  private audioTaken = 0;
  private vibTaken = 0;
  /** Index of the next sample of each stream since it was started. */
  private audioIndex = 0;
  private vibIndex = 0;
  private readingsTaken = 0;
  private lastStatusMs = 0;
  private stalledUntilMs = 0;
  private droppedSamples = 0;
  private battery = 87;
  private readonly hostDecoder: FrameDecoder;
  private readonly heldInput: Uint8Array[] = [];
  private readonly audioBuf: Int16Array;
  private readonly vib: { x: Float32Array; y: Float32Array; z: Float32Array };
  /** Since the last reading: its vibration RMS and audio level. */
  private readonly vibrationRms = new VibrationRms();
  private audioSq = 0;
  private audioN = 0;

  constructor(options: SimulatedSensorOptions) {
    this.deviceId = options.deviceId;
    this.source = options.source;
    this.opts = {
      audioSampleRate: options.audioSampleRate ?? 16_000,
      // The ADXL345's fastest rate: its 1.6 kHz band holds the ISO 10816 velocity band, unbalance,
      // misalignment and looseness (docs/protocol.md, Default rates).
      vibrationSampleRate: options.vibrationSampleRate ?? 3200,
      readingRateHz: options.readingRateHz ?? 2,
      audioChunk: options.audioChunk ?? 256,
      vibrationChunk: options.vibrationChunk ?? 160,
      statusIntervalMs: options.statusIntervalMs ?? 250,
      firmwareVersion: options.firmwareVersion ?? '1.4.0-sim',
      model: options.model ?? 'SignalCraft ESP32 sensor (simulated)',
      clockDriftPpm: options.clockDriftPpm ?? 0,
      maxBacklogBytes: options.maxBacklogBytes ?? 256 * 1024,
      now: options.now ?? (() => performance.now()),
    };
    this.info = options.info ?? null;
    this.transducers = options.transducers ? new SimulatedTransducers(options.transducers) : null;
    this.faults = { dropRate: options.faults?.dropRate ?? 0, corruptRate: options.faults?.corruptRate ?? 0, declaredAudioRate: options.faults?.declaredAudioRate ?? null };
    this.audioBuf = new Int16Array(this.opts.audioChunk);
    const n = this.opts.vibrationChunk;
    this.vib = { x: new Float32Array(n), y: new Float32Array(n), z: new Float32Array(n) };
    this.hostDecoder = new FrameDecoder({ onMessage: (_h, m) => this.onHostMessage(m) });
  }

  get streaming(): number {
    return this.streams;
  }

  /** Powers the sensor on: it boots and starts sampling. */
  start(): void {
    if (running.has(this)) return;
    this.boot();
    running.add(this);
    scheduler ??= setInterval(() => {
      for (const sensor of running) sensor.run();
    }, TICK_MS);
  }

  stop(): void {
    running.delete(this);
    if (running.size === 0 && scheduler) {
      clearInterval(scheduler);
      scheduler = null;
    }
  }

  /** A transport was attached (cable in, TCP client connected) or removed (null). */
  setOutput(output: SensorOutput | null): void {
    this.output = output;
  }

  /** Bytes from the host (commands). A stalled sensor reads them when its loop runs again. */
  input(bytes: Uint8Array): void {
    if (this.opts.now() < this.stalledUntilMs) {
      this.heldInput.push(bytes.slice());
      return;
    }
    this.hostDecoder.push(bytes);
  }

  /** A restart: new boot id, sequence and clock from zero, streams stopped, the boot ROM's text, then HELLO. */
  reboot(): void {
    this.stats.reboots += 1;
    this.boot();
  }

  /** The main loop blocks for `ms` (a flash write, a Wi-Fi scan): nothing is sent, samples taken meanwhile are lost. */
  stall(ms: number): void {
    this.stalledUntilMs = Math.max(this.stalledUntilMs, this.opts.now() + ms);
  }

  /** Microseconds on the sensor's own clock (which drifts). */
  deviceTimeUs(nowMs = this.opts.now()): number {
    return Math.max(0, (nowMs - this.bootAtMs) * 1000 * (1 + this.opts.clockDriftPpm / 1e6));
  }

  private boot(): void {
    this.bootAtMs = this.opts.now();
    this.bootId = randomInt(1, 0xffff_ffff);
    this.sequence = 0;
    this.streams = 0;
    this.audioTaken = this.vibTaken = this.audioIndex = this.vibIndex = this.readingsTaken = 0;
    this.lastStatusMs = this.bootAtMs;
    this.stalledUntilMs = 0;
    this.droppedSamples = 0;
    this.resetSums();
    this.output?.write(new TextEncoder().encode(BOOT_TEXT));
    this.sendFrame(this.hello());
    this.sendFrame({ type: 'log', level: LogLevel.INFO, text: `booted, firmware ${this.opts.firmwareVersion}` });
  }

  private hello(): ProtocolMessage {
    this.stats.hellosSent += 1;
    return {
      type: 'hello',
      bootId: this.bootId,
      capabilities: Capability.AUDIO | Capability.VIBRATION | Capability.TEMPERATURE | Capability.CURRENT | Capability.POWER | Capability.BATTERY | (this.transducers ? Capability.PRESSURE : 0),
      audioSampleRate: this.opts.audioSampleRate,
      vibrationSampleRate: this.opts.vibrationSampleRate,
      readingRateHz: this.opts.readingRateHz,
      deviceId: this.deviceId,
      firmwareVersion: this.opts.firmwareVersion,
      model: this.opts.model,
    };
  }

  /** Takes every sample due on the sensor's clock and sends what is streaming. */
  /** @internal (the shared scheduler calls it). */
  run(): void {
    const nowMs = this.opts.now();
    if (nowMs < this.stalledUntilMs) return;
    const nowUs = this.deviceTimeUs(nowMs);
    const { audioSampleRate: ar, vibrationSampleRate: vr, audioChunk, vibrationChunk, readingRateHz } = this.opts;

    if (this.stalledUntilMs > 0) {
      // Back from a stall: what the ADC took meanwhile overflowed its DMA buffer and is gone.
      this.stalledUntilMs = 0;
      for (const bytes of this.heldInput.splice(0)) this.hostDecoder.push(bytes);
      const dueAudio = Math.floor((nowUs / 1e6) * ar);
      const lostAudio = Math.max(0, Math.floor((dueAudio - this.audioTaken) / audioChunk) * audioChunk - audioChunk);
      const dueVib = Math.floor((nowUs / 1e6) * vr);
      const lostVib = Math.max(0, Math.floor((dueVib - this.vibTaken) / vibrationChunk) * vibrationChunk - vibrationChunk);
      this.audioTaken += lostAudio;
      this.vibTaken += lostVib;
      if (this.streams & StreamBit.AUDIO) this.audioIndex += lostAudio;
      if (this.streams & StreamBit.VIBRATION) this.vibIndex += lostVib;
      this.droppedSamples += lostAudio + lostVib;
      this.stats.samplesLostInStalls += lostAudio;
    }

    while (((this.audioTaken + audioChunk) / ar) * 1e6 <= nowUs) {
      const t = (this.audioTaken / ar) * 1e6;
      this.source.audio(this.audioBuf, this.audioTaken, ar);
      for (let i = 0; i < audioChunk; i += 1) {
        const v = this.audioBuf[i]! / 32768;
        this.audioSq += v * v;
      }
      this.audioN += audioChunk;
      this.audioTaken += audioChunk;
      if (this.streams & StreamBit.AUDIO) {
        this.sendFrame({ type: 'audio', sampleRate: this.faults.declaredAudioRate ?? ar, firstSample: this.audioIndex, samples: this.audioBuf }, t);
        this.audioIndex += audioChunk;
        this.stats.audioSamplesSent += audioChunk;
      }
    }
    while (((this.vibTaken + vibrationChunk) / vr) * 1e6 <= nowUs) {
      const t = (this.vibTaken / vr) * 1e6;
      const { x, y, z } = this.vib;
      this.source.vibration(x, y, z, this.vibTaken, vr);
      this.vibrationRms.add(x, y, z);
      this.vibTaken += vibrationChunk;
      if (this.streams & StreamBit.VIBRATION) {
        this.sendFrame({ type: 'vibration', sampleRate: vr, firstSample: this.vibIndex, scaleG: 1 / 256, x, y, z }, t);
        this.vibIndex += vibrationChunk;
      }
    }
    while (((this.readingsTaken + 1) / readingRateHz) * 1e6 <= nowUs) {
      this.readingsTaken += 1;
      const reading = this.reading(nowUs / 1e6);
      if (this.streams & StreamBit.READING) this.sendFrame(reading);
    }
    if (nowMs - this.lastStatusMs >= this.opts.statusIntervalMs) {
      this.lastStatusMs = nowMs;
      this.sendFrame({
        type: 'status',
        batteryPercent: Math.round(this.battery),
        rssiDbm: -58 - Math.round(Math.random() * 4),
        flags: 0,
        bootId: this.bootId,
        droppedSamples: this.droppedSamples,
        freeHeapBytes: 182_000,
      });
      this.battery = Math.max(5, this.battery - 0.0005);
    }
  }

  private reading(seconds: number): ProtocolMessage {
    const slow = this.source.reading(seconds);
    const fitted = this.transducers?.read();
    const message: ProtocolMessage = {
      type: 'reading',
      // With transducers the probe is clamped on the suction line, where superheat is read.
      temperatureC: fitted ? fitted.suctionLineC : slow.temperatureC,
      vibrationG: this.vibrationRms.value(),
      currentA: slow.currentA,
      powerW: slow.powerW,
      // The I2S microphone reads -26 dBFS at 94 dB SPL.
      audioLevelDb: this.audioN > 0 ? 20 * Math.log10(Math.sqrt(this.audioSq / this.audioN) + 1e-9) + 120 : null,
      quality: slow.quality,
      ...(fitted ? { pressures: { suctionKpa: fitted.suctionKpa, dischargeKpa: fitted.dischargeKpa } } : {}),
    };
    this.resetSums();
    return message;
  }

  private resetSums(): void {
    this.vibrationRms.reset();
    this.audioSq = 0;
    this.audioN = 0;
  }

  private onHostMessage(message: ProtocolMessage): void {
    if (message.type !== 'command') return;
    const ack = (status: number, echoHostTimeUs: number | null = null) =>
      this.sendFrame({ type: 'ack', requestId: message.requestId, op: commandOpCode(message.command.op), status, echoHostTimeUs });
    const c: Command = message.command;
    switch (c.op) {
      case 'hello':
        this.sendFrame(this.hello());
        ack(AckStatus.OK);
        return;
      case 'start':
        // Starting a stream that runs already changes nothing: its sample index carries on.
        if (c.streams & StreamBit.AUDIO && !(this.streams & StreamBit.AUDIO)) this.audioIndex = 0;
        if (c.streams & StreamBit.VIBRATION && !(this.streams & StreamBit.VIBRATION)) this.vibIndex = 0;
        this.streams |= c.streams & ALL_STREAMS;
        ack(AckStatus.OK);
        return;
      case 'stop':
        this.streams &= ~c.streams;
        ack(AckStatus.OK);
        return;
      case 'set-rates': {
        const ok =
          (c.audioSampleRate === 0 || (c.audioSampleRate >= 8000 && c.audioSampleRate <= 48_000)) &&
          (c.vibrationSampleRate === 0 || (c.vibrationSampleRate >= 100 && c.vibrationSampleRate <= 3200)) &&
          (c.readingRateHz === 0 || (c.readingRateHz >= 0.1 && c.readingRateHz <= 10));
        if (ok && this.streams === 0) {
          if (c.audioSampleRate) this.opts.audioSampleRate = c.audioSampleRate;
          if (c.vibrationSampleRate) this.opts.vibrationSampleRate = c.vibrationSampleRate;
          if (c.readingRateHz) this.opts.readingRateHz = c.readingRateHz;
          // Rates restart the sample clocks.
          this.audioTaken = Math.floor((this.deviceTimeUs() / 1e6) * this.opts.audioSampleRate);
          this.vibTaken = Math.floor((this.deviceTimeUs() / 1e6) * this.opts.vibrationSampleRate);
          this.readingsTaken = Math.floor((this.deviceTimeUs() / 1e6) * this.opts.readingRateHz);
        }
        ack(!ok ? AckStatus.BAD_ARGUMENTS : this.streams === 0 ? AckStatus.OK : AckStatus.BUSY);
        return;
      }
      case 'identify':
        this.sendFrame({ type: 'log', level: LogLevel.INFO, text: `identify: LED blinking for ${c.seconds} s` });
        ack(AckStatus.OK);
        return;
      case 'time-sync':
        ack(AckStatus.OK, c.hostTimeUs);
        return;
      case 'info':
        if (this.info) this.sendFrame({ type: 'info', ...this.info, firmwareVersion: this.opts.firmwareVersion, model: this.opts.model });
        ack(this.info ? AckStatus.OK : AckStatus.UNKNOWN_COMMAND);
        return;
      default:
        // Provisioning (SET_NAME, SET_WIFI) is the firmware's (firmware/): this sensor predates it.
        ack(AckStatus.UNKNOWN_COMMAND);
        return;
    }
  }

  private sendFrame(message: ProtocolMessage, deviceTimeUs = this.deviceTimeUs()): void {
    const sequence = this.sequence;
    this.sequence = (this.sequence + 1) >>> 0;
    this.stats.framesBuilt += 1;
    const output = this.output;
    if (!output) return; // cable pulled: built and lost
    if (this.faults.dropRate > 0 && Math.random() < this.faults.dropRate) {
      this.stats.framesDropped += 1;
      return;
    }
    if (output.backlog() > this.opts.maxBacklogBytes) {
      this.stats.framesOverflowed += 1;
      return;
    }
    // HELLO starts with an extra delimiter, so a host that opened the port mid-frame (or in
    // silence) reads it whole: the handshake's answer is never swallowed by the host's resync.
    if (message.type === 'hello') output.write(Uint8Array.of(0));
    const bytes = encodeMessage(message, sequence, deviceTimeUs);
    if (this.faults.corruptRate > 0 && Math.random() < this.faults.corruptRate && bytes.length > 2) {
      // One bit in the body (the delimiter is left alone, so exactly this frame is damaged).
      const at = 1 + Math.floor(Math.random() * (bytes.length - 2));
      bytes[at]! ^= 1 << Math.floor(Math.random() * 8);
      this.stats.framesCorrupted += 1;
    }
    output.write(bytes);
    this.stats.framesSent += 1;
    this.stats.bytesSent += bytes.length;
  }
}
