import { describe, expect, it } from 'vitest';
import { dewTemperatureK } from '../../refrigeration';
import { SimulatedTransducers } from './transducers';

describe('simulated pressure transducers', () => {
  it('read the saturation pressures of the refrigerant state the unit runs at', () => {
    const t = new SimulatedTransducers({ refrigerant: 'R-410A', evaporatingC: 5, condensingC: 40, superheatK: 6 });
    const r = t.read();
    // R-410A at 5 °C evaporating is about 934 kPa absolute (CoolProp); the app reads its own tables back.
    expect(r.suctionKpa!).toBeGreaterThan(900);
    expect(r.suctionKpa!).toBeLessThan(970);
    expect(dewTemperatureK('R-410A', r.suctionKpa! * 1000)! - 273.15).toBeCloseTo(5, 1);
    expect(r.dischargeKpa!).toBeGreaterThan(r.suctionKpa!);
    expect(r.suctionLineC).toBe(11);
  });

  it('refuse a refrigerant the app has no table for, or a state that cannot run, saying what to change', () => {
    expect(() => new SimulatedTransducers({ refrigerant: 'R-12' as never, evaporatingC: 5, condensingC: 40, superheatK: 6 })).toThrow(/R-12 is not a refrigerant.*R-410A/);
    expect(() => new SimulatedTransducers({ refrigerant: 'R-410A', evaporatingC: 30, condensingC: 20, superheatK: 6 })).toThrow(/condensing temperature must be above/);
  });
});
