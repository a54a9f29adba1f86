/**
 * The sensor's clock against this computer's monotonic clock, from TIME_SYNC round trips: the
 * ACK's device time is paired with the middle of the round trip. A least-squares line over the last minute gives
 * the offset and the drift (a cheap crystal runs tens of ppm fast or slow; a recording of an hour
 * must not pretend otherwise). Round trips slower than twice the best one are ignored: their
 * midpoint says little about when the sensor answered.
 */
export class ClockEstimator {
  private readonly points: { hostMs: number; deviceMs: number }[] = [];
  private bestRttMs = Number.POSITIVE_INFINITY;
  latencyMs: number | null = null;
  latencyAvgMs: number | null = null;

  constructor(
    private readonly windowMs = 60_000,
    /** Drift is not reported over a shorter span: jitter would dominate it. */
    private readonly minSpanMs = 8_000,
  ) {}

  add(sentAtMs: number, receivedAtMs: number, deviceTimeUs: number): void {
    const rtt = Math.max(0, receivedAtMs - sentAtMs);
    this.latencyMs = rtt / 2;
    this.latencyAvgMs = this.latencyAvgMs === null ? rtt / 2 : this.latencyAvgMs * 0.8 + (rtt / 2) * 0.2;
    this.bestRttMs = Math.min(this.bestRttMs, rtt);
    if (rtt > Math.max(2 * this.bestRttMs, this.bestRttMs + 2)) return;
    this.points.push({ hostMs: sentAtMs + rtt / 2, deviceMs: deviceTimeUs / 1000 });
    const oldest = receivedAtMs - this.windowMs;
    while (this.points.length > 2 && this.points[0]!.hostMs < oldest) this.points.shift();
  }

  /** The device restarted: its clock restarted too. Latency is still meaningful. */
  reset(): void {
    this.points.length = 0;
  }

  /** Host wall-clock time minus device time (ms) at the latest point (points are on the monotonic clock). */
  get offsetMs(): number | null {
    const last = this.points.at(-1);
    return last ? performance.timeOrigin + last.hostMs - last.deviceMs : null;
  }

  /** Parts per million the sensor's clock runs fast (positive) or slow. */
  get driftPpm(): number | null {
    const n = this.points.length;
    if (n < 5) return null;
    const first = this.points[0]!;
    const last = this.points[n - 1]!;
    if (last.hostMs - first.hostMs < this.minSpanMs) return null;
    let sx = 0;
    let sy = 0;
    for (const p of this.points) {
      sx += p.hostMs - first.hostMs;
      sy += p.deviceMs - first.deviceMs;
    }
    const mx = sx / n;
    const my = sy / n;
    let sxy = 0;
    let sxx = 0;
    for (const p of this.points) {
      const dx = p.hostMs - first.hostMs - mx;
      sxy += dx * (p.deviceMs - first.deviceMs - my);
      sxx += dx * dx;
    }
    if (sxx === 0) return null;
    return (sxy / sxx - 1) * 1e6;
  }
}
