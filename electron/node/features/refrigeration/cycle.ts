import {
  type CycleQuantity,
  type CycleReading,
  type CycleValues,
  PRESSURE_QUANTITIES,
  type ReadingIssue,
  type Refrigerant,
} from '../../../../shared/contract';
import { optimumHighSidePa } from './properties/r744-optimum';
import { bubbleTemperatureK, dewTemperatureK, saturationRange } from './properties/saturation';

/**
 * From the technician's readings to the cycle's calculated values (superheat, subcooling,
 * compression ratio...), refusing readings that cannot be true. A refused reading takes no part
 * in any value, so nothing impossible reaches the diagnosis.
 */

const ATMOSPHERE_PA = 101_325;
const PA_PER: Record<string, number> = { kPa: 1e3, MPa: 1e6, bar: 1e5, psi: 6_894.757 };
/**
 * How far below its saturation temperature a line may read before it is impossible: a clamp
 * thermometer on a pipe is good to about ±1 K, a service gauge to about ±1 % of its span, which
 * is 1-2 K of saturation temperature at the low side.
 */
export const SATURATION_TOLERANCE_K = 3;

export function absolutePressurePa(r: CycleReading): number {
  const pa = r.value * (PA_PER[r.unit] ?? Number.NaN);
  return r.pressureReference === 'absolute' ? pa : pa + ATMOSPHERE_PA;
}

export function celsius(r: CycleReading): number {
  if (r.unit === '°F') return ((r.value - 32) * 5) / 9;
  if (r.unit === 'K') return r.value - 273.15;
  return r.value;
}

const fmt = (v: number, digits = 1) => v.toFixed(digits);
const barText = (pa: number) => `${fmt(pa / 1e5, 2)} bar(a)`;
const cText = (c: number) => `${fmt(c)} °C`;

export interface CycleResult {
  values: CycleValues;
  issues: ReadingIssue[];
  /** Readings that took part (refused ones removed). */
  accepted: Map<CycleQuantity, CycleReading>;
}

const K = (value: number) => ({ value: round(value, 2), unit: 'K' as const });
const C = (value: number) => ({ value: round(value, 2), unit: '°C' as const });
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

