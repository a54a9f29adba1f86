import { AppError } from '../../../../../shared/contract/errors';
import { LIVE_MIN_INTERVAL_MS, type LiveView, type SensorLiveFrame } from '../../../../../shared/contract/sensors';
import type { EventConnection } from '../../../platform/api/event-hub';
import { NO_VIEWS, type TapViews } from './live-tap';

/** Sensors one connection may subscribe to at once (the contract's limit per call, kept overall). */
export const MAX_SENSORS_PER_CONNECTION = 8;
/** A coalesced frame keeps at most this much: the waveform's 5 s and the spectrogram's 10 s. */
const MAX_MERGED_COLUMNS = 1000;
const MAX_MERGED_SPECTRA = 100;
const MAX_MERGED_ITEMS = 600;

interface Subscription {
  views: TapViews;
  intervalMs: number;
  lastSentAt: number;
  /** Frames not sent yet (the page asked for a slower rate, or its connection is behind), merged. */
  held: SensorLiveFrame | null;
}

interface ConnectionEntry {
  connection: EventConnection;
  sensors: Map<string, Subscription>;
  offClose: () => void;
}

/**
 * Who sees which sensor live: subscriptions per UI connection (a window, a browser tab), each
 * with the views it shows and the rate it can take. A sensor's tap computes only the union of
 * what its subscribers show; each connection gets its own frames, cut to its views, at its rate,
 * and merged rather than queued while its connection is behind. A closed connection's
 * subscriptions end with it.
 */
export class LiveSubscriptions {
  private readonly byConnection = new Map<number, ConnectionEntry>();

  subscribe(connection: EventConnection | undefined, deviceIds: string[], views: LiveView[], intervalMs = LIVE_MIN_INTERVAL_MS): string[] {
    if (!connection || connection.closed) {
      throw new AppError('unavailable', 'Live data is sent to a window or browser tab; this caller has no connection to send it to.');
    }
    let entry = this.byConnection.get(connection.id);
    if (!entry) {
      const created: ConnectionEntry = { connection, sensors: new Map(), offClose: () => undefined };
      created.offClose = connection.onClose(() => this.byConnection.delete(connection.id));
      this.byConnection.set(connection.id, created);
      entry = created;
    }
    const unique = [...new Set(deviceIds)];
    const adding = unique.filter((id) => !entry.sensors.has(id)).length;
    if (entry.sensors.size + adding > MAX_SENSORS_PER_CONNECTION) {
      throw new AppError(
        'invalid_params',
        `A page can show at most ${MAX_SENSORS_PER_CONNECTION} sensors live at once; unsubscribe from one first.`,
        'deviceIds',
      );
    }
    const wanted: TapViews = { waveform: views.includes('waveform'), spectrogram: views.includes('spectrogram'), readings: views.includes('readings') };
    for (const id of unique) {
      const previous = entry.sensors.get(id);
      entry.sensors.set(id, { views: wanted, intervalMs, lastSentAt: previous?.lastSentAt ?? 0, held: null });
    }
    return unique;
  }

  /** All of this connection's subscriptions when `deviceIds` is absent; returns the ones that ended. */
  unsubscribe(connection: EventConnection | undefined, deviceIds?: string[]): string[] {
    const entry = connection ? this.byConnection.get(connection.id) : undefined;
    if (!entry) return [];
    const ended = deviceIds ? deviceIds.filter((id) => entry.sensors.delete(id)) : [...entry.sensors.keys()];
    if (!deviceIds || entry.sensors.size === 0) {
      entry.offClose();
      this.byConnection.delete(entry.connection.id);
    }
    return ended;
  }

  /** What the sensor's tap must compute: the union of its subscribers' views. */
  viewsOf(deviceId: string): TapViews {
    let views: TapViews | null = null;
    for (const entry of this.byConnection.values()) {
      const sub = entry.sensors.get(deviceId);
      if (!sub) continue;
      views = views ?? { ...NO_VIEWS };
      views.waveform ||= sub.views.waveform;
      views.spectrogram ||= sub.views.spectrogram;
      views.readings ||= sub.views.readings;
    }
    return views ?? NO_VIEWS;
  }

  /** Sensors someone subscribed to. */
  deviceIds(): Set<string> {
    const ids = new Set<string>();
    for (const entry of this.byConnection.values()) for (const id of entry.sensors.keys()) ids.add(id);
    return ids;
  }

  /** How many connections receive this sensor (tests, benchmarks). */
  subscribers(deviceId: string): number {
    let n = 0;
    for (const entry of this.byConnection.values()) if (entry.sensors.has(deviceId)) n += 1;
    return n;
  }

  /** Hands one tick's frame of a sensor to each subscriber: now, or merged into what it holds. */
  deliver(frame: SensorLiveFrame, now: number): void {
    for (const entry of this.byConnection.values()) {
      const sub = entry.sensors.get(frame.deviceId);
      if (!sub) continue;
      const cut = cutToViews(frame, sub.views);
      const pending = sub.held === null ? cut : mergeFrames(sub.held, cut);
      // 5 ms of slack: the tick's timer is not exact, and one late tick must not halve the rate.
      if (now - sub.lastSentAt + 5 < sub.intervalMs || !entry.connection.ready()) {
        sub.held = pending;
        continue;
      }
      sub.held = null;
      sub.lastSentAt = now;
      entry.connection.send('sensors.live', pending);
    }
  }
}

function cutToViews(frame: SensorLiveFrame, views: TapViews): SensorLiveFrame {
  if (views.waveform && views.spectrogram && views.readings) return frame;
  return {
    ...frame,
    audio: views.waveform ? frame.audio : null,
    spectra: views.spectrogram ? frame.spectra : null,
    vibrationRmsG: views.readings ? frame.vibrationRmsG : null,
    readings: views.readings ? frame.readings : [],
  };
}

/** `a` then `b` as one frame: columns and items appended (the newest kept), latest state and levels. */
export function mergeFrames(a: SensorLiveFrame, b: SensorLiveFrame): SensorLiveFrame {
  let audio = b.audio ?? a.audio;
  if (a.audio && b.audio && a.audio.sampleRate === b.audio.sampleRate) {
    audio = {
      ...b.audio,
      min: a.audio.min.concat(b.audio.min).slice(-MAX_MERGED_COLUMNS),
      max: a.audio.max.concat(b.audio.max).slice(-MAX_MERGED_COLUMNS),
      levelDbfs: b.audio.levelDbfs ?? a.audio.levelDbfs,
    };
  }
  let spectra = b.spectra ?? a.spectra;
  if (a.spectra && b.spectra && a.spectra.binHz === b.spectra.binHz) {
    spectra = { binHz: b.spectra.binHz, columns: a.spectra.columns.concat(b.spectra.columns).slice(-MAX_MERGED_SPECTRA) };
  }
  return {
    deviceId: b.deviceId,
    hostTimeMs: b.hostTimeMs,
    state: b.state,
    audio,
    spectra,
    vibrationRmsG: b.vibrationRmsG ?? a.vibrationRmsG,
    readings: a.readings.length === 0 ? b.readings : a.readings.concat(b.readings).slice(-MAX_MERGED_ITEMS),
    gaps: a.gaps.length === 0 ? b.gaps : a.gaps.concat(b.gaps).slice(-MAX_MERGED_ITEMS),
  };
}
