import type { GapReason, LinkHealth } from '../../../../shared/contract';
import type { DeviceInfo, StreamMessage } from '../sensors';
import { type CaptureControl, type CaptureRun, type DeviceLink, failWrite, isStorageFailure, type ReadingsStreamWriter, type SampleWriter, warn } from './capture-run';
import { DeviceClock } from './device-clock';
import { EMPTY_LINK_HEALTH } from './sessions-repository';
import { interleave } from './stream-plans';

/**
 * A capture's sensors: each one's messages placed on the capture's timeline and written to its
 * streams, its link's ups and downs marked as gaps, and its health counted for the visit.
 */
export class CaptureLinks {
  constructor(private readonly ctl: CaptureControl) {}

  attach(run: CaptureRun, info: DeviceInfo): void {
    const forDevice = run.writers.filter((w) => w.deviceId === info.deviceId);
    const link: DeviceLink = {
      info,
      clock: new DeviceClock(),
      audio: (forDevice.find((w) => w.stream === 'audio') as SampleWriter | undefined) ?? null,
      vibration: (forDevice.find((w) => w.stream === 'vibration') as SampleWriter | undefined) ?? null,
      readings: (forDevice.find((w) => w.stream === 'readings') as ReadingsStreamWriter | undefined) ?? null,
      unsubscribe: () => undefined,
      health: { ...EMPTY_LINK_HEALTH, transport: info.transport, address: info.address, firmwareVersion: info.firmwareVersion },
      lastMessageMs: this.ctl.deps.clock.monotonicMs(),
      silent: false,
    };
    run.devices.set(info.deviceId, link);
    try {
      link.unsubscribe = this.ctl.deps.source.subscribe(info.deviceId, (message) => this.onMessage(run, link, message));
    } catch (error) {
      // Gone between the list and the subscription: the other sensors record; this one's recordings end empty.
      this.ctl.deps.log.warn({ err: error, deviceId: info.deviceId }, 'could not subscribe to a sensor');
      link.silent = true;
      link.health.lastState = 'disconnected';
    }
  }

  expectGap(link: DeviceLink, stream: 'audio' | 'vibration' | 'reading' | 'all', reason: GapReason): void {
    if ((stream === 'audio' || stream === 'all') && link.audio) link.audio.track.expectGap(reason);
    if ((stream === 'vibration' || stream === 'all') && link.vibration) link.vibration.track.expectGap(reason);
    if ((stream === 'reading' || stream === 'all') && link.readings) link.readings.writer.expectGap(reason);
  }

  healthAtEnd(link: DeviceLink): LinkHealth {
    const tracks = [link.audio, link.vibration].filter((w): w is SampleWriter => w !== null);
    return {
      ...link.health,
      gaps: tracks.reduce((n, w) => n + w.track.gaps.length, 0) + (link.readings?.writer.gaps.length ?? 0),
      missingSamples: tracks.reduce((n, w) => n + w.track.missingFrames, 0),
      duplicateChunks: tracks.reduce((n, w) => n + w.track.duplicateChunks, 0),
      reboots: link.clock.epoch,
    };
  }

  private onMessage(run: CaptureRun, link: DeviceLink, m: StreamMessage): void {
    if (run.state !== 'recording') return;
    const h = link.health;
    const nowIso = this.ctl.deps.clock.now().toISOString();
    h.firstMessageAt ??= nowIso;
    h.lastMessageAt = nowIso;
    link.lastMessageMs = this.ctl.deps.clock.monotonicMs();
    if (link.silent && m.type !== 'link') this.deviceBack(run, link);
    try {
      switch (m.type) {
        case 'audio': {
          h.audioChunks += 1;
          if (!link.audio || !this.rateHolds(run, link, link.audio, m.sampleRate)) return;
          const at = this.place(run, link, m.deviceTimeUs, m.hostTimeMs);
          link.audio.track.accept({ index: m.firstSample, tUs: at.tUs, epoch: at.epoch }, m.samples);
          this.watchArrival(run, link.audio, m.samples.length, m.hostTimeMs, at.tUs);
          break;
        }
        case 'vibration': {
          h.vibrationChunks += 1;
          if (!link.vibration || !this.rateHolds(run, link, link.vibration, m.sampleRate)) return;
          const at = this.place(run, link, m.deviceTimeUs, m.hostTimeMs);
          link.vibration.track.accept({ index: m.firstSample, tUs: at.tUs, epoch: at.epoch }, interleave(m.x, m.y, m.z));
          this.watchArrival(run, link.vibration, m.x.length, m.hostTimeMs, at.tUs);
          break;
        }
        case 'reading': {
          h.readings += 1;
          if (!link.readings) return;
          const at = this.place(run, link, m.deviceTimeUs, m.hostTimeMs);
          link.readings.writer.add({
            tUs: at.tUs,
            temperatureC: m.temperatureC,
            vibXG: m.vibrationG?.x ?? null,
            vibYG: m.vibrationG?.y ?? null,
            vibZG: m.vibrationG?.z ?? null,
            currentA: m.currentA,
            powerW: m.powerW,
            audioLevelDb: m.audioLevelDb,
            quality: m.quality,
            suctionKpa: m.suctionKpa,
            dischargeKpa: m.dischargeKpa,
          });
          break;
        }
        case 'gap': {
          if (m.reason === 'reboot') link.clock.noteReboot();
          this.expectGap(link, m.stream, m.reason);
          break;
        }
        case 'link': {
          if (m.state === 'disconnected' || m.state === 'reconnecting') {
            if (h.lastState === 'connected') {
              h.disconnects += 1;
              this.expectGap(link, 'all', 'disconnect');
              warn(this.ctl, run, 'device_lost', link.info.deviceId, `The sensor ${link.info.deviceId} dropped out; recording continues and marks the gap.`);
            }
          } else if (h.lastState !== 'connected') {
            this.deviceBack(run, link);
          }
          h.lastState = m.state;
          break;
        }
      }
    } catch (error) {
      if (isStorageFailure(error)) failWrite(this.ctl, run, error);
      else this.dropDevice(run, link, error);
      return;
    }
    if (run.durationS !== null && sampleTracksFull(run)) void this.ctl.stop(run.id, 'duration');
  }

