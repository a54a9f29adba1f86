/**
 * Exponential backoff with jitter: the wait doubles with each failed attempt up to a ceiling, and
 * a random part spreads laptops (and items) that failed at the same moment, so a server coming
 * back is not hit by all of them at once. "Equal jitter": half fixed, half random, so a retry is
 * never immediate.
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2000, maxMs: 10 * 60 * 1000 };

/** Wait before attempt number `attempt + 1`, after `attempt` failures (1 = the first failure). */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(0, attempt - 1), 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
