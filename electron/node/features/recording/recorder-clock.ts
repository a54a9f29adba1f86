/**
 * The recorder's one clock. Two readings of it, for two different questions: the wall clock for
 * what is stored (when a capture started and ended, a sensor's first and last message, the
 * microphone's place on the timeline), and a monotonic count for how long something took (a
 * sensor's silence, the page's stall, a fixed length's deadline), which a wall clock set back or
 * forward by the system must not stretch or shrink.
 */
export interface RecorderClock {
  now(): Date;
  /** Milliseconds from an arbitrary origin, never going backwards. */
  monotonicMs(): number;
}

/** The system's clock: `now` as the back end reads it, monotonic time from `performance.now()`. */
export function systemClock(now: () => Date = () => new Date()): RecorderClock {
  return { now, monotonicMs: () => performance.now() };
}
