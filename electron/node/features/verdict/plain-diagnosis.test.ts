import { describe, expect, it } from 'vitest';
import { UncertainReasonCode, UnavailableReasonCode, type Diagnosis, type EvidenceItem } from '../../../../shared/contract';
import { computeVerdict } from './compute';
import { plainDiagnosis } from './plain-diagnosis';
import { plainEvidence } from './words';

/** Every sentence of a diagnosis leaves the back end in the catalogues' plain words, whatever the engine wrote. */
const ENGINE_WORDS = { ko: '1차(1x) 성분이 잡음 바닥보다 높고 포락선 평탄도 첨도 BPFO', en: 'envelope noise floor flatness kurtosis BPFO 1x' };
const item = (key: string, supports: string | null, over: Partial<EvidenceItem> = {}): EvidenceItem => ({
  key,
  feature: `env_high_${key}_prom_db`,
  frequencyHz: 107.4,
  order: 3.58,
  levelDb: 21,
  value: 0.4,
  unit: null,
  supports,
  statement: ENGINE_WORDS,
  ...over,
});

function diagnosis(over: Partial<Diagnosis>): Diagnosis {
  return {
    id: '01900000-0000-7000-8000-000000000001',
    createdAt: '2026-12-01T10:00:00.000Z',
    source: { kind: 'samples', label: 'test' },
    modality: 'vibration',
    status: 'diagnosed',
    uncertainReasons: [],
    unavailable: null,
    condition: { key: 'outer_race', name: { ko: '베어링 외륜 결함 (outer_race)', en: 'Outer race' } },
    confidence: 0.9,
    probabilities: [{ key: 'outer_race', name: ENGINE_WORDS, probability: 0.9 }],
    severity: 'warning',
    evidence: ['running_speed', 'velocity_rms', 'defect_bpfo', 'defect_bpfi', 'kurtosis', 'order_1x', 'order_2x', 'bandwidth', 'envelope_peak', 'cycle_impacts', 'hiss', 'harmonics', 'line_2x'].map((k, i) =>
      item(k, i % 2 === 0 ? 'outer_race' : null, k === 'velocity_rms' ? { value: 3.1 } : {}),
    ),
    spectrum: { kind: 'spectrum', band: null, reference: 'one_g', fromHz: 0, stepHz: 1, resolutionHz: 1, db: [0, 1], floorDb: [0, 0], markers: [{ hz: 29.5, kind: 'order', label: { ko: '1x', en: '1x' }, levelDb: 10 }, { hz: 120, kind: 'line', label: { ko: '전원 2×60 Hz', en: 'line 2×60 Hz' }, levelDb: null }] },
    envelopeSpectrum: { kind: 'envelope', band: null, reference: 'total_power', fromHz: 0, stepHz: 1, resolutionHz: 1, db: [0, 1], floorDb: [0, 0], markers: [{ hz: 107.4, kind: 'defect', label: { ko: 'BPFO', en: 'BPFO' }, levelDb: 21 }] },
    vibration: { velocityRmsMmS: 3.1, isoZone: 'C', isoClass: 'I', accelerationRmsG: 0.3, bandwidth: 'narrowband' },
    running: null,
    quality: null,
    recommendations: [ENGINE_WORDS],
    model: null,
    timings: { readMs: 0, resampleMs: 0, featuresMs: 0, inferenceMs: 0, totalMs: 0 },
    baseline: null,
    ...over,
  };
}

/** The texts of a diagnosis (not its keys, feature names or numbers). */
function texts(d: Diagnosis): string {
  return JSON.stringify([d.condition?.name, d.probabilities.map((p) => p.name), d.uncertainReasons.map((r) => r.message), d.unavailable?.message, d.evidence.map((e) => e.statement), d.recommendations, d.spectrum?.markers.map((m) => m.label), d.envelopeSpectrum?.markers.map((m) => m.label)]);
}

