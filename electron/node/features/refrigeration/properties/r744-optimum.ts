import optimum from './r744-optimum.json';

/**
 * R-744 above the critical point has no condensing pressure: the high-pressure valve sets it, and
 * for each gas-cooler outlet temperature one pressure gives the best COP. The table is CoolProp's
 * answer for a simple cycle (tools/refrigerants/generate.py states the assumptions); a system
 * far from it is worth a look at the valve's setting, not a fault by itself.
 */
const POINTS = (optimum as { points: { gasCoolerOutletC: number; pressurePa: number }[] }).points;

/** Absolute pressure (Pa) with the best COP for the outlet temperature, or null outside 31-50 °C. */
export function optimumHighSidePa(gasCoolerOutletC: number): number | null {
  for (let i = 0; i + 1 < POINTS.length; i += 1) {
    const a = POINTS[i]!;
    const b = POINTS[i + 1]!;
    if (gasCoolerOutletC >= a.gasCoolerOutletC && gasCoolerOutletC <= b.gasCoolerOutletC) {
      const f = (gasCoolerOutletC - a.gasCoolerOutletC) / (b.gasCoolerOutletC - a.gasCoolerOutletC);
      return a.pressurePa + f * (b.pressurePa - a.pressurePa);
    }
  }
  return null;
}
