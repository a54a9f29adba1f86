import { describe, expect, it } from 'vitest';
import type { AssetKind, CycleQuantity, CycleReading, Refrigerant } from '../../../../shared/contract';
import { calculateCycle } from './cycle';
import { bubblePressurePa, dewPressurePa } from './properties/saturation';
import { diagnoseSystem } from './rules';

/**
 * Field cases built from target saturation temperatures (pressures come from the property tables
 * and are typed as a gauge would show them, in bar), then judged as the technician would.
 */
const AT = '2026-06-01T03:00:00.000Z';
const gaugeBar = (pa: number) => Math.round(((pa - 101_325) / 1e5) * 100) / 100;

interface Case {
  evaporatingC: number;
  /** Condensing bubble point (or, for R-744 transcritical, the high-side pressure in bar(a)). */
  condensingC?: number;
  highSideBarAbs?: number;
  suctionLine?: number;
  liquidLine?: number;
  dischargeLine?: number;
  evapAir?: number;
  condAir?: number;
}

function readings(refrigerant: Refrigerant, c: Case): CycleReading[] {
  const r = (quantity: CycleQuantity, value: number, unit: CycleReading['unit']): CycleReading => ({
    quantity,
    value,
    unit,
    pressureReference: unit === 'bar' ? 'gauge' : null,
    source: 'typed',
    deviceId: null,
    measuredAt: AT,
  });
  const out = [r('suctionPressure', gaugeBar(dewPressurePa(refrigerant, c.evaporatingC + 273.15)!), 'bar')];
  if (c.condensingC !== undefined) out.push(r('dischargePressure', gaugeBar(bubblePressurePa(refrigerant, c.condensingC + 273.15)!), 'bar'));
  if (c.highSideBarAbs !== undefined) out.push(r('dischargePressure', Math.round((c.highSideBarAbs - 1.01325) * 100) / 100, 'bar'));
  if (c.suctionLine !== undefined) out.push(r('suctionLineTemp', c.suctionLine, '°C'));
  if (c.liquidLine !== undefined) out.push(r('liquidLineTemp', c.liquidLine, '°C'));
  if (c.dischargeLine !== undefined) out.push(r('dischargeLineTemp', c.dischargeLine, '°C'));
  if (c.evapAir !== undefined) out.push(r('evaporatorAirTemp', c.evapAir, '°C'));
  if (c.condAir !== undefined) out.push(r('condenserAirTemp', c.condAir, '°C'));
  return out;
}

function judge(refrigerant: Refrigerant, kind: AssetKind, c: Case) {
  const cycle = calculateCycle(refrigerant, readings(refrigerant, c));
  return { cycle, findings: diagnoseSystem({ values: cycle.values, kind, currentRatio: null }) };
}

describe('cycle values', () => {
  it('R-410A: superheat against the dew point, subcooling against the bubble point, ratio of absolute pressures', () => {
    const { cycle } = judge('R-410A', 'air_conditioner', { evaporatingC: 5, condensingC: 40, suctionLine: 12, liquidLine: 33, dischargeLine: 70, evapAir: 24, condAir: 30 });
    expect(cycle.issues).toEqual([]);
    // Gauge pressures are rounded to 0.01 bar as typed: a few hundredths of a kelvin either way.
    expect(cycle.values.superheat!.value).toBeCloseTo(7, 0);
    expect(Math.abs(cycle.values.superheat!.value - 7)).toBeLessThan(0.1);
    expect(Math.abs(cycle.values.subcooling!.value - 7)).toBeLessThan(0.1);
    expect(cycle.values.compressionRatio!.value).toBeGreaterThan(2.5);
    expect(cycle.values.compressionRatio!.value).toBeLessThan(3.0);
    expect(cycle.values.transcritical).toBe(false);
  });

  it('R-407C keeps its glide: the condensing dew point sits above the bubble point', () => {
    const { cycle } = judge('R-407C', 'air_conditioner', { evaporatingC: 5, condensingC: 40, liquidLine: 35 });
    expect(cycle.values.condensingDewTemp!.value - cycle.values.condensingBubbleTemp!.value).toBeGreaterThan(4);
    expect(Math.abs(cycle.values.subcooling!.value - 5)).toBeLessThan(0.1);
  });

  it('refuses suction above discharge, and a suction line colder than its pressure allows', () => {
    const swapped = calculateCycle('R-410A', [
      { quantity: 'suctionPressure', value: 25, unit: 'bar', pressureReference: 'gauge', source: 'typed', deviceId: null, measuredAt: AT },
      { quantity: 'dischargePressure', value: 8, unit: 'bar', pressureReference: 'gauge', source: 'typed', deviceId: null, measuredAt: AT },
    ]);
    expect(swapped.issues.map((i) => [i.quantity, i.code])).toEqual([
      ['suctionPressure', 'suction_above_discharge'],
      ['dischargePressure', 'suction_above_discharge'],
    ]);
    expect(swapped.values.compressionRatio).toBeNull();

    const cold = judge('R-410A', 'air_conditioner', { evaporatingC: 5, condensingC: 40, suctionLine: -5, liquidLine: 33 });
    expect(cold.cycle.issues.map((i) => i.code)).toEqual(['below_saturation']);
    expect(cold.cycle.values.superheat).toBeNull();
    expect(cold.findings.map((f) => f.fault)).not.toContain('evaporator_airflow');
  });

  it('refuses a pressure typed in the wrong unit (psi read as bar)', () => {
    const r = calculateCycle('R-410A', [{ quantity: 'dischargePressure', value: 380, unit: 'bar', pressureReference: 'gauge', source: 'typed', deviceId: null, measuredAt: AT }]);
    expect(r.issues[0]).toMatchObject({ quantity: 'dischargePressure', code: 'above_critical' });
  });
});