describe('a diagnosis in plain words', () => {
  it('re-says every sentence from the catalogues: no feature names, condition keys, engineers’ words or English in Korean', () => {
    const all = [
      diagnosis({}),
      diagnosis({ status: 'uncertain', uncertainReasons: UncertainReasonCode.options.map((code) => ({ code, message: ENGINE_WORDS, value: 0.4, limit: 0.6 })) }),
      ...UnavailableReasonCode.options.map((code) => diagnosis({ status: 'unavailable', condition: null, confidence: null, probabilities: [], severity: null, unavailable: { code, message: ENGINE_WORDS } })),
    ];
    for (const d of all) {
      const plain = plainDiagnosis(d);
      const text = texts(plain);
      for (const banned of ['포락선', '잡음 바닥', '평탄도', '첨도', 'BPFO', 'envelope', 'noise floor', 'flatness', 'kurtosis', 'outer_race', '_prom_db', '1x', '(1x)']) expect(text, banned).not.toContain(banned);
      const korean = JSON.stringify(plain.evidence.map((e) => e.statement.ko)) + JSON.stringify(plain.recommendations.map((r) => r.ko));
      expect(korean.match(/[A-Za-z]{3,}/g)?.filter((w) => !['ISO', 'kHz', 'rpm'].includes(w)) ?? []).toEqual([]);
      // Numbers, keys and spectra are kept as measured.
      expect(plain.evidence.map((e) => e.levelDb)).toEqual(d.evidence.map((e) => e.levelDb));
      expect(plain.condition?.key).toBe(d.condition?.key);
    }
    const plain = plainDiagnosis(diagnosis({}));
    expect(plain.condition?.name.ko).toBe('베어링 손상(바깥쪽 링)');
    expect(plain.evidence.find((e) => e.key === 'defect_bpfo')?.statement.ko).toContain('베어링 바깥쪽 링이 상했을 때의 주기로 진동이 반복됩니다.');
    expect(plain.recommendations.map((r) => r.ko)).toContain('진동이 오래 운전하기에는 큽니다. 정비 계획을 세우세요.');
  });

  it('keeps the vibration rules\' numbers: the plain sentence first, the measured values with their units behind it', () => {
    // As the shaft rules write them for an out-of-balance rotor (engine statements are engineers' words).
    const shaft = (key: string, supports: string | null, over: Partial<EvidenceItem>) => item(key, supports, { feature: null, levelDb: null, unit: 'mm/s', ...over });
    const evidence = [
      item('velocity_rms', null, { feature: null, frequencyHz: null, order: null, levelDb: null, value: 5.1, unit: 'mm/s' }),
      shaft('order_velocity', 'unbalance', { frequencyHz: 29.5, order: 1, value: 4.21 }),
      shaft('order_velocity_2x', null, { frequencyHz: 59, order: 2, value: 0.8 }),
      shaft('shaft_harmonics', null, { frequencyHz: null, order: null, value: 3, unit: null }),
      item('defect_bpfi', null, { frequencyHz: 162.2, order: 5.42, levelDb: 4.1 }),
    ];
    const d = diagnosis({ condition: { key: 'unbalance', name: ENGINE_WORDS }, probabilities: [], confidence: null, severity: 'warning', evidence });

    // The verdict's evidence: a sentence without numbers, the numbers (with units) under "details".
    const plain = plainEvidence(evidence[1]!, evidence)!;
    expect(plain.text.en).toBe('A strong once-per-turn shake: what an out-of-balance rotating part does.');
    expect(plain.text.en).not.toMatch(/\d/);
    expect(plain.details.map((x) => x.en)).toEqual(['Once per turn (29.5 Hz): 4.21 mm/s, 68 % of the vibration energy.']);
    expect(plain.details.map((x) => x.ko)).toEqual(['한 바퀴에 한 번(29.5 Hz): 4.21 mm/s, 전체 진동 에너지의 68 %.']);
    const verdict = computeVerdict({ recordings: [{ recordingId: 'r1', modality: 'vibration', source: 'sensor', startedAt: '2026-12-01T10:00:00.000Z', run: 'done', diagnosisId: d.id, diagnosis: d, deviation: null }], readings: { temperatureC: null, currentA: null }, systemFindings: [] });
    expect(verdict.evidence[0]).toEqual(plain);
    expect(verdict.findings[0]!.summary.details.map((x) => x.en)).toContain('Once per turn (29.5 Hz): 4.21 mm/s, 68 % of the vibration energy.');

    // The result card's statements: every rule's number is there, none is lost to a dash.
    const statements = new Map(plainDiagnosis(d).evidence.map((e) => [e.key, e.statement]));
    expect(statements.get('order_velocity')!.en).toBe('A strong once-per-turn shake: what an out-of-balance rotating part does. Once per turn (29.5 Hz): 4.21 mm/s, 68 % of the vibration energy.');
    expect(statements.get('order_velocity_2x')!.en).toBe('Twice per turn (59.0 Hz): 0.80 mm/s, 19 % of the once-per-turn level.');
    expect(statements.get('shaft_harmonics')!.en).toBe('3 of the first 10 multiples of the rotation stand out.');
    expect(statements.get('defect_bpfi')!.en).toBe('Repeats at 162 Hz (5.42 times the rotation), 4 dB above the surrounding vibration.');
    expect(statements.get('order_velocity_2x')!.ko).toBe('한 바퀴에 두 번(59.0 Hz): 0.80 mm/s, 한 바퀴 한 번 성분의 19 %.');
    for (const s of statements.values()) {
      expect(s.en).not.toContain('—');
      expect(s.ko).not.toContain('—');
    }
  });
});
