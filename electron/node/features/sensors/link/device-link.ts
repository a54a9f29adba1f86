/*
 * Over 400 lines: one sensor's link state machine (handshake, streaming, silence, reconnection,
 * time sync, health counters) in one place, because every transition reads and writes the same
 * counters and timers; its collaborators (clock estimator, session, rate limits) are already apart.
 */
import type { SensorLinkHealth, SensorLinkState } from '../../../../../shared/contract/sensors';
import type { Logger } from '../../../platform/logging/log';
import type { DeviceInfo, Gap, StreamMessage, StreamName, TransportKind } from '../device-stream';
import { ALL_STREAMS } from '../protocol/constants';
import { BAD_FRAME_KINDS, type BadFrameKind, type DecoderCounters, emptyCounters, type FrameHeader } from '../protocol/decoder';
import type { LegacyReading } from '../protocol/legacy-json';
import type { HelloMessage, ProtocolMessage, StatusMessage } from '../protocol/messages';
import { ClockEstimator } from './clock';
import { checkedRate } from './rate-limits';
import type { Identity, LinkSession, SessionListener } from './session';

export interface LinkTiming {
  /** No byte for this long: the link is marked reconnecting (the sensor sends STATUS at least every 250 ms). */
  stallMs: number;
  /** No byte for this long: the connection is closed and opened again (an unplug the OS did not report). */
  dropMs: number;
  timeSyncMs: number;
  /** HTTP senders post a reading a second; silent this long, they are marked reconnecting. */
  ingestStallMs: number;
  /** Clock drift is reported once time syncs span this long (shorter spans: jitter, not drift). */
  driftMinSpanMs: number;
}

export const DEFAULT_TIMING: LinkTiming = { stallMs: 750, dropMs: 1500, timeSyncMs: 1000, ingestStallMs: 5000, driftMinSpanMs: 30_000 };

export interface DeviceLinkEvents {
  /** State or identity changed (the hub throttles what it tells the UI). */
  changed(link: DeviceLink): void;
  /** The connection ended without the technician asking: get it back. */
  lost(link: DeviceLink): void;
  /** A sensor's HELLO (first time or after a reboot). */
  identified(link: DeviceLink, hello: HelloMessage | null): void;
}

type GapReason = Gap['reason'];
type Interruptible = 'all' | 'audio' | 'vibration';
const LOG_LINES_KEPT = 50;
/** The existing firmware posts a JSON reading every second. */
export const LEGACY_READING_RATE_HZ = 1;

/**
 * One sensor, across all its connections. Sessions come and go (unplugs, reboots, a crashed serial
 * process); the DeviceLink keeps what must survive them: the expected sequence number and sample
 * positions, so that whatever went missing is reported as a Gap with its reason and size, the
 * boot id, so a restart is seen, and the link-health counters.
 */
export class DeviceLink {
  state: SensorLinkState = 'connecting';
  session: LinkSession | null = null;
  info: DeviceInfo;
  model: string | null = null;
  identityKind: Identity['kind'] | 'http' = 'binary';
  /** The technician wants this sensor connected: reconnect whenever it is lost. */
  wanted = true;
  readonly logLines: string[] = [];

  private readonly listeners = new Set<(message: StreamMessage) => void>();
  private readonly closedCounters: DecoderCounters = emptyCounters();
  private expectedSequence: number | null = null;
  private bootId: number | null = null;
  private readonly nextSample: Record<'audio' | 'vibration', number | null> = { audio: null, vibration: null };
  private readonly pendingReason: Record<Interruptible, GapReason | null> = { all: null, audio: null, vibration: null };
  private badSinceGood = 0;
  private attachedBefore = false;
  private lastTimeSyncAt = 0;
  private readonly clock: ClockEstimator;
  private status: StatusMessage | null = null;
  private connectedSinceMs: number | null = null;
  private lastDataAtMs: number | null = null;
  private readonly counts = {
    framesLost: 0,
    duplicateFrames: 0,
    gaps: 0,
    lostAudio: 0,
    lostVibration: 0,
    reconnects: 0,
    disconnects: 0,
    stalls: 0,
    reboots: 0,
    logFrames: 0,
    /** HELLO rates outside what the hardware can do, and sample frames declaring a rate other than HELLO's (issue 14, case 8). */
    refusedRates: 0,
    refusedFrames: 0,
  };
  /** HTTP ingest: bytes and readings counted here, there is no decoder. */
  private readonly ingestCounters = { bytes: 0, readings: 0, rejected: 0, audioSamples: 0 };

