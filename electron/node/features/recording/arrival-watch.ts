/**
 * Watches one sensor sample stream for data arriving faster than real time (issue 14, case 8): a
 * sensor whose clock or rate is wrong can send 20 s of "samples" every second, and a recording made
 * of them claims a length that never happened. Samples are still stored (they are what arrived);
 * the recording is marked `rate_mismatch` so no one trusts its timing.
 *
 * Measured from the first chunk's arrival, so transport delay before it does not count. The slack
 * absorbs a burst of buffered chunks after a reconnect; the tolerance absorbs crystal drift and
 * jitter many times over (crystals are tens of ppm).
 */
export class ArrivalWatch {
  static readonly TOLERANCE = 0.25;
  static readonly SLACK_S = 5;
  private firstHostMs: number | null = null;
  private framesSinceFirst = 0;
  flagged = false;

  constructor(readonly sampleRate: number) {}

  /** Notes a chunk; true the first time the stream is found running ahead of real time. */
  note(frames: number, hostTimeMs: number): boolean {
    if (this.firstHostMs === null) {
      this.firstHostMs = hostTimeMs;
      return false;
    }
    this.framesSinceFirst += frames;
    if (this.flagged) return false;
    const elapsedS = Math.max(0, hostTimeMs - this.firstHostMs) / 1000;
    const arrivedS = this.framesSinceFirst / this.sampleRate;
    if (arrivedS <= elapsedS * (1 + ArrivalWatch.TOLERANCE) + ArrivalWatch.SLACK_S) return false;
    this.flagged = true;
    return true;
  }
}