  /**
   * A chunk at another rate than the recording's (the sensor changed its rate mid-capture) cannot go
   * in this file: refused, and its samples become a `rate_mismatch` gap (issue 14, case 8).
   */
  private rateHolds(run: CaptureRun, link: DeviceLink, w: SampleWriter, sampleRate: number): boolean {
    if (sampleRate === w.track.sampleRate) return true;
    w.track.expectGap('rate_mismatch');
    if (!w.arrival?.flagged) {
      if (w.arrival) w.arrival.flagged = true;
      warn(this.ctl, run, 'gap', link.info.deviceId, `The sensor ${link.info.deviceId} sent ${w.stream} at ${sampleRate} Hz while recording at ${w.track.sampleRate} Hz; those chunks are left out and marked.`);
    }
    return false;
  }

  private watchArrival(run: CaptureRun, w: SampleWriter, frames: number, hostTimeMs: number, tUs: number): void {
    if (!w.arrival?.note(frames, hostTimeMs)) return;
    w.track.mark('rate_mismatch', tUs);
    this.ctl.deps.log.warn({ captureId: run.id, deviceId: w.deviceId, stream: w.stream }, 'sensor samples arrive faster than real time; the recording is marked');
    warn(this.ctl, run, 'gap', w.deviceId, `The sensor ${w.deviceId} sends ${w.stream} faster than real time; its recording is marked "rate mismatch".`);
  }

  /** Places a message on the timeline; a clock jump is marked on every stream of that device, once per jump. */
  private place(run: CaptureRun, link: DeviceLink, deviceTimeUs: number, hostTimeMs: number): { tUs: number; epoch: number } {
    const at = link.clock.place(deviceTimeUs, hostTimeMs);
    if (at.jumped) {
      link.audio?.track.mark('clock_jump', at.tUs);
      link.vibration?.track.mark('clock_jump', at.tUs);
      link.readings?.writer.mark('clock_jump', at.tUs);
      this.ctl.deps.log.warn({ captureId: run.id, deviceId: link.info.deviceId, deviceTimeUs }, 'a sensor clock jumped; its recordings are marked');
      warn(this.ctl, run, 'gap', link.info.deviceId, `The clock of the sensor ${link.info.deviceId} jumped; its recording carries on and is marked "clock jumped".`);
    }
    return at;
  }

  /**
   * One sensor's data could not be handled (not a disk problem): that sensor alone stops being
   * recorded, with an open gap; the capture's other sensors go on untouched (issue 14, case 7).
   */
  private dropDevice(run: CaptureRun, link: DeviceLink, error: unknown): void {
    this.ctl.deps.log.error({ err: error, captureId: run.id, deviceId: link.info.deviceId }, 'a sensor\'s data could not be recorded; that sensor stops, the others go on');
    try {
      link.unsubscribe();
    } catch {
      // already gone
    }
    link.unsubscribe = () => undefined;
    this.expectGap(link, 'all', 'corrupt');
    link.silent = true;
    warn(this.ctl, run, 'device_lost', link.info.deviceId, `The data of the sensor ${link.info.deviceId} could not be recorded; its recording ends here and the other sensors go on.`);
  }

  private deviceBack(run: CaptureRun, link: DeviceLink): void {
    link.silent = false;
    warn(this.ctl, run, 'device_back', link.info.deviceId, `The sensor ${link.info.deviceId} is back; recording continues.`);
  }
}

function sampleTracksFull(run: CaptureRun): boolean {
  const tracks = run.writers.filter((w): w is SampleWriter => w.kind === 'samples');
  return tracks.length > 0 && tracks.every((w) => w.track.full);
}
