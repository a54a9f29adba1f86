import type { RecorderClock } from '../../features/recording/recorder-clock';

/**
 * The recorder's clock moved by the test: wall and monotonic time advance together and only when
 * told, so a sensor's silence or the page's stall is reached by `advance`, not by waiting.
 */
export class ManualClock implements RecorderClock {
  private elapsedMs = 0;

  constructor(private readonly startWallMs: number) {}

  now(): Date {
    return new Date(this.startWallMs + this.elapsedMs);
  }

  monotonicMs(): number {
    return this.elapsedMs;
  }

  /** Wall time in ms, for sensors that stamp their messages with the host's time. */
  wallMs(): number {
    return this.startWallMs + this.elapsedMs;
  }

  advance(ms: number): void {
    this.elapsedMs += ms;
  }
}