describe('system diagnosis rules', () => {
  const normal = { evaporatingC: 5, condensingC: 42, suctionLine: 12, liquidLine: 35, dischargeLine: 75, evapAir: 24, condAir: 30 };

  it('a healthy R-410A air conditioner is called normal', () => {
    const { findings } = judge('R-410A', 'air_conditioner', normal);
    expect(findings.map((f) => f.fault)).toEqual(['system_normal']);
    expect(findings[0]!.sentence.ko).toContain('과열도');
  });

  it('undercharge: high superheat, low subcooling, cold evaporator', () => {
    const { findings } = judge('R-410A', 'air_conditioner', { ...normal, evaporatingC: 0, condensingC: 36, suctionLine: 20, liquidLine: 35.5, evapAir: 27 });
    expect(findings[0]!.fault).toBe('undercharge');
    expect(findings[0]!.confidence).toBe('high');
    expect(findings[0]!.evidence.find((e) => e.key === 'superheat')).toMatchObject({ judged: 'high', supports: true });
    expect(findings[0]!.advice.ko).toContain('압축기를 바꾸지 마세요');
  });

  it('overcharge: high subcooling and high head', () => {
    const { findings } = judge('R-410A', 'air_conditioner', { ...normal, condensingC: 52, liquidLine: 36, suctionLine: 10 });
    expect(findings[0]!.fault).toBe('overcharge');
  });

  it('restriction: high superheat with high subcooling', () => {
    const { findings } = judge('R-410A', 'air_conditioner', { ...normal, evaporatingC: -2, suctionLine: 18, condensingC: 44, liquidLine: 28 });
    expect(findings[0]!.fault).toBe('restriction');
  });

  it('condenser airflow: high head, ordinary superheat and subcooling', () => {
    const { findings } = judge('R-410A', 'air_conditioner', { ...normal, condensingC: 55, liquidLine: 48, dischargeLine: 95 });
    expect(findings[0]!.fault).toBe('condenser_airflow');
  });

  it('non-condensables: high head without subcooling', () => {
    const { findings } = judge('R-410A', 'air_conditioner', { ...normal, condensingC: 55, liquidLine: 54, dischargeLine: 115 });
    expect(findings.map((f) => f.fault)).toContain('non_condensables');
  });

  it('a starved condenser that has pushed subcooling down is still named, beside non-condensables: the readings cannot tell them apart', () => {
    const { findings } = judge('R-410A', 'air_conditioner', { ...normal, condensingC: 55, liquidLine: 54, dischargeLine: 95 });
    expect(findings.map((f) => f.fault)).toEqual(expect.arrayContaining(['condenser_airflow', 'non_condensables']));
  });

  it('evaporator airflow: evaporator far below the air, low superheat', () => {
    const { findings } = judge('R-410A', 'air_conditioner', { ...normal, evaporatingC: -3, suctionLine: -1, evapAir: 25, condensingC: 38, liquidLine: 31 });
    expect(findings[0]!.fault).toBe('evaporator_airflow');
  });

  it('inefficient compressor: low compression ratio, suction high, discharge low', () => {
    const { findings } = judge('R-410A', 'air_conditioner', { ...normal, evaporatingC: 14, suctionLine: 22, condensingC: 34, liquidLine: 29, evapAir: 25, condAir: 31 });
    expect(findings[0]!.fault).toBe('inefficient_compressor');
    expect(findings[0]!.evidence.find((e) => e.key === 'compressionRatio')!.judged).toBe('low');
  });

  it('too few readings give no finding rather than a guess', () => {
    const { findings } = judge('R-410A', 'air_conditioner', { evaporatingC: 5, suctionLine: 30 });
    expect(findings).toEqual([]);
  });
});

