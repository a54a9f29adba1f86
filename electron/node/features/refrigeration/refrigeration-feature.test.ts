import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodName, ParamsIn, Result } from '../../../../shared/contract';
import { seedSession } from '../../testing/field-fixtures';
import { testBackend } from '../../testing/fixtures';

let backend: ReturnType<typeof testBackend>;
beforeEach(() => {
  backend = testBackend({ now: () => new Date('2027-01-15T01:00:00.000Z') });
});
afterEach(async () => {
  await backend.cleanup();
});

async function call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>> {
  const outcome = await backend.dispatcher.dispatch(method, params, { transport: 'test' });
  if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), outcome.error);
  return outcome.result as Result<M>;
}

const EXPECTED_CSV = path.join(import.meta.dirname, 'testdata', 'yearly-record-2026.csv');

describe('equipment refrigerant', () => {
  it('accepts any spelling of a listed refrigerant and refuses others with the list', async () => {
    const s = seedSession(backend.db, backend.dataDir, { recordings: 0 });
    const asset = await call('assets.create', { siteId: s.siteId, name: '에어컨 1', kind: 'air_conditioner', refrigerant: 'r410a' });
    expect(asset.refrigerant).toBe('R-410A');
    const refused = call('assets.create', { siteId: s.siteId, name: '옛 냉동기', kind: 'compressor', refrigerant: 'R-12' });
    await expect(refused).rejects.toMatchObject({ code: 'invalid_params', field: 'refrigerant' });
    await expect(refused).rejects.toThrow(/R-22, R-134a, R-404A.*R-744/);
  });
});

