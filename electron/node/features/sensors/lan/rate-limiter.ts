/**
 * Rate limits of the unauthenticated HTTP ingest (issue 14, case 6): token buckets, so a sensor
 * posting steadily is never refused while a flood is cut to a fixed rate. Memory is bounded: at
 * most `maxKeys` buckets, the one used least recently dropped first.
 */
export interface RateLimit {
  /** Sustained requests per second. */
  perSecond: number;
  /** Requests allowed at once after a quiet spell. */
  burst: number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

export class KeyedRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limit: RateLimit,
    private readonly maxKeys: number,
    private readonly now: () => number,
  ) {}

  /** Takes one request of `key`: 0 when allowed, otherwise the seconds until one would be. */
  take(key: string): number {
    const now = this.now();
    const { perSecond, burst } = this.limit;
    let bucket = this.buckets.get(key);
    if (bucket) {
      this.buckets.delete(key); // re-inserted below: the map's order is the order of use
      bucket.tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.atMs) / 1000) * perSecond);
      bucket.atMs = now;
    } else {
      bucket = { tokens: burst, atMs: now };
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    }
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return perSecond > 0 ? (1 - bucket.tokens) / perSecond : Number.POSITIVE_INFINITY;
  }

  get size(): number {
    return this.buckets.size;
  }
}

export interface IngestLimits {
  /** Every request of one remote address. A sensor posts a reading a second and some sound. */
  perAddress: RateLimit;
  /** Requests of one address carrying a device id not accepted yet (new or pending). */
  unknownPerAddress: RateLimit;
  /** The same, all addresses together: what a network of senders can cost. */
  unknownTotal: RateLimit;
  /** Remote addresses tracked at once. */
  maxAddresses: number;
}

export const DEFAULT_INGEST_LIMITS: IngestLimits = {
  perAddress: { perSecond: 20, burst: 40 },
  unknownPerAddress: { perSecond: 2, burst: 10 },
  unknownTotal: { perSecond: 10, burst: 40 },
  maxAddresses: 1024,
};

/** The longest Retry-After the ingest answers with (a limit of 0 per second would say "never"). */
const MAX_RETRY_AFTER_S = 60;

/** The ingest's limits together; each check answers 0 (go on) or the whole seconds to wait (a 429's Retry-After). */
export class IngestRateLimiter {
  private readonly perAddress: KeyedRateLimiter;
  private readonly unknownPerAddress: KeyedRateLimiter;
  private readonly unknownTotal: KeyedRateLimiter;

  constructor(limits: Partial<IngestLimits> = {}, now: () => number = Date.now) {
    const l = { ...DEFAULT_INGEST_LIMITS, ...limits };
    this.perAddress = new KeyedRateLimiter(l.perAddress, l.maxAddresses, now);
    this.unknownPerAddress = new KeyedRateLimiter(l.unknownPerAddress, l.maxAddresses, now);
    this.unknownTotal = new KeyedRateLimiter(l.unknownTotal, 1, now);
  }

  /** Any request, before its body is read. */
  request(address: string): number {
    return retryAfter(this.perAddress.take(address));
  }

  /** A request of a device that is not accepted. */
  unknown(address: string): number {
    const wait = this.unknownPerAddress.take(address);
    if (wait > 0) return retryAfter(wait);
    return retryAfter(this.unknownTotal.take('*'));
  }

  /** Addresses tracked now (bounded by `maxAddresses`). */
  get addresses(): number {
    return Math.max(this.perAddress.size, this.unknownPerAddress.size);
  }
}

function retryAfter(seconds: number): number {
  return seconds <= 0 ? 0 : Math.min(MAX_RETRY_AFTER_S, Math.max(1, Math.ceil(seconds)));
}