export function calculateCycle(refrigerant: Refrigerant, readings: CycleReading[]): CycleResult {
  const issues: ReadingIssue[] = [];
  const accepted = new Map<CycleQuantity, CycleReading>(readings.map((r) => [r.quantity, r]));
  const refuse = (quantity: CycleQuantity, code: ReadingIssue['code'], values: Record<string, string>) => {
    issues.push({ quantity, code, values });
    accepted.delete(quantity);
  };
  const range = saturationRange(refrigerant);
  const transcriticalAllowed = refrigerant === 'R-744';

  // Pressures: above a vacuum, inside the property table (or R-744's transcritical high side).
  for (const q of PRESSURE_QUANTITIES) {
    const r = accepted.get(q);
    if (!r) continue;
    const pa = absolutePressurePa(r);
    if (pa <= 0) refuse(q, 'below_vacuum', { value: `${r.value} ${r.unit}` });
    else if (pa > range.maxPa && !(q === 'dischargePressure' && transcriticalAllowed && pa < 20e6)) {
      refuse(q, range.criticalPa !== null && pa > range.criticalPa ? 'above_critical' : 'out_of_table', {
        value: `${r.value} ${r.unit}`,
        absolute: barText(pa),
        limit: barText(range.maxPa),
        refrigerant,
      });
    } else if (pa < range.minPa) refuse(q, 'out_of_table', { value: `${r.value} ${r.unit}`, absolute: barText(pa), limit: barText(range.minPa), refrigerant });
  }
  const suction = accepted.get('suctionPressure');
  const discharge = accepted.get('dischargePressure');
  if (suction && discharge && absolutePressurePa(suction) >= absolutePressurePa(discharge)) {
    const values = { suction: barText(absolutePressurePa(suction)), discharge: barText(absolutePressurePa(discharge)) };
    refuse('suctionPressure', 'suction_above_discharge', values);
    refuse('dischargePressure', 'suction_above_discharge', values);
  }

  const ps = accepted.has('suctionPressure') ? absolutePressurePa(accepted.get('suctionPressure')!) : null;
  const pd = accepted.has('dischargePressure') ? absolutePressurePa(accepted.get('dischargePressure')!) : null;
  const transcritical = pd !== null && range.criticalPa !== null && pd >= range.criticalPa;
  const inTable = (p: number | null) => p !== null && p >= range.minPa && p <= range.maxPa;
  const evapDewC = inTable(ps) ? dewTemperatureK(refrigerant, ps!)! - 273.15 : null;
  const evapBubbleC = inTable(ps) ? bubbleTemperatureK(refrigerant, ps!)! - 273.15 : null;
  const condDewC = inTable(pd) && !transcritical ? dewTemperatureK(refrigerant, pd!)! - 273.15 : null;
  const condBubbleC = inTable(pd) && !transcritical ? bubbleTemperatureK(refrigerant, pd!)! - 273.15 : null;

  // Lines that cannot be colder than the saturation their pressure implies. Wet suction gas can
  // sit between bubble and dew (a blend's glide), never below the bubble point; discharge gas
  // leaves the compressor superheated.
  const temp = (q: CycleQuantity) => (accepted.has(q) ? celsius(accepted.get(q)!) : null);
  const suctionLine = temp('suctionLineTemp');
  if (suctionLine !== null && evapBubbleC !== null && suctionLine < evapBubbleC - SATURATION_TOLERANCE_K) {
    refuse('suctionLineTemp', 'below_saturation', { value: cText(suctionLine), saturation: cText(evapBubbleC), pressure: barText(ps!) });
  }
  const dischargeLine = temp('dischargeLineTemp');
  if (dischargeLine !== null && condDewC !== null && dischargeLine < condDewC - SATURATION_TOLERANCE_K) {
    refuse('dischargeLineTemp', 'below_saturation', { value: cText(dischargeLine), saturation: cText(condDewC), pressure: barText(pd!) });
  }
  for (const q of ['suctionLineTemp', 'liquidLineTemp', 'dischargeLineTemp', 'evaporatorAirTemp', 'condenserAirTemp'] as const) {
    const t = temp(q);
    // Colder than -80 °C or hotter than 180 °C on a service call is a unit typed wrongly (°F as °C...).
    if (t !== null && (t < -80 || t > 180)) refuse(q, 'implausible', { value: cText(t) });
  }

  const sl = temp('suctionLineTemp');
  const ll = temp('liquidLineTemp');
  const dl = temp('dischargeLineTemp');
  const ea = temp('evaporatorAirTemp');
  const ca = temp('condenserAirTemp');
  const condMidC = condDewC !== null && condBubbleC !== null ? (condDewC + condBubbleC) / 2 : null;
  const values: CycleValues = {
    evaporatingTemp: evapDewC !== null ? C(evapDewC) : null,
    condensingDewTemp: condDewC !== null ? C(condDewC) : null,
    condensingBubbleTemp: condBubbleC !== null ? C(condBubbleC) : null,
    superheat: sl !== null && evapDewC !== null ? K(sl - evapDewC) : null,
    subcooling: ll !== null && condBubbleC !== null ? K(condBubbleC - ll) : null,
    compressionRatio: ps !== null && pd !== null ? { value: round(pd / ps, 2), unit: '' } : null,
    dischargeSuperheat: dl !== null && condDewC !== null ? K(dl - condDewC) : null,
    evaporatorSplit: ea !== null && evapDewC !== null ? K(ea - evapDewC) : null,
    // Above the critical point there is no condensing temperature: the gas cooler's approach
    // (outlet minus air) is what tells how well it rejects heat.
    condenserSplit: transcritical ? (ll !== null && ca !== null ? K(ll - ca) : null) : condMidC !== null && ca !== null ? K(condMidC - ca) : null,
    suctionAbsolute: ps !== null ? { value: round(ps / 1e5, 3), unit: 'bar' } : null,
    dischargeAbsolute: pd !== null ? { value: round(pd / 1e5, 3), unit: 'bar' } : null,
    gasCoolerOutletTemp: transcritical && ll !== null ? C(ll) : null,
    optimumHighSide: transcritical && ll !== null && optimumHighSidePa(ll) !== null ? { value: round(optimumHighSidePa(ll)! / 1e5, 1), unit: 'bar' } : null,
    transcritical,
  };
  return { values, issues, accepted };
}
