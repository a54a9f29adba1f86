import { describe, expect, it } from 'vitest';
import { REFRIGERANTS, type Refrigerant } from '../../../../../shared/contract';
import reference from './coolprop-reference.json';
import { bubbleTemperatureK, dewPressurePa, dewTemperatureK, saturationRange } from './saturation';

/**
 * The app's interpolated saturation properties against CoolProp itself, at points CoolProp
 * computed independently of the table grid (seeded random pressures and temperatures across the
 * range, committed in coolprop-reference.json by tools/refrigerants/generate.py).
 */

interface ReferenceFluid {
  coolprop: string;
  pressures: { pressurePa: number; dewK: number; bubbleK: number }[];
  dewTemperatures: { dewK: number; dewPressurePa: number }[];
}
const FLUIDS = (reference as unknown as { fluids: Record<string, ReferenceFluid> }).fluids;

describe('refrigerant saturation properties against CoolProp reference points', () => {
  it('covers every refrigerant the app offers', () => {
    expect(Object.keys(FLUIDS).sort()).toEqual([...REFRIGERANTS].sort());
  });

  for (const refrigerant of REFRIGERANTS) {
    it(`${refrigerant}: dew and bubble within 0.1 K, dew pressure within 0.5 %`, () => {
      const fluid = FLUIDS[refrigerant]!;
      expect(fluid.pressures.length).toBeGreaterThanOrEqual(20);
      for (const point of fluid.pressures) {
        const dew = dewTemperatureK(refrigerant as Refrigerant, point.pressurePa);
        const bubble = bubbleTemperatureK(refrigerant as Refrigerant, point.pressurePa);
        expect(dew, `dew at ${point.pressurePa} Pa`).not.toBeNull();
        expect(Math.abs(dew! - point.dewK), `dew at ${point.pressurePa} Pa`).toBeLessThanOrEqual(0.1);
        expect(Math.abs(bubble! - point.bubbleK), `bubble at ${point.pressurePa} Pa`).toBeLessThanOrEqual(0.1);
      }
      for (const point of fluid.dewTemperatures) {
        const p = dewPressurePa(refrigerant as Refrigerant, point.dewK);
        expect(p, `pressure at ${point.dewK} K`).not.toBeNull();
        expect(Math.abs(p! - point.dewPressurePa) / point.dewPressurePa, `pressure at ${point.dewK} K`).toBeLessThanOrEqual(0.005);
      }
    });
  }

  it('zeotropic blends have a glide and pure fluids none', () => {
    const p = 5e5;
    const glide = (r: Refrigerant) => dewTemperatureK(r, p)! - bubbleTemperatureK(r, p)!;
    expect(glide('R-407C')).toBeGreaterThan(4);
    expect(glide('R-448A')).toBeGreaterThan(4);
    expect(glide('R-449A')).toBeGreaterThan(4);
    expect(Math.abs(glide('R-22'))).toBeLessThan(1e-6);
    expect(Math.abs(glide('R-744'))).toBeLessThan(1e-6);
  });

  it('answers null outside the table rather than extrapolating', () => {
    const range = saturationRange('R-744');
    expect(dewTemperatureK('R-744', range.maxPa * 1.2)).toBeNull();
    expect(dewTemperatureK('R-744', range.minPa * 0.5)).toBeNull();
    expect(range.criticalPa).toBeGreaterThan(7.3e6);
  });
});
