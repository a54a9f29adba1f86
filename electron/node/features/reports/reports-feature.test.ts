import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MethodName, ParamsIn, Result } from '../../../../shared/contract';
import { seedSession } from '../../testing/field-fixtures';
import { testBackend } from '../../testing/fixtures';

let backend: ReturnType<typeof testBackend>;
beforeEach(() => {
  backend = testBackend();
});
afterEach(async () => {
  await backend.cleanup();
});

async function call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>> {
  const outcome = await backend.dispatcher.dispatch(method, params, { transport: 'test' });
  if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), outcome.error);
  return outcome.result as Result<M>;
}

const strokes = [
  [
    [10, 10],
    [50, 40],
    [90, 12],
  ] as [number, number][],
];

describe('reports', () => {
  it('keeps the customer signature with the session, refuses an empty one, and can clear it', async () => {
    const s = seedSession(backend.db, backend.dataDir);
    await expect(call('reports.sign', { sessionId: s.sessionId, signerName: '박사장', width: 300, height: 100, strokes: [] })).rejects.toMatchObject({ code: 'invalid_params', field: 'strokes' });
    await expect(call('reports.sign', { sessionId: s.sessionId, signerName: '박사장', width: 300, height: 100, strokes: [[[1, 1]]] })).rejects.toMatchObject({ field: 'strokes' });
    await expect(call('reports.sign', { sessionId: '01900000-0000-7000-8000-00000000ffff', signerName: '박사장', width: 300, height: 100, strokes })).rejects.toMatchObject({ code: 'not_found' });
    // A signature without the signer's name proves nothing: refused at the field.
    await expect(call('reports.sign', { sessionId: s.sessionId, signerName: '  ', width: 300, height: 100, strokes })).rejects.toMatchObject({ code: 'invalid_params', field: 'signerName' });
    const signed = await call('reports.sign', { sessionId: s.sessionId, signerName: '  박사장 ', width: 300, height: 100, strokes });
    expect(signed).toMatchObject({ signerName: '박사장', strokes });
    const view = await call('reports.session', { sessionId: s.sessionId });
    expect(view).toMatchObject({ signed: true, assetName: '쇼케이스 압축기 1', customerName: '행복마트', diagnosis: null, syncState: null });
    expect(await call('reports.clearSignature', { sessionId: s.sessionId })).toEqual({ cleared: true });
    expect((await call('reports.session', { sessionId: s.sessionId })).signature).toBeNull();
  });

  it('makes a PDF into the data folder, lists it, and hands it back for download', async () => {
    const s = seedSession(backend.db, backend.dataDir, { diagnosis: true });
    const report = await call('reports.create', { sessionId: s.sessionId, language: 'ko' });
    expect(report.fileName).toMatch(/^signalcraft-report-\d{4}-\d\d-\d\d-ko-\w{8}\.pdf$/);
    const file = path.join(backend.dataDir, 'reports', s.sessionId, `${report.id}.pdf`);
    expect(fs.statSync(file).size).toBe(report.bytes);
    const list = await call('reports.sessions', {});
    expect(list[0]).toMatchObject({ sessionId: s.sessionId, reportCount: 1, signed: false });
    expect((await call('reports.sessions', { query: '강남' })).map((r) => r.sessionId)).toEqual([s.sessionId]);
    expect(await call('reports.sessions', { query: '부산' })).toEqual([]);
    const download = await call('reports.download', { reportId: report.id });
    const bytes = Buffer.from(download.dataBase64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.equals(fs.readFileSync(file))).toBe(true);
    expect((await call('reports.session', { sessionId: s.sessionId })).diagnosis).toMatchObject({ severity: 'warning', confidence: 0.87 });
  });

  it('exports JSON (the document the server gets) and a CSV Excel opens in Korean', async () => {
    const s = seedSession(backend.db, backend.dataDir, { diagnosis: true, notes: '메모, "인용" 포함' });
    const json = await call('reports.export', { sessionId: s.sessionId, format: 'json', language: 'ko' });
    const doc = JSON.parse(Buffer.from(json.dataBase64, 'base64').toString('utf8')) as Record<string, unknown>;
    expect(doc).toMatchObject({ schema: 'signalcraft.field-report/1', reportId: s.sessionId, asset: { name: '쇼케이스 압축기 1' }, diagnosis: { severity: 'warning' } });

    const csv = await call('reports.export', { sessionId: s.sessionId, format: 'csv', language: 'ko' });
    const text = Buffer.from(csv.dataBase64, 'base64').toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, row] = text.slice(1).split('\r\n');
    expect(header).toContain('점검 일시,고객,현장');
    expect(row).toContain('베어링 마모');
    expect(row).toContain('"메모, ""인용"" 포함"');
    expect(csv.fileName).toMatch(/-ko\.csv$/);
  });

  it('says the session is gone rather than exporting nothing', async () => {
    await expect(call('reports.export', { sessionId: '01900000-0000-7000-8000-00000000ffff', format: 'json', language: 'en' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(call('reports.create', { sessionId: '01900000-0000-7000-8000-00000000ffff', language: 'en' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
