import { describe, expect, it } from 'vitest';
import { ClockEstimator } from './clock';

describe('sensor clock estimate', () => {
  it('finds the drift of a sensor clock through jittery round trips', () => {
    const clock = new ClockEstimator();
    let seed = 3;
    const noise = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 4; // 0-4 ms of delay
    for (let s = 0; s <= 30; s += 1) {
      const sent = 1000 + s * 1000;
      const there = noise();
      const back = noise();
      const deviceUs = (sent + there - 1000) * 1000 * (1 + 120e-6); // 120 ppm fast, started at host 1000 ms
      clock.add(sent, sent + there + back, deviceUs);
    }
    expect(clock.driftPpm!).toBeGreaterThan(40);
    expect(clock.driftPpm!).toBeLessThan(200);
    expect(clock.latencyMs).not.toBeNull();
  });

  it('says nothing about drift before it has seen enough', () => {
    const clock = new ClockEstimator();
    for (let s = 0; s < 4; s += 1) clock.add(s * 1000, s * 1000 + 1, s * 1e6);
    expect(clock.driftPpm).toBeNull();
  });

  it('forgets the old clock when the sensor restarts', () => {
    const clock = new ClockEstimator(60_000, 1000);
    for (let s = 0; s < 10; s += 1) clock.add(s * 1000, s * 1000 + 1, s * 1e6);
    expect(clock.driftPpm).not.toBeNull();
    clock.reset();
    expect(clock.driftPpm).toBeNull();
  });
});
