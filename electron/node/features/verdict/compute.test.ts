import { describe, expect, it } from 'vitest';
import type { Deviation, Diagnosis, EvidenceItem } from '../../../../shared/contract';
import { computeVerdict, type RecordingInput } from './compute';

/**
 * Each rule of the visit verdict (docs/diagnosis.md, "The visit verdict") on its own. Diagnoses
 * are written out by hand with only the fields the verdict reads, so each test states exactly
 * what the recordings found.
 */
let n = 0;
const id = () => `01900000-0000-7000-8000-${String(++n).padStart(12, '0')}`;

function diagnosis(over: Partial<Diagnosis> & { key?: string }): Diagnosis {
  const key = over.key ?? 'normal';
  return {
    id: id(),
    createdAt: '2026-12-01T10:00:00.000Z',
    source: { kind: 'samples', label: 'test' },
    modality: 'sound',
    status: 'diagnosed',
    uncertainReasons: [],
    unavailable: null,
    condition: { key, name: { ko: key, en: key } },
    confidence: 0.95,
    probabilities: [],
    severity: key === 'normal' ? 'normal' : 'warning',
    evidence: [],
    spectrum: null,
    envelopeSpectrum: null,
    vibration: null,
    running: null,
    quality: null,
    recommendations: [],
    model: null,
    timings: { readMs: 0, resampleMs: 0, featuresMs: 0, inferenceMs: 0, totalMs: 0 },
    baseline: null,
    ...over,
  };
}

function rec(d: Diagnosis | null, over: Partial<RecordingInput> = {}): RecordingInput {
  return {
    recordingId: id(),
    modality: d?.modality ?? 'sound',
    source: 'import',
    startedAt: '2026-12-01T09:00:00.000Z',
    run: d ? 'done' : 'pending',
    diagnosisId: d?.id ?? null,
    diagnosis: d,
    deviation: null,
    ...over,
  };
}

const evidence = (supports: string, key = 'cycle_impacts'): EvidenceItem => ({
  key,
  feature: 'env_mid_cycle_periodicity',
  frequencyHz: 24.5,
  order: 1,
  levelDb: 27,
  value: 0.61,
  unit: null,
  supports,
  statement: { ko: '포락선 잡음 바닥', en: 'envelope noise floor' },
});

const deviation = (level: Deviation['level'], score: number): Deviation => ({ score, level, baselineRecordings: 3, changed: [], features: [], difference: { fromHz: 0, stepHz: 10, db: [] } });
const verdictOf = (recordings: RecordingInput[]) => computeVerdict({ recordings, readings: { temperatureC: null, currentA: null }, systemFindings: [], timeZone: 'UTC' });
const allText = (v: unknown) => JSON.stringify(v);

