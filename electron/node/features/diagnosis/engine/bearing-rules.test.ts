import { describe, expect, it } from 'vitest';
import { defectRatios, SKF_6205 } from '../extraction/bearings';
import { Rng } from '../synth/random';
import { checkBearingTones, judgeTones, reconcile } from './bearing-rules';
import { measureDefectTones } from './bearing-tones';
import type { VibrationAnalysis } from '../extraction/vibration';

const BIN_HZ = 12_000 / 16_384;
const FR = 1772 / 60;
const R = defectRatios(SKF_6205);
const SEED = 15_034;

/** An averaged envelope spectrum: a seeded floor that wanders +-1 dB, with lines `db` over it. */
function envelope(lines: { hz: number; db: number }[], seed = SEED): Float64Array {
  console.log(`envelope floor seed ${seed}`);
  const rng = new Rng(seed);
  const power = Float64Array.from({ length: Math.ceil(1000 / BIN_HZ) + 1 }, () => 1e-6 * 10 ** (0.1 * rng.gauss() * 0.5));
  for (const l of lines) {
    const k = Math.round(l.hz / BIN_HZ);
    power[k] = 1e-6 * 10 ** (l.db / 10);
  }
  return power;
}

const outerRace = (db = 25) => [1, 2, 3].map((h) => ({ hz: h * R.bpfo * FR, db: db - 3 * (h - 1) }));
const innerRace = (db = 25) => [1, 2, 3].flatMap((h) => [
  { hz: h * R.bpfi * FR, db: db - 3 * (h - 1) },
  { hz: h * R.bpfi * FR - FR, db: db - 8 },
  { hz: h * R.bpfi * FR + FR, db: db - 8 },
]);
const ballFault = (db = 22) => [1, 2].flatMap((h) => [
  { hz: 2 * h * R.bsf * FR, db: db - 4 * (h - 1) },
  { hz: 2 * h * R.bsf * FR - R.ftf * FR, db: db - 8 },
  { hz: 2 * h * R.bsf * FR + R.ftf * FR, db: db - 8 },
]);

const tonesOf = (lines: { hz: number; db: number }[]) => measureDefectTones({ power: envelope(lines), binHz: BIN_HZ }, FR, R);
const decide = (lines: { hz: number; db: number }[], model: string, probability = 0.9) => reconcile({ key: model, probability }, judgeTones(tonesOf(lines)));

describe('bearing defect tones', () => {
  it('finds the BPFO series of an outer race, without the sidebands it does not have', () => {
    const t = tonesOf(outerRace());
    expect(t.outer_race.harmonicsFound).toBe(3);
    expect(t.outer_race.fundamentalDb).toBeGreaterThan(22);
    expect(t.inner_race.harmonicsFound).toBe(0);
    expect(t.ball.harmonicsFound).toBe(0);
  });

  it('finds BPFI with once-per-turn sidebands, and 2xBSF with cage-rate sidebands', () => {
    const inner = tonesOf(innerRace()).inner_race;
    expect(inner.harmonicsFound).toBe(3);
    expect(inner.sidebandsFound).toBe(3);
    const ball = tonesOf(ballFault()).ball;
    expect(ball.harmonicsFound).toBe(2);
    expect(ball.sidebandsFound).toBe(2);
  });

  it('does not count a line for a fault when another fault’s line is nearer (BPFO + 1x lies 3 % from 2xBSF on a 6205)', () => {
    const t = tonesOf([...outerRace(), { hz: R.bpfo * FR + FR, db: 15 }, { hz: 2 * (R.bpfo * FR + FR), db: 12 }]);
    expect(t.ball.harmonicsFound).toBe(0);
    expect(judgeTones(t).call).toBe('outer_race');
  });
});

