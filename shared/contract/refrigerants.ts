import { z } from 'zod';

/**
 * The refrigerant list on its own (zod only): the register's equipment schema needs it, and
 * importing the whole refrigeration contract from there would close an import cycle.
 */

/** The refrigerants the app has property tables for (generated with CoolProp; see docs/diagnosis.md). */
export const REFRIGERANTS = [
  'R-22',
  'R-134a',
  'R-404A',
  'R-407C',
  'R-410A',
  'R-507A',
  'R-32',
  'R-290',
  'R-600a',
  'R-448A',
  'R-449A',
  'R-1234yf',
  'R-744',
] as const;
export const Refrigerant = z.enum(REFRIGERANTS);
export type Refrigerant = z.infer<typeof Refrigerant>;

/** "r410a", "R 410A", "R-410a" all name R-410A; anything else is not one of ours. */
export function normaliseRefrigerant(text: string): Refrigerant | null {
  const key = text.trim().toUpperCase().replace(/[\s_-]/g, '');
  return REFRIGERANTS.find((r) => r.toUpperCase().replace(/-/g, '') === key) ?? null;
}
