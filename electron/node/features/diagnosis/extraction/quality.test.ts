import { describe, expect, it } from 'vitest';
import { CLIPPED_FRACTION_LIMIT, measureQuality } from './quality';

const counts = (g: number) => Math.round(g * 256) / 256;

describe('clipping', () => {
  it('does not take an accelerometer’s coarse steps at each crest for clipping', () => {
    const x = Float32Array.from({ length: 32_000 }, (_, i) => counts(0.2 * Math.sin((2 * Math.PI * 58.2 * i) / 3200)));
    expect(measureQuality(x, 3200).clippedFraction).toBe(0);
  });

  it('still finds a coarse signal cut at its range, and 16-bit sound cut at full scale', () => {
    const cut = Float32Array.from({ length: 32_000 }, (_, i) => counts(Math.max(-0.1, Math.min(0.1, 0.2 * Math.sin((2 * Math.PI * 58.2 * i) / 3200)))));
    expect(measureQuality(cut, 3200).clippedFraction).toBeGreaterThan(CLIPPED_FRACTION_LIMIT);
    const loud = Float32Array.from({ length: 160_000 }, (_, i) => Math.max(-0.5, Math.min(0.5, 0.8 * Math.sin((2 * Math.PI * 58.2 * i) / 16_000) + 0.05 * Math.sin(i * 1.3))));
    expect(measureQuality(loud, 16_000).clippedFraction).toBeGreaterThan(CLIPPED_FRACTION_LIMIT);
  });
});