describe('cycle readings of a visit', () => {
  it('stores each value with its unit, source and time, and diagnoses the system', async () => {
    const s = seedSession(backend.db, backend.dataDir, { recordings: 0 });
    const asset = await call('assets.create', { siteId: s.siteId, name: '에어컨 1', kind: 'air_conditioner', refrigerant: 'R-410A' });
    const visit = seedSession(backend.db, backend.dataDir, { assetId: asset.id, recordings: 0 });
    const before = await call('refrigeration.diagnosis', { sessionId: visit.sessionId });
    expect(before.state).toBe('no_readings');

    // Undercharged: evaporating about 0 °C, condensing about 36 °C, warm suction line, liquid barely subcooled.
    const result = await call('refrigeration.saveReadings', {
      sessionId: visit.sessionId,
      readings: [
        { quantity: 'suctionPressure', value: 697, unit: 'kPa', pressureReference: 'gauge' },
        { quantity: 'dischargePressure', value: 300, unit: 'psi', pressureReference: 'gauge' },
        { quantity: 'suctionLineTemp', value: 20, unit: '°C' },
        { quantity: 'liquidLineTemp', value: 95, unit: '°F', source: 'sensor', deviceId: 'esp32-a1b2c3', measuredAt: '2026-03-02T01:40:00.000Z' },
        { quantity: 'evaporatorAirTemp', value: 27, unit: '°C' },
        { quantity: 'condenserAirTemp', value: 30, unit: '°C' },
      ],
    });
    expect(result.state).toBe('diagnosed');
    expect(result.refrigerant).toBe('R-410A');
    expect(result.findings[0]).toMatchObject({ fault: 'undercharge' });
    expect(result.values.superheat!.value).toBeGreaterThan(15);
    expect(result.values.subcooling!.value).toBeLessThan(3);
    const liquid = result.readings.find((r) => r.quantity === 'liquidLineTemp')!;
    expect(liquid).toMatchObject({ value: 95, unit: '°F', source: 'sensor', deviceId: 'esp32-a1b2c3', measuredAt: '2026-03-02T01:40:00.000Z' });
    expect(result.readings.find((r) => r.quantity === 'suctionLineTemp')).toMatchObject({ source: 'typed', measuredAt: '2027-01-15T01:00:00.000Z' });

    // The visit verdict takes the refrigerant side in: no recording, yet a named system fault.
    const verdict = await call('visits.verdict', { visitId: visit.sessionId });
    expect(verdict.computed.conditionKey).toBe('refrigerant_undercharge');
    expect(verdict.computed.condition).toEqual({ ko: '냉매 부족', en: 'Low refrigerant charge' });
    expect(verdict.computed.systemFindings[0]).toMatchObject({ source: 'refrigeration', severity: 'warning' });

    const trend = await call('refrigeration.trend', { assetId: asset.id });
    expect(trend).toHaveLength(1);
    expect(trend[0]).toMatchObject({ sessionId: visit.sessionId, fault: 'undercharge' });
    expect(trend[0]!.superheat).toBeCloseTo(result.values.superheat!.value, 6);
  });

  it('refuses a unit that does not fit the reading at the field, and keeps what was stored', async () => {
    const visit = seedSession(backend.db, backend.dataDir, { recordings: 0 });
    await call('refrigeration.saveReadings', { sessionId: visit.sessionId, readings: [{ quantity: 'suctionLineTemp', value: 4, unit: '°C' }] });
    await expect(
      call('refrigeration.saveReadings', { sessionId: visit.sessionId, readings: [{ quantity: 'suctionPressure', value: 4, unit: '°C', pressureReference: 'gauge' }] }),
    ).rejects.toMatchObject({ code: 'invalid_params', field: 'readings.0.unit' });
    await expect(
      call('refrigeration.saveReadings', { sessionId: visit.sessionId, readings: [{ quantity: 'suctionPressure', value: 4, unit: 'bar' }] }),
    ).rejects.toMatchObject({ code: 'invalid_params', field: 'readings.0.pressureReference' });
    const kept = await call('refrigeration.diagnosis', { sessionId: visit.sessionId });
    expect(kept.readings.map((r) => [r.quantity, r.value])).toEqual([['suctionLineTemp', 4]]);
  });

  it('flags suction above discharge at both fields and makes no diagnosis from them', async () => {
    const visit = seedSession(backend.db, backend.dataDir, { recordings: 0 });
    const result = await call('refrigeration.saveReadings', {
      sessionId: visit.sessionId,
      readings: [
        { quantity: 'suctionPressure', value: 16, unit: 'bar', pressureReference: 'gauge' },
        { quantity: 'dischargePressure', value: 4, unit: 'bar', pressureReference: 'gauge' },
        { quantity: 'suctionLineTemp', value: 8, unit: '°C' },
        { quantity: 'liquidLineTemp', value: 30, unit: '°C' },
      ],
    });
    expect(result.state).toBe('refused');
    expect(result.findings).toEqual([]);
    expect(result.issues.map((i) => i.quantity).sort()).toEqual(['dischargePressure', 'suctionPressure']);
    expect(result.values.compressionRatio).toBeNull();
  });

  it('offers the latest temperature and current of the visit’s sensors', async () => {
    const visit = seedSession(backend.db, backend.dataDir, { recordings: 1, readings: 20 });
    const values = await call('refrigeration.sensorValues', { sessionId: visit.sessionId });
    expect(values.some((v) => v.kind === 'temperature' && v.unit === '°C' && Number.isFinite(v.value))).toBe(true);
  });
});