describe('R-744 transcritical high side', () => {
  it('has no subcooling; a warm gas cooler outlet is judged by its approach to the air', () => {
    const { cycle, findings } = judge('R-744', 'condensing_unit', { evaporatingC: -8, highSideBarAbs: 92, suctionLine: -1, liquidLine: 42, dischargeLine: 110, evapAir: 0, condAir: 31 });
    expect(cycle.values.transcritical).toBe(true);
    expect(cycle.values.subcooling).toBeNull();
    expect(cycle.values.condensingDewTemp).toBeNull();
    expect(Math.abs(cycle.values.condenserSplit!.value - 11)).toBeLessThan(1e-9);
    expect(cycle.values.superheat!.value).toBeCloseTo(7, 0);
    expect(findings[0]!.fault).toBe('gas_cooler_heat_rejection');
  });

  it('judges the high-side pressure against the COP-optimal pressure for the gas cooler outlet (CoolProp)', () => {
    // Outlet 35 °C: the best pressure is about 89 bar(a); 74.5 bar(a) is just above the critical point and well below it.
    const low = judge('R-744', 'condensing_unit', { evaporatingC: -8, highSideBarAbs: 74.5, suctionLine: -1, liquidLine: 35, evapAir: 0, condAir: 31 });
    expect(low.cycle.values.optimumHighSide!.value).toBeCloseTo(89.2, 0);
    expect(low.findings.map((f) => f.fault)).toContain('high_side_pressure_low');
    const high = judge('R-744', 'condensing_unit', { evaporatingC: -8, highSideBarAbs: 110, suctionLine: -1, liquidLine: 35, evapAir: 0, condAir: 31 });
    expect(high.findings[0]).toMatchObject({ fault: 'high_side_pressure_high' });
    expect(high.findings[0]!.sentence.en).toContain('110.0 bar');
  });

  it('a good gas cooler and superheat is normal', () => {
    const { findings } = judge('R-744', 'condensing_unit', { evaporatingC: -8, highSideBarAbs: 88, suctionLine: -1, liquidLine: 33, evapAir: 0, condAir: 30 });
    expect(findings.map((f) => f.fault)).toEqual(['system_normal']);
  });
});

describe('the verdict input', () => {
  it('hands each finding to the visit verdict with a severity, a 0..1 confidence and plain sentences', async () => {
    const { verdictFindings } = await import('./verdict-input');
    const { calculateCycle: calc } = await import('./cycle');
    const cycle = calc('R-410A', readings('R-410A', { evaporatingC: 0, condensingC: 36, suctionLine: 20, liquidLine: 35.5, evapAir: 27, condAir: 30 }));
    const findings = diagnoseSystem({ values: cycle.values, kind: 'air_conditioner', currentRatio: null });
    const out = verdictFindings({ sessionId: '01900000-0000-7000-8000-000000000010', refrigerant: 'R-410A', state: 'diagnosed', readings: [], issues: [], values: cycle.values, findings, missing: [] });
    expect(out[0]).toMatchObject({ source: 'refrigeration', conditionKey: 'refrigerant_undercharge', severity: 'warning', condition: { ko: '냉매 부족', en: 'Low refrigerant charge' } });
    expect(out[0]!.confidence).toBe(findings[0]!.score);
    expect(out[0]!.summary.details[0]!.ko).toMatch(/^과열도 20\.0 K — 높음/);
  });
});
