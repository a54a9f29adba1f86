/**
 * How an address added by hand is tried until a sensor answers there (issue 14, case 9): a sensor
 * is often added before it is switched on, so a refused connection means "not yet", not "wrong".
 * The waits double from `firstMs` up to `maxMs` and stay there: quick to connect when the sensor
 * comes up soon after, cheap when it stays off all day.
 */
export interface RetryPolicy {
  firstMs: number;
  maxMs: number;
}

export const MANUAL_TARGET_RETRY: RetryPolicy = { firstMs: 1000, maxMs: 30_000 };

export class Backoff {
  private attempt = 0;

  constructor(private readonly policy: RetryPolicy = MANUAL_TARGET_RETRY) {}

  /** The wait before the next try (each call counts a failed try). */
  next(): number {
    const ms = Math.min(this.policy.maxMs, this.policy.firstMs * 2 ** Math.min(this.attempt, 30));
    this.attempt += 1;
    return ms;
  }

  reset(): void {
    this.attempt = 0;
  }
}

/** Nothing listening at the address yet (or no route to it): the sensor is off or still booting. */
const NOT_THERE_YET = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET']);

export function sensorNotThereYet(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && NOT_THERE_YET.has(code);
}

/** A wait that ends early when `wake` is called (the technician pressed Connect, the app closes). */
export function wakeableSleep(ms: number): { done: Promise<void>; wake: () => void } {
  let wake: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { done, wake };
}
