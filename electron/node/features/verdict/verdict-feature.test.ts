import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnosis, MethodName, ParamsIn, Result } from '../../../../shared/contract';
import { InsightRepository } from '../insight';
import { seedSession } from '../../testing/field-fixtures';
import { testBackend } from '../../testing/fixtures';
import { type SyncHarness, syncHarness } from '../../testing/sync-harness';

/**
 * The verdict through the contract, as the UI and the upload use it: override and acceptance kept
 * beside the computed verdict (and audited), the field flow around open visits, and what a late
 * diagnosis does to a visit already on the server.
 */
let backend: ReturnType<typeof testBackend> | null = null;
let h: SyncHarness | null = null;
afterEach(async () => {
  await backend?.cleanup();
  await h?.close();
  backend = null;
  h = null;
});

async function call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>> {
  const outcome = await backend!.dispatcher.dispatch(method, params, { transport: 'test' });
  if (!outcome.ok) throw Object.assign(new Error(outcome.error.message), outcome.error);
  return outcome.result as Result<M>;
}

/** A stored diagnosis as the engine makes it, for the recording `recordingId`. */
function valveFault(recordingId: string): Diagnosis {
  const condition = { key: 'valve_fault', name: { ko: '밸브', en: 'Valve' } };
  return {
    id: '01900000-0000-7000-8000-0000000000d1',
    createdAt: new Date().toISOString(),
    source: { kind: 'recording', recordingId },
    modality: 'sound',
    status: 'diagnosed',
    uncertainReasons: [],
    unavailable: null,
    condition,
    confidence: 0.88,
    probabilities: [{ ...condition, probability: 0.88 }],
    severity: 'warning',
    evidence: [
      { key: 'cycle_impacts', feature: 'env_mid_cycle_periodicity', frequencyHz: 24.6, order: 1, levelDb: 27, value: 0.6, unit: null, supports: 'valve_fault', statement: { ko: '포락선', en: 'envelope' } },
    ],
    spectrum: null,
    envelopeSpectrum: null,
    vibration: null,
    running: null,
    quality: null,
    recommendations: [],
    model: null,
    timings: { readMs: 0, resampleMs: 0, featuresMs: 0, inferenceMs: 0, totalMs: 0 },
    baseline: null,
  };
}

describe('the visit verdict through the contract', () => {
  it('keeps the technician’s override beside the computed verdict, refuses one without a reason, and audits both', async () => {
    backend = testBackend();
    const s = seedSession(backend.db, backend.dataDir);
    const first = await call('visits.verdict', { visitId: s.sessionId });
    expect(first.computed.status).toBe('pending');
    expect(first.effective.by).toBe('computed');

    await expect(call('visits.overrideVerdict', { visitId: s.sessionId, status: 'fault', severity: 'warning', conditionKey: 'valve_fault', reason: '   ' })).rejects.toMatchObject({ code: 'invalid_params', field: 'reason' });
    await expect(call('visits.overrideVerdict', { visitId: s.sessionId, status: 'fault', conditionKey: 'valve_fault', reason: '밸브 소리 들림' })).rejects.toMatchObject({ field: 'severity' });
    await expect(call('visits.overrideVerdict', { visitId: s.sessionId, status: 'fault', severity: 'warning', reason: '밸브 소리 들림' })).rejects.toMatchObject({ field: 'conditionKey' });
    await expect(call('visits.overrideVerdict', { visitId: s.sessionId, status: 'fault', severity: 'watch', conditionKey: 'valve_fault', reason: '밸브 소리' })).rejects.toMatchObject({ field: 'severity' });

    await call('settings.update', { technicianName: '김기사' });
    const overridden = await call('visits.overrideVerdict', { visitId: s.sessionId, status: 'fault', severity: 'warning', conditionKey: 'valve_fault', reason: '토출 밸브에서 타격음이 직접 들림' });
    expect(overridden.effective).toMatchObject({ by: 'technician', status: 'fault', conditionKey: 'valve_fault' });
    expect(overridden.effective.headline.ko).toBe('압축기 밸브 이상 의심: 수리 계획이 필요합니다');
    expect(overridden.computed.status).toBe('pending');
    expect(overridden.override).toMatchObject({ reason: '토출 밸브에서 타격음이 직접 들림', technician: '김기사' });
    expect(overridden.revision).toBeGreaterThan(first.revision);

    // The PDF shows both, and the JSON the server gets carries both.
    const json = JSON.parse(Buffer.from((await call('reports.export', { sessionId: s.sessionId, format: 'json', language: 'ko' })).dataBase64, 'base64').toString('utf8')) as { verdict: Result<'visits.verdict'>; diagnosis: { status: string; by: string } };
    expect(json.diagnosis).toMatchObject({ status: 'fault', by: 'technician' });
    expect(json.verdict.override?.reason).toBe('토출 밸브에서 타격음이 직접 들림');
    expect(json.verdict.computed.status).toBe('pending');

    const cleared = await call('visits.clearOverride', { visitId: s.sessionId });
    expect(cleared.override).toBeNull();
    const accepted = await call('visits.acceptVerdict', { visitId: s.sessionId });
    expect(accepted.accepted).toMatchObject({ technician: '김기사', fingerprint: accepted.computed.fingerprint });
    const audit = backend.db.prepare('SELECT action, technician FROM visit_verdict_audit WHERE visit_id = ? ORDER BY at, id').all(s.sessionId) as { action: string; technician: string | null }[];
    expect(audit.map((a) => a.action)).toEqual(['computed', 'overridden', 'override_cleared', 'accepted']);
    expect(audit.slice(1).every((a) => a.technician === '김기사')).toBe(true);
  });

  it('a tag of equipment with an open visit opens that visit; open visits are listed; the technician profile is stamped', async () => {
    backend = testBackend();
    await call('settings.update', { technicianName: '김기사', technicianCompany: '한빛냉동', technicianLicence: '냉동-12-345' });
    const site = await call('sites.create', { name: '행복마트 강남점' });
    const asset = await call('assets.create', { siteId: site.id, name: '쇼케이스 압축기 1', kind: 'compressor', assetTag: 'QR-0001' });
    expect(await call('visits.findByTag', { tag: 'qr-0001' })).toMatchObject({ asset: { id: asset.id }, openVisit: null });
    await expect(call('visits.findByTag', { tag: 'QR-9999' })).rejects.toMatchObject({ code: 'not_found', field: 'tag' });

    const visit = await call('sessions.create', { assetId: asset.id });
    expect(visit).toMatchObject({ technician: '김기사', technicianCompany: '한빛냉동', technicianLicence: '냉동-12-345' });
    // A later change of Settings does not rewrite who came.
    await call('settings.update', { technicianName: '이기사' });
    expect((await call('sessions.get', { id: visit.id })).technician).toBe('김기사');

    expect((await call('visits.findByTag', { tag: 'QR-0001' })).openVisit?.id).toBe(visit.id);
    const open = await call('visits.open', {});
    expect(open.map((v) => v.id)).toEqual([visit.id]);
    expect(open[0]!.verdict?.headline.ko).toBe('진단할 수 없었습니다: 다시 측정이 필요합니다');

    await call('sessions.update', { id: visit.id, status: 'closed' });
    expect((await call('visits.findByTag', { tag: 'QR-0001' })).openVisit).toBeNull();
    expect(await call('visits.open', {})).toEqual([]);
  });

  it('refuses the label form’s contradictory combinations at the condition field', async () => {
    backend = testBackend();
    const s = seedSession(backend.db, backend.dataDir);
    const repo = new InsightRepository(backend.db);
    const stored = repo.insertDiagnosis(s.sessionId, s.recordingIds[0]!, valveFault(s.recordingIds[0]!));
    await expect(call('insight.label', { sessionId: s.sessionId, diagnosisId: stored.id, condition: 'valve_fault', verdict: 'corrected' })).rejects.toMatchObject({ code: 'invalid_params', field: 'condition' });
    await expect(call('insight.label', { sessionId: s.sessionId, diagnosisId: stored.id, condition: 'normal', verdict: 'confirmed' })).rejects.toMatchObject({ field: 'condition' });
    expect(await call('insight.label', { sessionId: s.sessionId, diagnosisId: stored.id, condition: 'normal', verdict: 'corrected' })).toMatchObject({ condition: 'normal', verdict: 'corrected' });
  });
});

