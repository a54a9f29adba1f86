import { describe, expect, it } from 'vitest';
import type { Diagnosis, EvidenceItem } from '../../../../shared/contract';
import { formatDiagnosis, localeLang } from './format-diagnosis';

/** `analyze` in a terminal says what the visit page says: the verdict's plain words, the numbers under them. */
const ENGINE = { ko: '포락선 피크 BPFO 잡음 바닥 대비 21 dB (bearing_wear)', en: 'Envelope peak at BPFO: 21 dB above the noise floor (bearing_wear)' };
const evidence = (key: string, supports: string | null, over: Partial<EvidenceItem> = {}): EvidenceItem => ({
  key,
  feature: `env_high_${key}_prom_db`,
  frequencyHz: 107.4,
  order: 3.58,
  levelDb: 21,
  value: null,
  unit: null,
  supports,
  statement: ENGINE,
  ...over,
});

function diagnosis(over: Partial<Diagnosis>): Diagnosis {
  return {
    id: '01900000-0000-7000-8000-000000000001',
    createdAt: '2026-12-01T10:00:00.000Z',
    source: { kind: 'file', path: '/tmp/bearing.wav' } as unknown as Diagnosis['source'],
    modality: 'sound',
    status: 'diagnosed',
    uncertainReasons: [],
    unavailable: null,
    condition: { key: 'bearing_wear', name: ENGINE },
    confidence: 0.97,
    probabilities: [],
    severity: 'warning',
    evidence: [evidence('running_speed', null, { value: 1770, frequencyHz: 29.5, order: 1, levelDb: null }), evidence('envelope_peak', 'bearing_wear')],
    spectrum: null,
    envelopeSpectrum: null,
    vibration: null,
    running: { hz: 29.5, rpm: 1770, found: true } as unknown as Diagnosis['running'],
    quality: { durationS: 10, sampleRate: 16000 } as unknown as Diagnosis['quality'],
    recommendations: [ENGINE],
    model: { id: 'compressor-sound', version: '1.4.0' } as unknown as Diagnosis['model'],
    timings: { readMs: 0, resampleMs: 0, featuresMs: 0, inferenceMs: 0, totalMs: 41.6 },
    baseline: null,
    ...over,
  };
}

const ENGINE_TERMS = ['bearing_wear', 'envelope', 'Envelope', '포락선', '잡음 바닥', 'BPFO', '_prom_db', 'NOT SURE', 'severity'];

describe('analyze output', () => {
  it('leads with the verdict in the UI’s words, then the evidence with its numbers as details', () => {
    const out = formatDiagnosis('bearing.wav', diagnosis({}), 'en');
    const lines = out.split('\n');
    expect(lines[0]).toBe('bearing.wav — Sound, 10.0 s at 16000 Hz');
    expect(lines[1]).toMatch(/^ {2}Verdict: +▲ Fault · Warning — Bearing wear suspected: plan a repair$/);
    expect(lines[2]).toMatch(/^ {2}How sure: +Sure \(97 %\)$/);
    expect(lines[3]).toMatch(/^ {2}What it means: +It need not be stopped today/);
    const found = lines.findIndex((l) => l.includes('What was found:'));
    expect(lines[found]).toMatch(/What was found: +- A regular ticking, out of step with the rotation, can be heard: the sound of a wearing bearing\.$/);
    // The number behind it, on its own line, indented under the sentence.
    expect(lines[found + 1]).toMatch(/^ {20,}Repeats at 107 Hz \(3\.58 times the rotation\), 21 dB above the surrounding sound\.$/);
    expect(out).toMatch(/What to do now: +- /);
    expect(out).toMatch(/Model: +compressor-sound 1\.4\.0, 42 ms/);
    for (const term of ENGINE_TERMS) expect(out, term).not.toContain(term);
  });

  it('speaks Korean with no English words but units, and leaves the numbers out on request', () => {
    const out = formatDiagnosis('bearing.wav', diagnosis({}), 'ko');
    expect(out).toMatch(/진단 결과: +▲ 이상 · [^—]+ — 베어링 마모 /);
    // Hangul is two columns wide in a terminal: the sentences still start in one column.
    expect(out).toMatch(/\n {2}진단 결과: {6}▲/);
    expect(out).toMatch(/\n {2}의미: {11}오늘/);
    expect(out).toMatch(/확신 정도: +확실함 \(97%\)/);
    expect(out).toContain('107 Hz로 반복(회전의 3.58배), 주변 소리보다 21 dB 큼.');
    const korean = out.split('\n').slice(1).join('\n');
    expect(korean.match(/[A-Za-z]{2,}/g)?.filter((w) => !['Hz', 'dB', 'ms', 'compressor', 'sound', 'rpm', 'mm'].includes(w)) ?? []).toEqual([]);
    for (const term of ENGINE_TERMS) expect(out, term).not.toContain(term);

    const plain = formatDiagnosis('bearing.wav', diagnosis({}), 'en', { details: false });
    expect(plain).toContain('A regular ticking');
    expect(plain).not.toContain('Repeats at 107 Hz');
  });

  it('an unsure result is "watch" with the reason; a file that cannot be diagnosed says why and what to measure', () => {
    const unsure = formatDiagnosis(
      'far.wav',
      diagnosis({ status: 'uncertain', confidence: 0.52, uncertainReasons: [{ code: 'low_confidence', message: ENGINE, value: 0.52, limit: 0.6 }] }),
      'en',
    );
    expect(unsure).toMatch(/Verdict: +◆ Watch — Possible Bearing wear: measure again/);
    expect(unsure).toMatch(/How sure: +Not sure \(52 %\)/);
    expect(unsure).toMatch(/Why: +- The app is not sure enough \(52 %\)\. Record again for 30 s, closer to the compressor\./);

    const none = formatDiagnosis(
      'hum.wav',
      diagnosis({ status: 'unavailable', condition: null, confidence: null, severity: null, evidence: [], unavailable: { code: 'too_short', message: ENGINE } }),
      'en',
    );
    expect(none).toMatch(/Verdict: +\? Not diagnosable — Could not be diagnosed: measure again/);
    expect(none).not.toContain('How sure');
    expect(none).toMatch(/The recording is too short\. Record for 10 s or more/);
    for (const term of ENGINE_TERMS) expect(unsure + none, term).not.toContain(term);
  });

  it('takes the language from the locale when --lang is not given', () => {
    expect(localeLang({ LANG: 'ko_KR.UTF-8' })).toBe('ko');
    expect(localeLang({ LC_ALL: 'ko_KR.UTF-8', LANG: 'en_GB.UTF-8' })).toBe('ko');
    expect(localeLang({ LC_ALL: 'C', LANG: 'ko_KR.UTF-8' })).toBe('en');
    expect(localeLang({ LANG: 'en_US.UTF-8' })).toBe('en');
    expect(localeLang({ LANG: 'kok_IN' })).toBe('en');
  });
});