describe('reconciling the model with the tones', () => {
  it('follows strong outer-race tones when the model says ball (the confidently wrong case of issue 15)', () => {
    expect(decide(outerRace(), 'ball', 0.9)).toEqual({ kind: 'follow_tones', condition: 'outer_race' });
  });

  it('keeps the model when the tones agree', () => {
    expect(decide(innerRace(), 'inner_race')).toEqual({ kind: 'agree' });
    expect(decide(ballFault(), 'ball')).toEqual({ kind: 'agree' });
  });

  it('is uncertain, naming both, when the tones that disagree are faint', () => {
    expect(decide(outerRace(10), 'ball')).toEqual({ kind: 'disagree', tones: 'outer_race' });
  });

  it('does not overrule the model with BPFI that lacks its once-per-turn sidebands', () => {
    const bare = [1, 2, 3].map((h) => ({ hz: h * R.bpfi * FR, db: 25 }));
    expect(decide(bare, 'outer_race')).toEqual({ kind: 'disagree', tones: 'inner_race' });
  });

  it('says "not clearly diagnosable" when no defect tone stands out, unless the model says healthy', () => {
    expect(decide([], 'ball')).toEqual({ kind: 'unclear' });
    expect(decide([], 'normal')).toEqual({ kind: 'agree' });
    expect(decide(outerRace(9), 'normal')).toEqual({ kind: 'agree' });
    expect(decide(outerRace(), 'normal')).toEqual({ kind: 'follow_tones', condition: 'outer_race' });
  });
});

describe('the evidence a technician reads', () => {
  const analysis = (lines: { hz: number; db: number }[]) =>
    ({
      speed: { hz: FR },
      defects: [
        { key: 'bpfo', hz: R.bpfo * FR },
        { key: 'bpfi', hz: R.bpfi * FR },
        { key: 'bsf2', hz: 2 * R.bsf * FR },
        { key: 'ftf', hz: R.ftf * FR },
      ],
      impulsive: { band: { level: 2.6, loHz: 2000, hiHz: 3000, centerHz: 2500, widthHz: 1000, kurtosis: 4.25 }, binHz: BIN_HZ, power: envelope(lines), available: true },
    }) as unknown as VibrationAnalysis;

  it('names the band, the tones with their harmonics and sidebands, and both sides of a disagreement, in both languages', () => {
    const check = checkBearingTones(analysis(outerRace(10)), { key: 'ball', probability: 0.87 });
    expect(check.reason?.code).toBe('tones_disagree');
    const byKey = Object.fromEntries(check.evidence.map((e) => [e.key, e]));
    expect(byKey.bearing_decision!.statement.en).toBe('The model leans to Bearing ball (rolling element) defect (87 %), the repeats measured to Bearing outer-race defect: neither is clear enough to decide.');
    expect(byKey.bearing_decision!.statement.ko).toContain('87%');
    expect(byKey.bearing_band!.statement.en).toContain('between 2.00 and 3.00 kHz (centre 2.50 kHz, 1.00 kHz wide; impulsiveness 4.3');
    expect(byKey.bearing_band!.statement.ko).toContain('2.00-3.00 kHz 대역(중심 2.50 kHz, 폭 1.00 kHz)');
    expect(byKey.bearing_bpfo!.statement.en).toMatch(/^Outer ring rate 10[56]\.\d Hz \(3\.58× the rotation\): 2 of 3 repeats stand out, the strongest 10 dB/);
    expect(byKey.bearing_bsf2!.statement.en).toMatch(/does not stand out/);
    for (const e of check.evidence) expect(e.statement.ko).toMatch(/[\uAC00-\uD7A3]/);
  });

  it('gives the reason "not clearly diagnosable" with the strongest tone found and the threshold', () => {
    const check = checkBearingTones(analysis([]), { key: 'outer_race', probability: 0.94 });
    expect(check.outcome.kind).toBe('unclear');
    expect(check.reason).toMatchObject({ code: 'tones_unclear', value: 0, limit: 6 });
    expect(check.evidence[0]!.statement.en).toContain('does not show which part of the bearing is damaged');
  });
});