describe('the visit verdict', () => {
  it('the worst well-founded finding leads: a bearing warning and a valve warning beat two healthy recordings', () => {
    const v = verdictOf([
      rec(diagnosis({ key: 'bearing_wear', confidence: 0.97, severity: 'warning' }), { source: 'sensor' }),
      rec(diagnosis({ key: 'normal', confidence: 0.9 })),
      rec(diagnosis({ key: 'valve_fault', confidence: 0.88, severity: 'critical', evidence: [evidence('valve_fault')] })),
      rec(diagnosis({ key: 'normal', confidence: 0.68 })),
    ]);
    expect(v.status).toBe('fault');
    expect(v.conditionKey).toBe('valve_fault');
    expect(v.severity).toBe('critical');
    expect(v.headline.ko).toContain('압축기 밸브 이상');
    expect(v.headline.ko).not.toContain('정상');
    expect(v.findings.filter((f) => f.leads)).toHaveLength(1);
    // The other fault still gets its first step.
    expect(v.actions.some((a) => a.ko.includes('베어링'))).toBe(true);
  });

  it('a confident finding is never hidden by a later healthy recording, in any order', () => {
    const fault = diagnosis({ key: 'bearing_wear', confidence: 0.97 });
    const healthy = [diagnosis({ key: 'normal', createdAt: '2026-12-01T11:00:00.000Z' }), diagnosis({ key: 'normal', createdAt: '2026-12-01T12:00:00.000Z' })];
    const a = verdictOf([rec(fault), rec(healthy[0]!), rec(healthy[1]!)]);
    const b = verdictOf([rec(healthy[0]!), rec(healthy[1]!), rec(fault)]);
    expect(a.status).toBe('fault');
    expect(b.status).toBe('fault');
    expect(a.conditionKey).toBe('bearing_wear');
    expect(b.conditionKey).toBe('bearing_wear');
  });

  it('disagreement between recordings is said, naming each, and between modalities as such', () => {
    const recs = [rec(diagnosis({ key: 'bearing_wear' })), rec(diagnosis({ key: 'normal' }))];
    expect(verdictOf(recs).disagreement?.ko).toMatch(/녹음마다 결과가 다릅니다: 소리 · 가져온 파일 · 09:00: 베어링 마모, 소리 · 가져온 파일 · 09:00: 정상 운전/);
    const split = verdictOf([rec(diagnosis({ key: 'normal' })), rec(diagnosis({ key: 'inner_race', modality: 'vibration' }))]);
    expect(split.disagreement?.ko).toContain('소리와 진동의 결과가 다릅니다');
    expect(verdictOf([rec(diagnosis({ key: 'normal' })), rec(diagnosis({ key: 'normal' }))]).disagreement).toBeNull();
  });

  it('a visit with no recording, or none usable, is not diagnosable, with the reason and what to measure; never healthy', () => {
    const empty = verdictOf([]);
    expect(empty.status).toBe('not_diagnosable');
    expect(empty.reasons[0]!.ko).toContain('녹음한 기록이 없습니다');
    expect(empty.actions[0]!.ko).toContain('30초');
    const silent = verdictOf([rec(diagnosis({ status: 'unavailable', condition: null, confidence: null, severity: null, unavailable: { code: 'silent', message: { ko: 'x', en: 'x' } } }))]);
    expect(silent.status).toBe('not_diagnosable');
    expect(silent.reasons.map((r) => r.ko).join(' ')).toContain('소리가 없습니다');
    expect(silent.headline.ko).not.toContain('정상');
  });

  it('a machine unlike what the model knows: the finding names no fault, not even as a guess', () => {
    const unknown = diagnosis({
      status: 'uncertain',
      condition: null,
      confidence: null,
      severity: 'watch',
      uncertainReasons: [{ code: 'louder_machine_elsewhere', value: 36, limit: 48, message: { ko: 'x', en: 'x' } }],
      novelty: { kind: 'unknown_machine', message: { ko: 'x', en: 'x' }, facts: [], suggestBaseline: true },
    });
    const v = verdictOf([rec(unknown)]);
    const finding = v.findings[0]!;
    expect(finding.condition).toBeNull();
    expect(finding.summary.text.en).toMatch(/^No fault named\. A louder machine in the recording/);
    expect(finding.summary.text.ko).toMatch(/^고장을 판정하지 않았습니다\./);
    expect(`${finding.summary.text.en} ${v.headline.en}`).not.toMatch(/unrecognised fault|possibly/i);
    expect(v.status).not.toBe('healthy');
    expect(v.actions[0]!.en).toMatch(/mark one of this visit’s recordings as its baseline/);
    expect(v.actions[0]!.ko).toMatch(/베이스라인/);
  });

  it('a pending or failed diagnosis leaves the verdict incomplete, never healthy', () => {
    const pending = verdictOf([rec(diagnosis({ key: 'normal' })), rec(null)]);
    expect(pending.status).toBe('pending');
    expect(pending.complete).toBe(false);
    expect(pending.reasons.map((r) => r.ko).join(' ')).toContain('아직 진단이 끝나지 않은 녹음이 1개');
    const failed = verdictOf([rec(diagnosis({ key: 'normal' })), rec(null, { run: 'failed' })]);
    expect(failed.status).not.toBe('healthy');
    expect(failed.complete).toBe(false);
    expect(failed.reasons.map((r) => r.ko).join(' ')).toContain('진단이 실패했습니다');
    // A fault already found still leads, marked incomplete.
    const faultPending = verdictOf([rec(diagnosis({ key: 'valve_fault' })), rec(null)]);
    expect(faultPending.status).toBe('fault');
    expect(faultPending.complete).toBe(false);
  });

  it('a healthy result far from the machine’s own normal is reconciled in one sentence, and not called healthy', () => {
    const v = verdictOf([rec(diagnosis({ key: 'normal', confidence: 0.89 }), { deviation: deviation('large', 6.2) })]);
    expect(v.status).toBe('watch');
    expect(v.baselineNote?.ko).toBe('알려진 고장 유형은 찾지 못했지만 이 설비의 평소 상태와 크게 다릅니다. 다시 측정하기 전까지 정상으로 보지 않습니다.');
    const f = verdictOf([rec(diagnosis({ key: 'bearing_wear' }), { deviation: deviation('large', 5) })]);
    expect(f.baselineNote?.ko).toBe('베어링 마모 의심이며, 이 설비의 평소 상태와도 크게 달라 두 결과가 서로 맞습니다.');
    const within = verdictOf([rec(diagnosis({ key: 'bearing_wear' }), { deviation: deviation('within', 1) })]);
    expect(within.baselineNote?.ko).toContain('평소 상태와는 비슷합니다');
  });

  it('an uncertain fault hint with nothing well-founded is "watch", with the reasons; uncertain alone on a healthy hint is not diagnosable', () => {
    const reasons = [{ code: 'low_confidence' as const, message: { ko: '', en: '' }, value: 0.41, limit: 0.6 }];
    const hint = verdictOf([rec(diagnosis({ key: 'valve_fault', status: 'uncertain', confidence: 0.41, severity: 'watch', uncertainReasons: reasons }))]);
    expect(hint.status).toBe('watch');
    expect(hint.certainty).toBe('unsure');
    expect(hint.reasons[0]!.ko).toContain('41 %');
    const onlyNormal = verdictOf([rec(diagnosis({ key: 'normal', status: 'uncertain', confidence: 0.5, severity: 'watch', uncertainReasons: reasons }))]);
    expect(onlyNormal.status).toBe('not_diagnosable');
  });

  it('every recording is healthy and finished: healthy, with the certainty of the least sure one', () => {
    const v = verdictOf([rec(diagnosis({ key: 'normal', confidence: 0.95 })), rec(diagnosis({ key: 'normal', confidence: 0.7, modality: 'vibration' }))]);
    expect(v.status).toBe('healthy');
    expect(v.confidence).toBe(0.7);
    expect(v.certainty).toBe('likely');
    expect(v.complete).toBe(true);
  });

  it('a system finding (refrigerant side) is a well-founded finding like a recording’s', () => {
    const v = computeVerdict({
      recordings: [rec(diagnosis({ key: 'normal' }))],
      readings: { temperatureC: 4.2, currentA: 7.5 },
      systemFindings: [{ source: 'refrigeration', conditionKey: 'refrigerant_hiss', condition: { ko: '냉매 부족', en: 'Low charge' }, severity: 'warning', confidence: 0.9, summary: { text: { ko: '과열도가 높습니다.', en: 'Superheat is high.' }, details: [] } }],
      timeZone: 'UTC',
    });
    expect(v.status).toBe('fault');
    expect(v.conditionKey).toBe('refrigerant_hiss');
    expect(v.evidence.map((e) => e.text.ko)).toEqual(expect.arrayContaining(['과열도가 높습니다.', '방문 중 평균 온도: 4.2 °C.', '방문 중 평균 운전 전류: 7.50 A.']));
  });

  it('speaks plainly: no feature names, condition keys or engineers’ words in any text, numbers only in details', () => {
    const v = verdictOf([
      rec(diagnosis({ key: 'valve_fault', evidence: [evidence('valve_fault'), { ...evidence('bearing_wear', 'envelope_peak'), feature: 'env_high_peak_prom_db' }] })),
      rec(diagnosis({ key: 'bearing_wear', evidence: [{ ...evidence('bearing_wear', 'envelope_peak'), feature: 'env_high_peak_prom_db' }] })),
    ]);
    const { findings, conditionKey: _k, ...rest } = v;
    const text = allText([rest, findings.map(({ conditionKey: _c, ...f }) => f)]);
    for (const banned of ['env_', 'prom_db', 'valve_fault', 'bearing_wear', '포락선', '잡음 바닥', '평탄도', 'envelope', 'noise floor']) expect(text, banned).not.toContain(banned);
    expect(v.evidence[0]!.text.ko).toContain('밸브 쪽에서');
    expect(v.evidence[0]!.details[0]!.ko).toContain('27 dB');
  });

  it('the fingerprint changes with what the verdict says and not with input order', () => {
    const a = rec(diagnosis({ key: 'normal' }));
    const b = rec(diagnosis({ key: 'bearing_wear' }));
    expect(verdictOf([a, b]).fingerprint).not.toBe(verdictOf([a]).fingerprint);
    expect(verdictOf([a]).fingerprint).toBe(verdictOf([a]).fingerprint);
  });
});
