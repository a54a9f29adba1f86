import { describe, expect, it } from 'vitest';
import { approximateGeometry, BEARING_CATALOGUE, canonicalDesignation, findBearing, searchBearings, suggestBearings } from './catalogue';

describe('bearing catalogue', () => {
  it('reads designations with the suffixes makers print on them', () => {
    for (const written of ['6205', '6205-2RS', '6205ZZ', '6205-2RS1/C3', '62052RS', ' skf 6205-2z ', 'NSK6205DDU', '6205 2RS']) {
      expect(canonicalDesignation(written), written).toBe('6205');
    }
    expect(canonicalDesignation('NU 306 ECP')).toBe('NU306');
    expect(canonicalDesignation('N210-E-TVP2')).toBe('N210');
    expect(canonicalDesignation('160052RS')).toBe('16005');
    expect(canonicalDesignation('61805-2RS')).toBe('61805');
    expect(canonicalDesignation('6299')).toBeNull();
    expect(canonicalDesignation('hello')).toBeNull();
  });

  it('keeps the published geometry of the CWRU test bearings, and marks every other one approximate', () => {
    const b6205 = findBearing('6205-2RS JEM SKF')!;
    expect(b6205).toMatchObject({ elements: 9, approximate: false });
    expect(b6205.elementMm / b6205.pitchMm).toBeCloseTo(0.2034, 3);
    expect(findBearing('6203-2RS')).toMatchObject({ elements: 8, approximate: false });
    expect(findBearing('6305')).toMatchObject({ approximate: true });
    expect(BEARING_CATALOGUE.filter((b) => !b.approximate).map((b) => b.designation)).toEqual(['6203', '6205']);
    for (const b of BEARING_CATALOGUE) expect(b.source, b.designation).not.toBe('');
  });

  it('the documented approximation gives the published bearings their element counts and defect ratios within 2 %', () => {
    const bpfo = (z: number, ratio: number) => (z / 2) * (1 - ratio);
    for (const d of ['6205', '6203']) {
      const published = findBearing(d)!;
      const approx = approximateGeometry('ball', published.boreMm, published.outerMm);
      expect(approx.elements, d).toBe(published.elements);
      const off = bpfo(approx.elements, approx.elementMm / approx.pitchMm) / bpfo(published.elements, published.elementMm / published.pitchMm) - 1;
      expect(Math.abs(off), d).toBeLessThan(0.02);
    }
  });

  it('covers the common series with sane geometry', () => {
    for (const d of ['6000', '6020', '6200', '6220', '6300', '6320', '16001', '16012', '61800', '61912', 'NU203', 'NU320', 'N205', 'N318']) expect(findBearing(d), d).not.toBeNull();
    for (const b of BEARING_CATALOGUE) {
      expect(b.outerMm, b.designation).toBeGreaterThan(b.boreMm);
      expect(b.pitchMm).toBeGreaterThan(b.boreMm);
      expect(b.pitchMm).toBeLessThan(b.outerMm);
      expect(b.elements).toBeGreaterThanOrEqual(6);
      // The elements must fit on the pitch circle.
      expect(b.elements * b.elementMm).toBeLessThan(Math.PI * b.pitchMm);
    }
    expect(new Set(BEARING_CATALOGUE.map((b) => b.designation)).size).toBe(BEARING_CATALOGUE.length);
  });

  it('finds designations by what was typed so far', () => {
    expect(searchBearings('620').map((b) => b.designation)).toEqual(['6200', '6201', '6202', '6203', '6204', '6205', '6206', '6207', '6208', '6209']);
    expect(searchBearings('NU31').map((b) => b.designation)).toEqual(['NU310', 'NU311', 'NU312', 'NU313', 'NU314', 'NU315', 'NU316', 'NU317', 'NU318', 'NU319']);
    expect(searchBearings('6205-2RS').map((b) => b.designation)).toEqual(['6205']);
  });

  it('suggests the nearest designations for one it does not have', () => {
    const near = suggestBearings('6299');
    expect(near).toContain('6209');
    expect(near).toContain('6219');
    expect(suggestBearings('NU2055')).toContain('NU205');
    expect(suggestBearings('')).toEqual([]);
  });
});
