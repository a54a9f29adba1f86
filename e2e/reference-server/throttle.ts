/**
 * A link of known capacity for the upload direction: every request body the server reads takes
 * tokens from one shared bucket, as every connection of a laptop shares one uplink. Reading slower
 * than the client sends fills the TCP window, so the client really is held back (backpressure),
 * not just answered late.
 */
export class LinkThrottle {
  private bytesPerSecond: number | null = null;
  /** Time (ms, monotonic) at which the link is free again. */
  private freeAt = 0;

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
    const now = performance.now();
    // No credit for idle time: a link does not get faster for having waited, and a credit would
    // flatter protocols that pause between requests.
    const start = Math.max(this.freeAt, now);
    this.freeAt = start + (bytes / rate) * 1000;
    const wait = this.freeAt - now;
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}