  constructor(
    readonly deviceId: string,
    transport: TransportKind,
    address: string,
    private readonly events: DeviceLinkEvents,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
    private readonly timing: LinkTiming = DEFAULT_TIMING,
  ) {
    this.clock = new ClockEstimator(Math.max(60_000, timing.driftMinSpanMs * 2), timing.driftMinSpanMs);
    this.info = {
      deviceId,
      firmwareVersion: null,
      transport,
      address,
      audioSampleRate: null,
      vibrationSampleRate: null,
      readingRateHz: null,
    };
  }

  // ---- consumers -------------------------------------------------------------------------

  subscribe(listener: (message: StreamMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  // ---- connections ------------------------------------------------------------------------

  /** A session that passed the handshake and said it is this sensor. */
  attach(session: LinkSession, identity: Identity): void {
    const old = this.session;
    if (old && old !== session && !old.closed) {
      this.session = null;
      old.close('replaced by a new connection');
    }
    const now = this.now();
    this.session = session;
    this.identityKind = identity.kind;
    this.info = { ...this.info, transport: session.link.transport, address: session.link.address };
    if (this.attachedBefore) {
      this.counts.reconnects += 1;
      this.interrupted('disconnect');
    }
    this.attachedBefore = true;
    if (identity.kind === 'binary') this.applyHello(identity.hello, identity.header);
    else this.events.identified(this, null);
    this.connectedSinceMs = now;
    this.lastDataAtMs = now;
    this.lastTimeSyncAt = 0;
    session.onTimeSync = (sent, received, deviceUs) => this.clock.add(sent, received, deviceUs);
    this.setState('connected');
    session.setListener(this.sessionListener(session));
    if (identity.kind === 'binary') this.startStreams(session);
  }

  /** The technician disconnects: no reconnecting. */
  disconnect(): void {
    this.wanted = false;
    const session = this.session;
    this.setState('disconnected');
    if (session && !session.closed) {
      // Politely stop the streams first; the link closes whether or not the sensor answers.
      void session
        .command({ op: 'stop', streams: ALL_STREAMS }, 300)
        .catch(() => undefined)
        .finally(() => session.close('disconnected by the technician'));
      if (this.identityKind !== 'binary') session.close('disconnected by the technician');
    }
  }

  /** The technician connects again after a disconnect. */
  want(): void {
    this.wanted = true;
    if (this.state === 'disconnected') this.setState('connecting');
  }

  /** Called on a timer (about every 100 ms): heartbeat watch and time sync. */
  tick(): void {
    const now = this.now();
    if (this.identityKind === 'http') {
      if (this.state === 'connected' && this.lastDataAtMs !== null && now - this.lastDataAtMs > this.timing.ingestStallMs) {
        this.counts.stalls += 1;
        this.setState('reconnecting');
      }
      return;
    }
    const session = this.session;
    if (!session || session.closed) return;
    const silentMs = now - session.lastByteAtMs;
    if (this.state === 'connected' && silentMs > this.timing.stallMs) {
      this.counts.stalls += 1;
      this.interrupted('stall');
      this.setState('reconnecting');
      this.log.info({ deviceId: this.deviceId, silentMs }, 'sensor link went silent');
    }
    if (silentMs > this.timing.dropMs) {
      session.close(`no data for ${silentMs} ms`);
      return;
    }
    if (this.identityKind === 'binary' && this.state === 'connected' && now - this.lastTimeSyncAt >= this.timing.timeSyncMs) {
      this.lastTimeSyncAt = now;
      session.command({ op: 'time-sync', hostTimeUs: now * 1000 }, 2000).catch(() => undefined);
    }
  }

  /** Sends IDENTIFY; resolves true when the sensor acknowledged it. */
  async identify(seconds: number): Promise<boolean> {
    const session = this.session;
    if (!session || session.closed || this.identityKind !== 'binary') return false;
    try {
      const ack = await session.command({ op: 'identify', seconds });
      return ack.status === 0;
    } catch {
      return false;
    }
  }

  // ---- HTTP ingest (existing firmware posting to this app) ------------------------------

  ingestReading(reading: LegacyReading, address: string, bytes: number): void {
    const now = this.now();
    this.markIngest(address, bytes, now);
    this.ingestCounters.readings += 1;
    this.noteLegacyReadings();
    this.emit(legacyToReading(this.deviceId, reading, now));
  }

  /**
   * The existing firmware announces no rates: its readings come once a second (docs/field-facts.md
   * §2). Announcing that stream makes the sensor recordable like any other (issue 14, case 9).
   */
  private noteLegacyReadings(): void {
    if (this.info.readingRateHz !== null) return;
    this.info = { ...this.info, readingRateHz: LEGACY_READING_RATE_HZ };
    this.events.changed(this);
  }

  ingestRejected(address: string, bytes: number): void {
    this.markIngest(address, bytes, this.now());
    this.ingestCounters.rejected += 1;
  }

  /** Raw PCM from the existing firmware: it carries no sample index, so losses cannot be seen, only arrivals. */
  ingestAudio(samples: Int16Array, sampleRate: number, address: string, bytes: number): void {
    const now = this.now();
    this.markIngest(address, bytes, now);
    this.info = { ...this.info, audioSampleRate: sampleRate };
    const firstSample = this.ingestCounters.audioSamples;
    this.ingestCounters.audioSamples += samples.length;
    this.emit({ type: 'audio', deviceId: this.deviceId, deviceTimeUs: now * 1000, hostTimeMs: now, sampleRate, firstSample, samples });
  }

  private markIngest(address: string, bytes: number, now: number): void {
    this.identityKind = 'http';
    this.ingestCounters.bytes += bytes;
    this.lastDataAtMs = now;
    if (this.info.address !== address || this.info.transport !== 'http-ingest') {
      this.info = { ...this.info, transport: 'http-ingest', address };
    }
    if (this.state !== 'connected') {
      if (this.attachedBefore) this.counts.reconnects += 1;
      this.attachedBefore = true;
      this.connectedSinceMs = now;
      this.setState('connected');
    }
  }

  // ---- what the link knows -----------------------------------------------------------------

  get connected(): boolean {
    return this.state === 'connected' || (this.state === 'reconnecting' && this.session !== null);
  }

  health(): SensorLinkHealth {
    const live = this.session?.decoder.counters;
    const sum = <K extends 'bytes' | 'frames' | 'badFrames' | 'unknownType' | 'unsupportedVersion' | 'legacyReadings' | 'legacyRejected' | 'textLines'>(
      key: K,
    ) => this.closedCounters[key] + (live?.[key] ?? 0);
    const bad = Object.fromEntries(
      BAD_FRAME_KINDS.map((k) => [k, this.closedCounters.bad[k] + (live?.bad[k] ?? 0)]),
    ) as Record<BadFrameKind, number>;
    const drift = this.clock.driftPpm;
    return {
      deviceId: this.deviceId,
      transport: this.info.transport,
      address: this.info.address,
      state: this.state,
      connectedSinceMs: this.connectedSinceMs,
      lastDataAtMs: this.session ? this.session.lastByteAtMs : this.lastDataAtMs,
      bytes: sum('bytes') + this.ingestCounters.bytes,
      frames: sum('frames'),
      badFrames: sum('badFrames'),
      bad,
      skippedFrames: sum('unknownType') + sum('unsupportedVersion'),
      framesLost: this.counts.framesLost,
      duplicateFrames: this.counts.duplicateFrames,
      gaps: this.counts.gaps,
      lostSamples: { audio: this.counts.lostAudio, vibration: this.counts.lostVibration },
      reconnects: this.counts.reconnects,
      disconnects: this.counts.disconnects,
      stalls: this.counts.stalls,
      reboots: this.counts.reboots,
      latencyMs: round(this.clock.latencyMs, 2),
      latencyAvgMs: round(this.clock.latencyAvgMs, 2),
      clockOffsetMs: round(this.clock.offsetMs, 1),
      clockDriftPpm: round(drift, 0),
      legacyReadings: sum('legacyReadings') + this.ingestCounters.readings,
      legacyRejected: sum('legacyRejected') + this.ingestCounters.rejected,
      textLines: sum('textLines') + this.counts.logFrames,
      refusedRates: this.counts.refusedRates,
      refusedFrames: this.counts.refusedFrames,
      device: this.status
        ? {
            batteryPercent: this.status.batteryPercent,
            rssiDbm: this.status.rssiDbm,
            droppedSamples: this.status.droppedSamples,
            freeHeapBytes: this.status.freeHeapBytes,
          }
        : null,
    };
  }

  // ---- internals -----------------------------------------------------------------------------

  private sessionListener(session: LinkSession): SessionListener {
    // Events of a session this link has since replaced are ignored.
    const current = () => this.session === session;
    return {
      message: (header, message, at) => {
        if (current()) this.onFrame(header, message, at);
      },
      skipped: (header) => {
        if (current()) this.checkSequence(header);
      },
      legacyReading: (reading, at) => {
        if (!current()) return;
        this.resumeIfSilent();
        this.noteLegacyReadings();
        this.emit(legacyToReading(this.deviceId, reading, at));
      },
      badFrame: () => {
        if (current()) this.badSinceGood += 1;
      },
      text: (line) => {
        if (current()) this.keepLog(line);
      },
      closed: (reason) => this.onSessionClosed(session, reason),
    };
  }

  private onSessionClosed(session: LinkSession, reason: string): void {
    addCounters(this.closedCounters, session.decoder.counters);
    if (this.session !== session) return;
    this.session = null;
    this.lastDataAtMs = session.lastByteAtMs;
    if (this.state === 'disconnected' || !this.wanted) {
      this.setState('disconnected');
      return;
    }
    this.counts.disconnects += 1;
    this.interrupted('disconnect');
    this.log.info({ deviceId: this.deviceId, reason }, 'sensor link lost');
    this.setState('reconnecting');
    this.events.lost(this);
  }

  private onFrame(header: FrameHeader, message: ProtocolMessage, at: number): void {
    this.resumeIfSilent();
    if (message.type === 'hello') {
      this.applyHello(message, header);
    } else if (message.type === 'status') {
      if (this.bootId !== null && message.bootId !== this.bootId) this.rebooted(message.bootId);
      this.status = message;
    }
    if (!this.checkSequence(header)) return;
    this.badSinceGood = 0;
    switch (message.type) {
      case 'reading':
        this.emit({
          type: 'reading',
          deviceId: this.deviceId,
          deviceTimeUs: header.deviceTimeUs,
          hostTimeMs: at,
          temperatureC: message.temperatureC,
          vibrationG: message.vibrationG,
          currentA: message.currentA,
          powerW: message.powerW,
          audioLevelDb: message.audioLevelDb,
          quality: message.quality,
          suctionKpa: message.pressures?.suctionKpa ?? null,
          dischargeKpa: message.pressures?.dischargeKpa ?? null,
        });
        break;
      case 'audio':
        if (!this.rateAgrees('audio', message.sampleRate)) break;
        if (!this.checkSamples('audio', message.firstSample, message.samples.length, at)) break;
        this.emit({
          type: 'audio',
          deviceId: this.deviceId,
          deviceTimeUs: header.deviceTimeUs,
          hostTimeMs: at,
          sampleRate: message.sampleRate,
          firstSample: message.firstSample,
          samples: message.samples,
        });
        break;
      case 'vibration':
        if (!this.rateAgrees('vibration', message.sampleRate)) break;
        if (!this.checkSamples('vibration', message.firstSample, message.x.length, at)) break;
        this.emit({
          type: 'vibration',
          deviceId: this.deviceId,
          deviceTimeUs: header.deviceTimeUs,
          hostTimeMs: at,
          sampleRate: message.sampleRate,
          firstSample: message.firstSample,
          x: message.x,
          y: message.y,
          z: message.z,
        });
        break;
      case 'log':
        this.counts.logFrames += 1;
        this.keepLog(message.text);
        break;
      default:
        break;
    }
  }

  /** False when the frame is a duplicate and must be dropped. */
  private checkSequence(header: FrameHeader): boolean {
    const expected = this.expectedSequence;
    this.expectedSequence = (header.sequence + 1) >>> 0;
    if (expected === null || header.sequence === expected) {
      this.pendingReason.all = null;
      return true;
    }
    const ahead = (header.sequence - expected) >>> 0;
    if (ahead < 0x8000_0000) {
      const reason = this.pendingReason.all ?? (this.badSinceGood > 0 ? 'corrupt' : 'sequence');
      this.pendingReason.all = null;
      // The sample streams will show which samples those frames held; tell them why.
      this.pendingReason.audio ??= reason;
      this.pendingReason.vibration ??= reason;
      this.counts.framesLost += ahead;
      this.gap({ stream: 'all', reason, missingFrames: ahead });
      return true;
    }
    const behind = (expected - header.sequence) >>> 0;
    if (behind <= 1024) {
      // Seen already (a sensor that resent after a reconnect): drop it, keep the expectation.
      this.expectedSequence = expected;
      this.counts.duplicateFrames += 1;
      return false;
    }
    // Far behind with no new boot id seen: the sensor restarted and its HELLO was lost.
    this.rebooted(this.bootId);
    return true;
  }

  private checkSamples(stream: 'audio' | 'vibration', first: number, count: number, at: number): boolean {
    const expected = this.nextSample[stream];
    const reason = this.pendingReason[stream];
    this.pendingReason[stream] = null;
    if (expected !== null && first + count <= expected) {
      this.counts.duplicateFrames += 1;
      return false;
    }
    if (expected !== null && first > expected) {
      const missing = first - expected;
      if (stream === 'audio') this.counts.lostAudio += missing;
      else this.counts.lostVibration += missing;
      this.gap({ stream, reason: reason ?? 'sequence', fromSample: expected, missingSamples: missing }, at);
    }
    this.nextSample[stream] = first + count;
    return true;
  }

  /**
   * A sample frame is stored at the rate HELLO announced (and the hardware can do); one declaring
   * another rate is refused and counted, and the samples it held become a gap.
   */
  private rateAgrees(stream: 'audio' | 'vibration', declared: number): boolean {
    const announced = stream === 'audio' ? this.info.audioSampleRate : this.info.vibrationSampleRate;
    if (announced !== null && declared === announced) return true;
    this.counts.refusedFrames += 1;
    this.pendingReason[stream] ??= 'corrupt';
    if (this.counts.refusedFrames === 1 || this.counts.refusedFrames % 1000 === 0) {
      this.log.warn({ deviceId: this.deviceId, stream, declared, announced, refused: this.counts.refusedFrames }, 'sensor frames declare a sample rate other than its HELLO; refused');
    }
    return false;
  }

  private applyHello(hello: HelloMessage, _header: FrameHeader): void {
    if (this.bootId !== null && hello.bootId !== this.bootId) this.rebooted(hello.bootId);
    this.bootId = hello.bootId;
    this.model = hello.model || null;
    const audio = checkedRate('audio', hello.audioSampleRate);
    const vibration = checkedRate('vibration', hello.vibrationSampleRate);
    const readings = checkedRate('readings', hello.readingRateHz);
    const refused = [audio, vibration, readings].filter((r) => r.refused).length;
    if (refused > 0) {
      this.counts.refusedRates += refused;
      this.log.warn(
        { deviceId: this.deviceId, audio: hello.audioSampleRate, vibration: hello.vibrationSampleRate, readings: hello.readingRateHz },
        'sensor announced a rate its hardware cannot have; that stream is not used (check the firmware\'s rate settings)',
      );
    }
    this.info = {
      ...this.info,
      firmwareVersion: hello.firmwareVersion || null,
      audioSampleRate: audio.rate,
      vibrationSampleRate: vibration.rate,
      readingRateHz: readings.rate,
    };
    this.events.identified(this, hello);
  }

  private rebooted(newBootId: number | null): void {
    this.bootId = newBootId;
    this.counts.reboots += 1;
    this.expectedSequence = null;
    this.nextSample.audio = null;
    this.nextSample.vibration = null;
    this.pendingReason.all = this.pendingReason.audio = this.pendingReason.vibration = null;
    this.clock.reset();
    this.gap({ stream: 'all', reason: 'reboot' });
    this.log.info({ deviceId: this.deviceId }, 'sensor restarted');
    // A restarted sensor has stopped its streams: ask again.
    if (this.session && !this.session.closed && this.wanted) this.startStreams(this.session);
  }

  private startStreams(session: LinkSession): void {
    session.command({ op: 'start', streams: ALL_STREAMS }).catch((error: Error) => {
      if (!session.closed) this.log.warn({ deviceId: this.deviceId, err: error.message }, 'sensor did not start its streams');
    });
  }

  private interrupted(reason: GapReason): void {
    // A disconnect outranks a stall that preceded it.
    for (const key of ['all', 'audio', 'vibration'] as const) {
      if (this.pendingReason[key] === null || reason === 'disconnect') this.pendingReason[key] = reason;
    }
  }

  private resumeIfSilent(): void {
    if (this.state === 'reconnecting' && this.session) this.setState('connected');
  }

  private gap(fields: { stream: StreamName | 'all'; reason: GapReason; missingFrames?: number; fromSample?: number; missingSamples?: number }, at = this.now()): void {
    this.counts.gaps += 1;
    this.emit({ type: 'gap', deviceId: this.deviceId, hostTimeMs: at, ...fields });
  }

  private setState(state: SensorLinkState): void {
    if (this.state === state) return;
    const previous = this.state;
    this.state = state;
    const linkState = state === 'connected' ? 'connected' : state === 'reconnecting' ? 'reconnecting' : state === 'disconnected' ? 'disconnected' : null;
    const wasLink = previous === 'connected' || previous === 'reconnecting';
    if (linkState !== null && (linkState !== 'disconnected' || wasLink)) {
      this.emit({ type: 'link', deviceId: this.deviceId, state: linkState, hostTimeMs: this.now() });
    }
    this.events.changed(this);
  }

  private keepLog(line: string): void {
    this.logLines.push(line);
    if (this.logLines.length > LOG_LINES_KEPT) this.logLines.shift();
  }

  private emit(message: StreamMessage): void {
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch (error) {
        // One consumer's bug must not cut the others (or the link) off.
        this.log.error({ err: error, deviceId: this.deviceId }, 'a stream consumer failed');
      }
    }
  }
}

function legacyToReading(deviceId: string, reading: LegacyReading, at: number): StreamMessage {
  return {
    type: 'reading',
    deviceId,
    deviceTimeUs: Math.round(reading.timestamp * 1e6),
    hostTimeMs: at,
    temperatureC: reading.temperatureC,
    vibrationG: reading.vibrationG,
    currentA: reading.currentA,
    powerW: reading.powerW,
    audioLevelDb: reading.audioLevelDb,
    quality: reading.quality,
    suctionKpa: null,
    dischargeKpa: null,
  };
}

function addCounters(into: DecoderCounters, from: DecoderCounters): void {
  for (const key of Object.keys(from) as (keyof DecoderCounters)[]) {
    if (key === 'bad') for (const k of BAD_FRAME_KINDS) into.bad[k] += from.bad[k];
    else into[key] += from[key];
  }
}

function round(value: number | null, digits: number): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