describe('a verdict that changes after the upload', () => {
  it('re-renders the PDF and sends a new revision with the new verdict; the first revision stays on the server', async () => {
    h = await syncHarness();
    await h.signIn();
    const s = seedSession(h.backend.db, h.appDir, { audioSeconds: 3 });
    await h.call('reports.sign', { sessionId: s.sessionId, signerName: '박사장', width: 100, height: 50, strokes: [[[0, 0], [10, 10]]] });
    await h.call('reports.create', { sessionId: s.sessionId, language: 'ko' });
    await h.call('sync.enqueueSession', { sessionId: s.sessionId });
    const verdictOnServer = () => {
      const report = h!.server.store.report(s.sessionId);
      return report ? (JSON.parse(report.metadata) as { verdict: { effective: { status: string } }; diagnosis: { headline: { ko: string } } }) : null;
    };
    await h.waitFor(() => h!.server.reportStatus(s.sessionId)?.complete && verdictOnServer()?.verdict.effective.status === 'pending', { what: 'first upload, diagnosis still pending' });
    const firstRevision = h.server.reportStatus(s.sessionId)!.revision;

    // The diagnosis lands after the upload, as the insight feature stores it and says so.
    new InsightRepository(h.backend.db).insertDiagnosis(s.sessionId, s.recordingIds[0]!, valveFault(s.recordingIds[0]!));
    h.backend.events.emit('insight.changed', { sessionId: s.sessionId, assetId: s.assetId });

    await h.waitFor(() => verdictOnServer()?.verdict.effective.status === 'fault' && h!.server.reportStatus(s.sessionId)?.complete, { what: 'a new revision with the fault verdict', timeoutMs: 60_000 });
    const server = h.server.reportStatus(s.sessionId)!;
    expect(server.revision).toBeGreaterThan(firstRevision);
    expect(verdictOnServer()!.diagnosis.headline.ko).toBe('압축기 밸브 이상 의심: 수리 계획이 필요합니다');
    // The PDF on the server is the re-rendered one, saying the same.
    const pdf = fs.readFileSync(h.server.store.documentPath(s.sessionId));
    const file = path.join(h.dir, 'server-copy.pdf');
    fs.writeFileSync(file, pdf);
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('압축기 밸브 이상 의심');
    // Nothing already on the server was lost: the first revision is still there, with its own verdict.
    const revisions = h.server.store.revisions(s.sessionId).map((r) => (JSON.parse(r.metadata) as { verdict: { effective: { status: string } } }).verdict.effective.status);
    expect(revisions[0]).toBe('pending');
    expect(revisions.at(-1)).toBe('fault');
  }, 120_000);
});
