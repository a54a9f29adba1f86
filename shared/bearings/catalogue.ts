import { BEARING_TABLE_CSV } from './table';

/**
 * The bearings a technician can name by designation (6205, 6205-2RS1/C3, NU 306 ECP), with the
 * rolling-element geometry the defect frequencies follow from. Geometry is published for few
 * bearings (see table.ts); for the others it is estimated from the ISO 15 boundary dimensions,
 * and `approximate` says so, so a diagnosis built on it can say so too.
 *
 * The approximation (checked in catalogue.test.ts against the two published bearings):
 * - pitch diameter = (bore + outside diameter) / 2;
 * - element diameter = 0.30 x (outside - bore) for balls, 0.25 x (outside - bore) for rollers
 *   (the cross-section left for the rings);
 * - elements = round(fill x pi x pitch / element), fill 0.61 for deep-groove balls (Conrad
 *   assembly fills about 61 % of the pitch circle: it gives the published 9 balls of the 6205 and
 *   8 of the 6203) and 0.70 for rollers (no published anchor: rollers go in with a ring off and
 *   are packed closer). The count may be one element out, which moves the race defect frequencies
 *   by about 10 %: that is what "approximate" warns of.
 */
export type BearingType = 'ball' | 'cylindrical_roller';

export interface CatalogueBearing {
  designation: string;
  type: BearingType;
  boreMm: number;
  outerMm: number;
  widthMm: number;
  elements: number;
  elementMm: number;
  pitchMm: number;
  contactDeg: number;
  /** True when the geometry is estimated from the boundary dimensions, not published. */
  approximate: boolean;
  source: string;
}

const FILL: Record<BearingType, number> = { ball: 0.61, cylindrical_roller: 0.7 };
const ELEMENT_SHARE: Record<BearingType, number> = { ball: 0.3, cylindrical_roller: 0.25 };

/** Geometry estimated from boundary dimensions alone (exported for the test that checks it). */
export function approximateGeometry(type: BearingType, boreMm: number, outerMm: number): { elements: number; elementMm: number; pitchMm: number } {
  const pitchMm = (boreMm + outerMm) / 2;
  const elementMm = ELEMENT_SHARE[type] * (outerMm - boreMm);
  return { elements: Math.round((FILL[type] * Math.PI * pitchMm) / elementMm), elementMm: round3(elementMm), pitchMm: round3(pitchMm) };
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

function parseTable(csv: string): CatalogueBearing[] {
  const [header, ...lines] = csv.trim().split('\n');
  if (header !== 'designation,type,bore_mm,outer_mm,width_mm,elements,element_mm,pitch_mm,contact_deg,source') throw new Error('bearing table: unexpected columns');
  return lines.map((line) => {
    const cells = line.split(',');
    const [designation, type, bore, outer, width, elements, element, pitch, contact] = cells;
    const source = cells.slice(9).join(',');
    const t = type as BearingType;
    const base = { designation: designation!, type: t, boreMm: Number(bore), outerMm: Number(outer), widthMm: Number(width), contactDeg: Number(contact), source };
    if (elements) return { ...base, elements: Number(elements), elementMm: Number(element), pitchMm: Number(pitch), approximate: false };
    return { ...base, ...approximateGeometry(t, base.boreMm, base.outerMm), approximate: true };
  });
}

export const BEARING_CATALOGUE: readonly CatalogueBearing[] = parseTable(BEARING_TABLE_CSV);
const BY_DESIGNATION = new Map(BEARING_CATALOGUE.map((b) => [b.designation, b]));
export const BEARING_DESIGNATIONS: readonly string[] = BEARING_CATALOGUE.map((b) => b.designation);

/** Maker names written before the designation ("SKF 6205", "NSK6205DDU"). */
const MAKER = /^(SKF|FAG|NSK|NTN|KOYO|NACHI|TIMKEN|INA|ZWZ|HRB|FBJ|KBC|NKE)[\s-]*/;

/**
 * The catalogue designation a written one stands for, suffixes dropped (6205-2RS, 6205ZZ,
 * 6205-2RS1/C3, NU 306 ECP -> 6205, NU306), or null. Suffixes name seals, clearance and cages,
 * which do not change where the rolling elements run.
 */
export function canonicalDesignation(input: string): string | null {
  const text = input.trim().toUpperCase().replace(MAKER, '').replace(/\s+/g, '');
  const m = /^(NU|N)?(\d{3,6})/.exec(text);
  if (!m) return null;
  const letters = m[1] ?? '';
  // "62052RS" has no separator: the longest digit run that is a designation wins.
  for (let len = Math.min(5, m[2]!.length); len >= 3; len -= 1) {
    const candidate = letters + m[2]!.slice(0, len);
    if (BY_DESIGNATION.has(candidate)) return candidate;
  }
  return null;
}

export function findBearing(input: string): CatalogueBearing | null {
  const designation = canonicalDesignation(input);
  return designation ? BY_DESIGNATION.get(designation)! : null;
}

/** Catalogue designations starting with what was typed so far (suffixes and maker ignored), in catalogue order. */
export function searchBearings(prefix: string, limit = 20): CatalogueBearing[] {
  const text = prefix.trim().toUpperCase().replace(MAKER, '').replace(/\s+/g, '');
  const head = /^(NU|N)?\d*/.exec(text)?.[0] ?? '';
  if (head === '') return BEARING_CATALOGUE.slice(0, limit);
  return BEARING_CATALOGUE.filter((b) => b.designation.startsWith(head)).slice(0, limit);
}

/** The designations nearest to one the catalogue does not have (fewest edits, then closest in number). */
export function suggestBearings(input: string, count = 4): string[] {
  const text = input.trim().toUpperCase().replace(MAKER, '').replace(/\s+/g, '');
  const head = /^[A-Z]{0,3}\d{0,6}/.exec(text)?.[0] ?? text;
  if (head === '') return [];
  const number = (s: string) => Number(s.replace(/\D/g, '')) || 0;
  return BEARING_DESIGNATIONS.map((d) => ({ d, edits: editDistance(head, d), gap: Math.abs(number(head) - number(d)) }))
    .sort((a, b) => a.edits - b.edits || a.gap - b.gap)
    .slice(0, count)
    .map((x) => x.d);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}
