/**
 * The one way tests wait: poll a condition until it holds, with a generous limit. CI runs on a
 * shared 2-core machine where anything can take ten times longer than on a laptop, so limits are
 * ceilings for a broken build, never an estimate of how long things take, and no test sleeps a
 * fixed time hoping something happened meanwhile.
 */
export async function eventually<T>(
  what: string,
  check: () => T | undefined | false | null | Promise<T | undefined | false | null>,
  timeoutMs = 20_000,
): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false && value !== null) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Resolves with the first value `subscribe` delivers that `match` accepts; fails after `timeoutMs`. */
export function nextEvent<T>(
  what: string,
  subscribe: (listener: (value: T) => void) => () => void,
  match: (value: T) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const off = subscribe((value) => {
      if (!match(value)) return;
      clearTimeout(timer);
      off();
      resolve(value);
    });
  });
}

/**
 * Pacing for a test's driver that plays a real source's rhythm (a sensor pouring data, a logger
 * spreading lines over time). It never stands in for waiting on a result: use `eventually`.
 */
export function pace(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
