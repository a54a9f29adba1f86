import type { RecordingStream } from '../../../../shared/contract';
import type { DeviceInfo } from '../sensors';

/** One stream a capture will record: what its row, its file and the disk guard need to know up front. */
export interface StreamPlan {
  deviceId: string | null;
  stream: RecordingStream;
  sampleRate: number | null;
  channels: number | null;
  readingRateHz: number | null;
  bytesPerSecond: number;
  label: string | null;
}

export function streamsOf(d: DeviceInfo): RecordingStream[] {
  const streams: RecordingStream[] = [];
  if (d.audioSampleRate) streams.push('audio');
  if (d.vibrationSampleRate) streams.push('vibration');
  if (d.readingRateHz) streams.push('readings');
  return streams;
}

export function devicePlans(d: DeviceInfo): StreamPlan[] {
  const label = `${d.transport} ${d.address}`;
  const plans: StreamPlan[] = [];
  if (d.audioSampleRate) {
    plans.push({ deviceId: d.deviceId, stream: 'audio', sampleRate: d.audioSampleRate, channels: 1, readingRateHz: null, bytesPerSecond: d.audioSampleRate * 2, label });
  }
  if (d.vibrationSampleRate) {
    plans.push({ deviceId: d.deviceId, stream: 'vibration', sampleRate: d.vibrationSampleRate, channels: 3, readingRateHz: null, bytesPerSecond: d.vibrationSampleRate * 12, label });
  }
  if (d.readingRateHz) {
    plans.push({ deviceId: d.deviceId, stream: 'readings', sampleRate: null, channels: null, readingRateHz: d.readingRateHz, bytesPerSecond: d.readingRateHz * 100, label });
  }
  return plans;
}

export function micPlan(sampleRate: number): StreamPlan {
  return { deviceId: null, stream: 'audio', sampleRate, channels: 1, readingRateHz: null, bytesPerSecond: sampleRate * 2, label: null };
}

/** A sensor sends vibration as three arrays; the WAV holds frames of x, y, z. */
export function interleave(x: Float32Array, y: Float32Array, z: Float32Array): Float32Array {
  const n = Math.min(x.length, y.length, z.length);
  const out = new Float32Array(n * 3);
  for (let i = 0, j = 0; i < n; i += 1, j += 3) {
    out[j] = x[i]!;
    out[j + 1] = y[i]!;
    out[j + 2] = z[i]!;
  }
  return out;
}
