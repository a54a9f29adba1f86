import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BaselineData, Diagnosis } from '../../../../shared/contract';
import { analyze } from '../diagnosis';
import { SOUND_SCHEMA } from '../diagnosis';
import { loadModelSet, type ModelSet, releaseModelSet } from '../diagnosis';
import { MODELS_DIR } from '../../testing/diagnosis';
import { bandLevel, deviationFrom, learnProfile, median, robustScale, thirdOctaveBands } from './baseline';
import { clip, sameMachine } from '../../testing/insight';

let models: ModelSet;
beforeAll(async () => {
  models = await loadModelSet([MODELS_DIR]);
});
afterAll(() => releaseModelSet(models));

async function diagnose(c: { samples: Float32Array; sampleRate: number }): Promise<Diagnosis> {
  return Diagnosis.parse(await analyze({ signal: { modality: 'sound', ...c }, channels: 1, source: { kind: 'samples', label: 'test' }, machine: {} }, { models }));
}

describe('robust statistics', () => {
  it('median and MAD ignore one wild value', () => {
    expect(median([1, 2, 3, 100])).toBe(2.5);
    expect(robustScale([10, 10.5, 9.5, 10, 80], 10)).toBeCloseTo(1.4826 * 0.5, 6);
  });

  it('third-octave bands cover 25 Hz to the top of the grid without gaps', () => {
    const bands = thirdOctaveBands(8000);
    expect(bands[0]!.loHz).toBeLessThan(25);
    expect(bands.at(-1)!.hiHz).toBeLessThanOrEqual(8000);
    for (let i = 1; i < bands.length; i += 1) expect(bands[i]!.loHz).toBeCloseTo(bands[i - 1]!.hiHz, 6);
  });

  it('band level is a power average', () => {
    expect(bandLevel({ fromHz: 0, stepHz: 10 }, [0, 10 * Math.log10(3)], 0, 20)).toBeCloseTo(Math.log10(2) * 10, 6);
  });

  it('one outlier among the healthy recordings does not move the profile', () => {
    const data = (shift: number): BaselineData => ({
      featureSchema: { id: 'x', hash: 'h' },
      features: [1 + shift, -20 + shift],
      spectrum: { fromHz: 0, stepHz: 10, reference: 'total_power', db: Array.from({ length: 800 }, (_, i) => -60 - i / 100 + shift) },
    });
    const clean = learnProfile([data(0), data(0.1), data(-0.1), data(0.05)], ['a', 'b_db']);
    const dirty = learnProfile([data(0), data(0.1), data(-0.1), data(0.05), data(30)], ['a', 'b_db']);
    expect(dirty.featureMedian[1]).toBeCloseTo(clean.featureMedian[1]!, 1);
    expect(dirty.spectrum.median[400]).toBeCloseTo(clean.spectrum.median[400]!, 1);
  });
});

describe('baseline of one machine (synthesized, through the real extractor and models)', () => {
  it('another healthy recording stays within the baseline; the same machine with a bearing fault deviates, in the bands that moved', async () => {
    const machine = sameMachine(6_100_001);
    const healthy = await Promise.all([11, 12, 13, 14].map((take) => diagnose(clip(machine.healthy, take))));
    for (const d of healthy) expect(d.baseline).not.toBeNull();
    const members = healthy.slice(0, 3).map((d) => d.baseline!);
    const profile = learnProfile(members, SOUND_SCHEMA.names);
    expect(profile.count).toBe(3);

    const again = deviationFrom(profile, healthy[3]!.baseline!, SOUND_SCHEMA.names, healthy[3]!.running?.hz ?? null, members);
    expect(again.level).toBe('within');
    expect(again.changed.filter((c) => c.deltaDb > 0)).toEqual([]);

    const faulty = await diagnose(clip(machine.faulty, 21));
    expect(faulty.condition?.key).toBe('bearing_wear');
    const dev = deviationFrom(profile, faulty.baseline!, SOUND_SCHEMA.names, faulty.running?.hz ?? null, members);
    expect(dev.level).not.toBe('within');
    expect(dev.score).toBeGreaterThan(again.score * 2);
    // The bearing's resonances ring between about 2 and 7 kHz: the bands that rose are there.
    const rose = dev.changed.filter((c) => c.kind === 'band' && c.deltaDb > 0);
    expect(rose.length).toBeGreaterThan(0);
    const modes = machine.faulty.machine.bearing!.modes.map((m) => m.hz);
    expect(rose.some((b) => modes.some((hz) => hz >= b.loHz && hz < b.hiHz))).toBe(true);
    expect(dev.difference.db).toHaveLength(800);
    expect(dev.features.length).toBeGreaterThan(0);
  }, 60_000);
});