const pdfText = (base64: string) => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rf-pdf-')), 'a.pdf');
  fs.writeFileSync(file, Buffer.from(base64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
};

describe('the visit report', () => {
  it('prints the cycle readings, calculated values with units and the system diagnosis, and sends them with the upload', async () => {
    const s = seedSession(backend.db, backend.dataDir, { recordings: 0 });
    const asset = await call('assets.create', { siteId: s.siteId, name: '에어컨 1', kind: 'air_conditioner', refrigerant: 'R-410A' });
    const visit = seedSession(backend.db, backend.dataDir, { assetId: asset.id, recordings: 0 });
    const d = await call('refrigeration.saveReadings', {
      sessionId: visit.sessionId,
      readings: [
        { quantity: 'suctionPressure', value: 697, unit: 'kPa', pressureReference: 'gauge' },
        { quantity: 'dischargePressure', value: 300, unit: 'psi', pressureReference: 'gauge' },
        { quantity: 'suctionLineTemp', value: 20, unit: '°C' },
        { quantity: 'liquidLineTemp', value: 35, unit: '°C' },
      ],
    });
    const report = await call('reports.create', { sessionId: visit.sessionId, language: 'ko' });
    const download = await call('reports.download', { reportId: report.id });
    const text = pdfText(download.dataBase64);
    expect(text).toContain('냉동 사이클');
    expect(text).toContain('흡입관 온도: 20 °C');
    expect(text).toContain(`과열도: ${new Intl.NumberFormat('ko-KR', { maximumFractionDigits: 1 }).format(d.values.superheat!.value)} K`);
    expect(text).toMatch(/과냉도: [\d.]+ K/);
    expect(text).toContain('냉매 부족');
    const json = await call('reports.export', { sessionId: visit.sessionId, format: 'json', language: 'ko' });
    const metadata = JSON.parse(Buffer.from(json.dataBase64, 'base64').toString('utf8')) as { refrigeration?: { findings: { fault: string }[] } };
    expect(metadata.refrigeration?.findings[0]?.fault).toBe('undercharge');
  });
});

describe('the yearly refrigerant record', () => {
  it('exports a site with two visits in the layout of the record, matching the checked example', async () => {
    const first = seedSession(backend.db, backend.dataDir, { recordings: 0, startedAt: '2026-03-02T01:30:00.000Z', technician: '김기사' });
    const ac = await call('assets.create', { siteId: first.siteId, name: '매장 에어컨', kind: 'air_conditioner', maker: 'LG', model: 'RP-100', serialNumber: 'SN-7731', refrigerant: 'R-410A' });
    const second = seedSession(backend.db, backend.dataDir, { assetId: ac.id, recordings: 0, startedAt: '2026-08-20T05:00:00.000Z', technician: '이기사' });
    // Outside the Korean year 2026: 2025, and New Year's morning 2027 in Seoul (still 2026 in UTC).
    const old = seedSession(backend.db, backend.dataDir, { assetId: ac.id, recordings: 0, startedAt: '2025-11-01T02:00:00.000Z' });
    const newYear = seedSession(backend.db, backend.dataDir, { assetId: ac.id, recordings: 0, startedAt: '2026-12-31T16:00:00.000Z' });

    await call('refrigeration.saveRecord', {
      sessionId: first.sessionId,
      leakCheckResult: 'no_leak',
      leakCheckPoints: ['compressor', 'piping', 'expansion_valve'],
      leakCheckMethod: 'electronic_detector',
      chargedKg: null,
      recoveredKg: null,
      capacity: 25,
      capacityUnit: 'RT',
    });
    const saved = await call('refrigeration.saveRecord', {
      sessionId: second.sessionId,
      leakCheckResult: 'leak_repaired',
      leakCheckPoints: ['piping', 'joints'],
      leakCheckMethod: 'bubble_solution',
      leakLocation: '실외기 플레어 이음',
      chargedKg: 2.5,
      chargedCylinder: 'R410A-0042',
      recoveredKg: 1.2,
      recoveredCylinder: 'REC-0007',
      capacity: 90,
      capacityUnit: 'kW',
    });
    expect(saved).toMatchObject({ capacityRt: 23.31, recordRequired: true });
    for (const s of [old, newYear]) {
      await call('refrigeration.saveRecord', { sessionId: s.sessionId, leakCheckResult: 'not_checked', leakCheckPoints: [], leakCheckMethod: null, chargedKg: 9, recoveredKg: null, capacity: 10, capacityUnit: 'RT' });
    }
    await expect(
      call('refrigeration.saveRecord', { sessionId: first.sessionId, leakCheckResult: 'no_leak', leakCheckPoints: [], leakCheckMethod: 'visual', chargedKg: -1, recoveredKg: null, capacity: 25, capacityUnit: 'RT' }),
    ).rejects.toMatchObject({ code: 'invalid_params' });

    const csv = await call('refrigeration.exportYearlyRecord', { siteId: first.siteId, year: 2026, format: 'csv' });
    expect(csv.fileName).toBe('냉매관리기록부-행복마트_강남점-2026.csv');
    const bytes = Buffer.from(csv.dataBase64, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    if (process.env.UPDATE_EXPECTED === '1') fs.writeFileSync(EXPECTED_CSV, bytes);
    expect(bytes.toString('utf8')).toBe(fs.readFileSync(EXPECTED_CSV, 'utf8'));

    const pdf = await call('refrigeration.exportYearlyRecord', { siteId: first.siteId, year: 2026, format: 'pdf' });
    const pdfBytes = Buffer.from(pdf.dataBase64, 'base64');
    expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.fileName).toBe('냉매관리기록부-행복마트_강남점-2026.pdf');
  });
});
