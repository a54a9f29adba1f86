import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff';
import { parseRetryAfter } from './failure';

describe('backoff', () => {
  it('doubles from 2 s to a 10 minute ceiling, half fixed and half random', () => {
    const low = (n: number) => backoffDelay(n, DEFAULT_BACKOFF, () => 0);
    const high = (n: number) => backoffDelay(n, DEFAULT_BACKOFF, () => 0.999999);
    expect([1, 2, 3, 4].map(low)).toEqual([1000, 2000, 4000, 8000]);
    expect([1, 2, 3, 4].map(high)).toEqual([2000, 4000, 8000, 16000]);
    expect(low(30)).toBe(300_000);
    expect(high(1000)).toBe(600_000);
  });

  it('spreads laptops that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(5, DEFAULT_BACKOFF)));
    expect(delays.size).toBeGreaterThan(40);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(16_000);
  });

  it('reads Retry-After as seconds or a date, and ignores nonsense', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('999999')).toBe(3600_000);
  });
});

describe('chunk sizes', () => {
  const policy = { initialBytes: 1 << 20, minBytes: 128 * 1024, maxBytes: 8 << 20, targetSeconds: 2 };
  it('grow on a fast link up to the server limit and shrink on a slow one, in 64 KiB steps', async () => {
    const { nextChunkSize } = await import('./uploader');
    expect(nextChunkSize(policy, 1 << 20, 0.25)).toBe(8 << 20); // 4 MiB/s
    expect(nextChunkSize(policy, 1 << 20, 1)).toBe(2 << 20); // 1 MiB/s
    expect(nextChunkSize(policy, 1 << 20, 20)).toBe(128 * 1024); // 51 kB/s
    expect(nextChunkSize(policy, 1 << 20, 0) % (64 * 1024)).toBe(0);
  });
});
