/**
 * Fault injection for the reference server: the failures a field laptop meets on a customer's
 * Wi-Fi, a phone hotspot or a proxy, made to happen on purpose and on request.
 */
export const FAULT_KINDS = [
  /** Answer 500 before doing anything. */
  'status500',
  /** Answer 502, as a proxy whose upstream died. */
  'status502',
  /** Answer 503 with Retry-After, as a server in maintenance. */
  'status503',
  /** Never answer: hold the connection until the client gives up. */
  'timeout',
  /** Do the work, then answer only after a long delay (the client may give up first). */
  'slow',
  /** Cut the connection in the middle of receiving the request body: nothing is stored. */
  'cut',
  /** Do the work and store it, then cut the connection instead of answering. */
  'lose_response',
  /** Expire the caller's sign-in session first: the request is answered 401. */
  'expire_session',
  /** Handle the request twice, as a proxy that replays it: the second must be recognised. */
  'duplicate',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  kind: FaultKind;
  /** Only requests with this method (GET, PUT, PATCH, POST). */
  method?: string;
  /** Only requests whose path contains this text. */
  path?: string;
  /** How many requests it hits; default 1. */
  times?: number;
  /** For `slow`: how long to hold the answer. */
  delayMs?: number;
  /** For `status503`: Retry-After in seconds. */
  retryAfterS?: number;
}

export interface RandomFaults {
  /** Chance that a request meets a fault, 0..1. */
  probability: number;
  kinds: readonly FaultKind[];
  seed: number;
  /** Only requests whose path contains this text (default: every API request). */
  path?: string;
  delayMs?: number;
}

export interface Fault {
  kind: FaultKind;
  delayMs: number;
  retryAfterS: number;
}

/** A small seeded generator (mulberry32), so that a chaos run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private rules: (FaultRule & { left: number })[] = [];
  private random: (RandomFaults & { next: () => number }) | null = null;
  /** Every fault fired, in order: tests check that the faults they asked for really happened. */
  readonly fired: { kind: FaultKind; method: string; path: string }[] = [];

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, left: rule.times ?? 1 });
  }

  setRandom(random: RandomFaults | null): void {
    this.random = random ? { ...random, next: seededRandom(random.seed) } : null;
  }

  clear(): void {
    this.rules = [];
    this.random = null;
  }

  get pending(): number {
    return this.rules.reduce((n, r) => n + r.left, 0);
  }

  counts(): Partial<Record<FaultKind, number>> {
    const out: Partial<Record<FaultKind, number>> = {};
    for (const f of this.fired) out[f.kind] = (out[f.kind] ?? 0) + 1;
    return out;
  }

  decide(method: string, path: string): Fault | null {
    const rule = this.rules.find(
      (r) => r.left > 0 && (r.method === undefined || r.method === method) && (r.path === undefined || path.includes(r.path)),
    );
    if (rule) {
      rule.left -= 1;
      this.rules = this.rules.filter((r) => r.left > 0);
      return this.fire({ kind: rule.kind, delayMs: rule.delayMs ?? 3000, retryAfterS: rule.retryAfterS ?? 1 }, method, path);
    }
    const random = this.random;
    if (random && (random.path === undefined || path.includes(random.path)) && random.kinds.length > 0) {
      if (random.next() < random.probability) {
        const kind = random.kinds[Math.floor(random.next() * random.kinds.length)]!;
        return this.fire({ kind, delayMs: random.delayMs ?? 1500, retryAfterS: 0 }, method, path);
      }
    }
    return null;
  }

  private fire(fault: Fault, method: string, path: string): Fault {
    this.fired.push({ kind: fault.kind, method, path });
    return fault;
  }
}
