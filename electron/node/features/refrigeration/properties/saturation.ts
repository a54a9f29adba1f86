import type { Refrigerant } from '../../../../../shared/contract';
import tables from './saturation-tables.json';

/**
 * Saturation properties of the refrigerants, interpolated from tables CoolProp generated at build
 * time (tools/refrigerants/generate.py): no hand-written equations of state in the app.
 *
 * Between grid points ln(P) against 1/T is close to a straight line (Clausius-Clapeyron), so the
 * interpolation is linear in those coordinates; on the 90-point grid it stays within a few
 * thousandths of a kelvin of CoolProp (saturation.test.ts checks 0.1 K at independent points).
 * Pressures are absolute, in Pa; temperatures in K.
 */

interface FluidTable {
  coolprop: string;
  kind: 'pure' | 'blend';
  critical: { T_K: number; P_Pa: number } | null;
  pressurePa: number[];
  dewK: number[];
  bubbleK: number[];
}

const FLUIDS = (tables as unknown as { fluids: Record<Refrigerant, FluidTable> }).fluids;

interface Curve {
  lnP: Float64Array;
  invDew: Float64Array;
  invBubble: Float64Array;
}

const curves = new Map<Refrigerant, Curve>();

function curve(refrigerant: Refrigerant): Curve {
  let c = curves.get(refrigerant);
  if (!c) {
    const t = FLUIDS[refrigerant];
    c = {
      lnP: Float64Array.from(t.pressurePa, Math.log),
      invDew: Float64Array.from(t.dewK, (v) => 1 / v),
      invBubble: Float64Array.from(t.bubbleK, (v) => 1 / v),
    };
    curves.set(refrigerant, c);
  }
  return c;
}

/** Index i with xs[i] <= x <= xs[i+1] for increasing xs, or -1 outside. */
function bracket(xs: Float64Array, x: number): number {
  const n = xs.length;
  if (!(x >= xs[0]!) || !(x <= xs[n - 1]!)) return -1;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  return lo;
}

function lerp(xs: Float64Array, ys: Float64Array, x: number): number | null {
  const i = bracket(xs, x);
  if (i < 0) return null;
  const f = (x - xs[i]!) / (xs[i + 1]! - xs[i]!);
  return ys[i]! + f * (ys[i + 1]! - ys[i]!);
}

export interface SaturationRange {
  minPa: number;
  maxPa: number;
  /** Above this absolute pressure there is no liquid/vapour boundary (R-744's transcritical high side). */
  criticalPa: number | null;
}

export function saturationRange(refrigerant: Refrigerant): SaturationRange {
  const t = FLUIDS[refrigerant];
  return { minPa: t.pressurePa[0]!, maxPa: t.pressurePa.at(-1)!, criticalPa: t.critical?.P_Pa ?? null };
}

/** Saturated-vapour (dew) temperature at an absolute pressure; null outside the table. */
export function dewTemperatureK(refrigerant: Refrigerant, pressurePa: number): number | null {
  const c = curve(refrigerant);
  const inv = lerp(c.lnP, c.invDew, Math.log(pressurePa));
  return inv === null ? null : 1 / inv;
}

/** Saturated-liquid (bubble) temperature at an absolute pressure; equal to the dew point for pure fluids. */
export function bubbleTemperatureK(refrigerant: Refrigerant, pressurePa: number): number | null {
  const c = curve(refrigerant);
  const inv = lerp(c.lnP, c.invBubble, Math.log(pressurePa));
  return inv === null ? null : 1 / inv;
}

/** Absolute pressure at which the refrigerant's dew point is the given temperature; null outside the table. */
export function dewPressurePa(refrigerant: Refrigerant, temperatureK: number): number | null {
  const c = curve(refrigerant);
  // 1/T falls as ln P rises: interpolate on the reversed arrays so the abscissa increases.
  const inv = Float64Array.from(c.invDew).reverse();
  const lnP = Float64Array.from(c.lnP).reverse();
  const v = lerp(inv, lnP, 1 / temperatureK);
  return v === null ? null : Math.exp(v);
}

/** Absolute pressure at which the liquid starts to boil (bubble point) at the given temperature. */
export function bubblePressurePa(refrigerant: Refrigerant, temperatureK: number): number | null {
  const c = curve(refrigerant);
  const inv = Float64Array.from(c.invBubble).reverse();
  const lnP = Float64Array.from(c.lnP).reverse();
  const v = lerp(inv, lnP, 1 / temperatureK);
  return v === null ? null : Math.exp(v);
}

/** Where the numbers come from, for reports and docs. */
export const PROPERTY_SOURCE = (tables as unknown as { meta: { coolpropVersion: string } }).meta;
