/**
 * A link of known capacity for the upload direction: every request body the server reads takes
 * tokens from one shared bucket, as every connection of a laptop shares one uplink. Reading slower
 * than the client sends fills the TCP window, so the client really is held back (backpressure),
 * not just answered late.
 */
export interface LinkClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const REAL_CLOCK: LinkClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class LinkThrottle {
  private bytesPerSecond: number | null = null;
  /** Time (ms, monotonic) at which the link is free again. */
  private freeAt = 0;
  /** Real time by default; a test gives a virtual clock to check the arithmetic, not the machine's speed. */
  clock: LinkClock = REAL_CLOCK;

  setRate(bytesPerSecond: number | null): void {
    this.bytesPerSecond = bytesPerSecond && bytesPerSecond > 0 ? bytesPerSecond : null;
    this.freeAt = 0;
  }

  get rate(): number | null {
    return this.bytesPerSecond;
  }

  /** Resolves when `bytes` would have crossed the link. */
  async take(bytes: number): Promise<void> {
    const rate = this.bytesPerSecond;
    if (rate === null) return;
    const now = this.clock.now();
    // No credit for idle time: a link does not get faster for having waited, and a credit would
    // flatter protocols that pause between requests.
    const start = Math.max(this.freeAt, now);
    this.freeAt = start + (bytes / rate) * 1000;
    const wait = this.freeAt - now;
    if (wait > 1) await this.clock.sleep(wait);
  }
}
