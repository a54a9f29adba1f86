import type { AssetKind, Recording, RecordingStream } from '../../../../shared/contract';

/**
 * The guided measurement: what to measure on this kind of equipment, in order, and which of the
 * visit's recordings already answers each step. A recording fills the first open step of its
 * stream (sound, vibration, readings) in the order it was made, so a sensor that records sound,
 * vibration and readings at once ticks three steps, and a second vibration recording the next
 * vibration point. Recordings that failed or hold nothing fill no step.
 */
export type StepKey = 'compressorSound' | 'motorVibration' | 'compressorVibration' | 'readings' | 'bodySound' | 'bodyVibration';

export interface StepPlan {
  key: StepKey;
  stream: RecordingStream;
  /** Suggested length for sound and vibration steps. */
  seconds: 10 | 30 | 60;
}

export interface StepState extends StepPlan {
  /** Recordings that answered this step (newest last). */
  recordingIds: string[];
  state: 'done' | 'next' | 'todo';
}

const COMPRESSOR_FAMILY: StepPlan[] = [
  { key: 'compressorSound', stream: 'audio', seconds: 30 },
  { key: 'motorVibration', stream: 'vibration', seconds: 30 },
  { key: 'compressorVibration', stream: 'vibration', seconds: 30 },
  { key: 'readings', stream: 'readings', seconds: 30 },
];

const GENERIC: StepPlan[] = [
  { key: 'bodySound', stream: 'audio', seconds: 30 },
  { key: 'bodyVibration', stream: 'vibration', seconds: 30 },
  { key: 'readings', stream: 'readings', seconds: 30 },
];

export function planFor(kind: AssetKind | null): StepPlan[] {
  return kind === null || kind === 'other' ? GENERIC : COMPRESSOR_FAMILY;
}

export function stepStates(kind: AssetKind | null, recordings: readonly Recording[]): StepState[] {
  const steps: StepState[] = planFor(kind).map((p) => ({ ...p, recordingIds: [], state: 'todo' }));
  const usable = recordings
    .filter((r) => r.frames > 0 && r.status !== 'failed' && r.status !== 'recording')
    .toSorted((a, b) => a.startedAt.localeCompare(b.startedAt));
  for (const r of usable) {
    const open = steps.find((s) => s.stream === r.stream && s.recordingIds.length === 0);
    if (open) open.recordingIds.push(r.id);
    else steps.findLast((s) => s.stream === r.stream)?.recordingIds.push(r.id);
  }
  let nextGiven = false;
  for (const s of steps) {
    if (s.recordingIds.length > 0) s.state = 'done';
    else if (!nextGiven) {
      s.state = 'next';
      nextGiven = true;
    }
  }
  return steps;
}
