import type { EvidenceItem, Localized, SpectrumMarker } from '../../../../../shared/contract';
import type { SoundAnalysis } from '../extraction/sound';
import { SOUND_SCHEMA } from '../extraction/sound';
import { ISO_10816_CLASS_I, isoZone, type VibrationAnalysis } from '../extraction/vibration';

/**
 * The evidence behind a diagnosis: measured facts (frequencies, levels over the local noise floor),
 * each stated in words and tied to the condition it points to. They are computed from the
 * recording, not from the model's internals, so a technician can check them on the spectrum.
 * Facts that support the diagnosed condition come first.
 */
const hz = (v: number) => (v >= 100 ? v.toFixed(1) : v.toFixed(2));
const db = (v: number) => v.toFixed(0);

interface Built {
  evidence: EvidenceItem[];
  spectrumMarkers: SpectrumMarker[];
  envelopeMarkers: SpectrumMarker[];
  /** Which envelope band the envelope view should show. */
  envelopeBand: string;
}

const item = (fields: Partial<EvidenceItem> & Pick<EvidenceItem, 'key' | 'statement'>): EvidenceItem => ({
  feature: null,
  frequencyHz: null,
  order: null,
  levelDb: null,
  value: null,
  unit: null,
  supports: null,
  ...fields,
});

const marker = (hzValue: number, kind: SpectrumMarker['kind'], label: Localized, levelDb: number | null): SpectrumMarker => ({ hz: hzValue, kind, label, levelDb });

function ordered(items: EvidenceItem[], condition: string | null): EvidenceItem[] {
  const rank = (e: EvidenceItem) => (e.supports && e.supports === condition ? 0 : e.supports === null ? 1 : 2);
  return items.map((e, i) => ({ e, i })).sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i).map(({ e }) => e);
}

export function runningSpeedItem(speedHz: number, source: 'given' | 'estimated', found: boolean): EvidenceItem {
  const rpm = Math.round(speedHz * 60);
  const how: Localized =
    source === 'given'
      ? { ko: '입력된 값', en: 'as given' }
      : found
        ? { ko: '회전 차수 성분에서 추정', en: 'estimated from the shaft orders' }
        : { ko: '추정했으나 불확실', en: 'estimated, but the orders are faint' };
  return item({
    key: 'running_speed',
    frequencyHz: speedHz,
    order: 1,
    value: rpm,
    unit: 'rpm',
    statement: { ko: `회전 속도 ${hz(speedHz)} Hz (${rpm} rpm), ${how.ko}.`, en: `Running speed ${hz(speedHz)} Hz (${rpm} rpm), ${how.en}.` },
  });
}

export function soundEvidence(a: SoundAnalysis, condition: string | null): Built {
  const f = (name: string) => a.features[SOUND_SCHEMA.names.indexOf(name)]!;
  const items: EvidenceItem[] = [runningSpeedItem(a.speed.hz, a.speed.source, a.speed.found)];
  const one = a.orders.find((o) => o.order === 1)!;
  const two = a.orders.find((o) => o.order === 2)!;
  const oneOverTwo = f('order_1x_minus_2x_db');
  items.push(
    item({
      key: 'order_1x',
      feature: 'order_1x_prom_db',
      frequencyHz: one.hz,
      order: 1,
      levelDb: one.prominenceDb,
      supports: one.prominenceDb >= 20 && oneOverTwo >= 10 ? 'unbalance' : null,
      statement: {
        ko: `1차(1x) ${hz(one.hz)} Hz 성분이 잡음 바닥보다 ${db(one.prominenceDb)} dB 높고, 2차보다 ${db(oneOverTwo)} dB ${oneOverTwo >= 0 ? '강합니다' : '약합니다'}.`,
        en: `1x at ${hz(one.hz)} Hz is ${db(one.prominenceDb)} dB above the noise floor and ${db(Math.abs(oneOverTwo))} dB ${oneOverTwo >= 0 ? 'stronger' : 'weaker'} than 2x.`,
      },
    }),
    item({
      key: 'order_2x',
      feature: 'order_2x_prom_db',
      frequencyHz: two.hz,
      order: 2,
      levelDb: two.prominenceDb,
      statement: { ko: `2차(2x) ${hz(two.hz)} Hz 성분: 잡음 바닥 대비 ${db(two.prominenceDb)} dB.`, en: `2x at ${hz(two.hz)} Hz: ${db(two.prominenceDb)} dB above the noise floor.` },
    }),
  );
  const line2 = a.lineHarmonics[1]!;
  const lineOverOne = f('line_2x_minus_order_1x_db');
  items.push(
    item({
      key: 'line_2x',
      feature: 'line_2x_prom_db',
      frequencyHz: line2.hz,
      levelDb: line2.prominenceDb,
      supports: line2.prominenceDb >= 20 && lineOverOne >= 0 ? 'electrical_hum' : null,
      statement: {
        ko: `전원 주파수 2배 ${a.lineHz * 2} Hz 성분이 잡음 바닥보다 ${db(line2.prominenceDb)} dB 높고, 1x보다 ${db(Math.abs(lineOverOne))} dB ${lineOverOne >= 0 ? '강합니다' : '약합니다'}.`,
        en: `${a.lineHz * 2} Hz (twice line frequency) is ${db(line2.prominenceDb)} dB above the noise floor and ${db(Math.abs(lineOverOne))} dB ${lineOverOne >= 0 ? 'stronger' : 'weaker'} than 1x.`,
      },
    }),
  );
  const half = a.orders.filter((o) => o.order % 1 !== 0 && o.prominenceDb >= 8).map((o) => `${o.order}x`);
  items.push(
    item({
      key: 'harmonics',
      feature: 'harmonic_count',
      value: a.harmonicCount,
      supports: a.harmonicCount >= 8 && a.halfOrderCount >= 1 ? 'looseness' : null,
      statement: {
        ko: `회전 고조파 ${a.harmonicCount}개(12개 중)와 반차수 ${a.halfOrderCount}개${half.length ? `(${half.join(', ')})` : ''}가 두드러집니다.`,
        en: `${a.harmonicCount} of 12 shaft harmonics and ${a.halfOrderCount} half-orders${half.length ? ` (${half.join(', ')})` : ''} stand out.`,
      },
    }),
  );
  const high = a.envelopes.find((e) => e.name === 'high')!;
  const mid = a.envelopes.find((e) => e.name === 'mid')!;
  const band = (e: typeof high) => `${(e.band.loHz / 1000).toFixed(1)}-${(e.band.hiHz / 1000).toFixed(1)} kHz`;
  if (high.available) {
    const p = high.topPeak;
    items.push(
      item({
        key: 'envelope_peak',
        feature: 'env_high_peak_prom_db',
        frequencyHz: p.hz,
        order: p.order,
        levelDb: p.prominenceDb,
        value: p.harmonics,
        supports: p.prominenceDb >= 10 ? 'bearing_wear' : null,
        statement:
          p.prominenceDb >= 6
            ? {
                ko: `${band(high)} 대역의 포락선에서 ${hz(p.hz)} Hz(회전수의 ${p.order.toFixed(2)}배, 회전 차수가 아님) 주기의 충격이 잡음 바닥보다 ${db(p.prominenceDb)} dB 높게 나타나고, 고조파 ${p.harmonics}개가 함께 보입니다.`,
                en: `Impacts repeating at ${hz(p.hz)} Hz (${p.order.toFixed(2)}x running speed, not a shaft order) show in the envelope of the ${band(high)} band, ${db(p.prominenceDb)} dB above its floor, with ${p.harmonics} harmonic(s).`,
              }
            : { ko: `${band(high)} 대역 포락선에 회전과 무관한 주기적 충격이 없습니다.`, en: `No periodic impacts unrelated to the shaft in the envelope of the ${band(high)} band.` },
      }),
    );
  }
  if (mid.available) {
    items.push(
      item({
        key: 'cycle_impacts',
        feature: 'env_mid_cycle_periodicity',
        frequencyHz: mid.at1x.hz,
        order: 1,
        levelDb: mid.at1x.prominenceDb,
        value: Math.round(mid.cyclePeriodicity * 100) / 100,
        supports: mid.cyclePeriodicity >= 0.3 || mid.at1x.prominenceDb >= 25 ? 'valve_fault' : null,
        statement: {
          ko: `${band(mid)} 대역(밸브 소리)의 충격이 회전마다 반복되는 정도(주기성) ${mid.cyclePeriodicity.toFixed(2)}, 포락선의 1x 성분은 잡음 바닥보다 ${db(mid.at1x.prominenceDb)} dB 높습니다.`,
          en: `Impacts in the ${band(mid)} band (valve sounds) repeat with each revolution with periodicity ${mid.cyclePeriodicity.toFixed(2)}; the envelope's 1x is ${db(mid.at1x.prominenceDb)} dB above its floor.`,
        },
      }),
    );
  }
  items.push(
    item({
      key: 'hiss',
      feature: 'hiss_ratio_4k8k',
      value: Math.round(a.hissRatio * 1000) / 1000,
      unit: 'ratio',
      supports: a.hissRatio >= 0.15 && a.flatnessHf >= 0.4 ? 'refrigerant_hiss' : null,
      statement: {
        ko: `4-8 kHz 에너지가 전체의 ${(a.hissRatio * 100).toFixed(0)}%이고, 잡음처럼 평탄한 정도(평탄도)는 ${a.flatnessHf.toFixed(2)}입니다.`,
        en: `Energy above 4 kHz is ${(a.hissRatio * 100).toFixed(0)} % of the total, with spectral flatness ${a.flatnessHf.toFixed(2)} (1 = pure noise).`,
      },
    }),
  );

  const spectrumMarkers: SpectrumMarker[] = [
    ...a.orders.map((o) => marker(o.hz, 'order' as const, { ko: `${o.order}x`, en: `${o.order}x` }, o.prominenceDb > 0 ? o.prominenceDb : null)),
    ...a.lineHarmonics.map((l) => marker(l.hz, 'line' as const, { ko: `전원 ${l.order}×${a.lineHz} Hz`, en: `line ${l.order}×${a.lineHz} Hz` }, l.prominenceDb > 0 ? l.prominenceDb : null)),
  ];
  const env = high.available && high.topPeak.prominenceDb >= mid.at1x.prominenceDb - 6 ? high : mid;
  const envelopeMarkers: SpectrumMarker[] = [marker(a.speed.hz, 'order', { ko: '1x', en: '1x' }, env.at1x.prominenceDb || null)];
  if (env.topPeak.prominenceDb >= 6) {
    for (let h = 1; h <= 3; h += 1) envelopeMarkers.push(marker(h * env.topPeak.hz, 'peak', { ko: `충격 ${h}×${hz(env.topPeak.hz)} Hz`, en: `impacts ${h}×${hz(env.topPeak.hz)} Hz` }, h === 1 ? env.topPeak.prominenceDb : null));
  }
  return { evidence: ordered(items, condition), spectrumMarkers, envelopeMarkers, envelopeBand: env.name };
}

const DEFECT_NAMES: Record<string, { label: string; supports: string; ko: string; en: string }> = {
  bpfo: { label: 'BPFO', supports: 'outer_race', ko: '외륜 결함 주파수', en: 'outer-race defect frequency' },
  bpfi: { label: 'BPFI', supports: 'inner_race', ko: '내륜 결함 주파수', en: 'inner-race defect frequency' },
  bsf2: { label: '2×BSF', supports: 'ball', ko: '볼 결함 주파수', en: 'ball defect frequency' },
  ftf: { label: 'FTF', supports: '', ko: '케이지 주파수', en: 'cage frequency' },
};

export function vibrationEvidence(a: VibrationAnalysis, condition: string | null, bearingGiven: boolean): Built {
  const zone = isoZone(a.velocityRmsMmS);
  const limits = ISO_10816_CLASS_I;
  const zoneRange = { A: `< ${limits.ab}`, B: `${limits.ab}-${limits.bc}`, C: `${limits.bc}-${limits.cd}`, D: `> ${limits.cd}` }[zone];
  const items: EvidenceItem[] = [
    runningSpeedItem(a.speed.hz, a.speed.source, a.speed.found),
    item({
      key: 'velocity_rms',
      value: Math.round(a.velocityRmsMmS * 100) / 100,
      unit: 'mm/s',
      statement: {
        ko: `진동 속도 ${a.velocityRmsMmS.toFixed(2)} mm/s RMS(10-1000 Hz): ISO 10816 1종 기계 기준 ${zone}영역(${zoneRange} mm/s).`,
        en: `Vibration velocity ${a.velocityRmsMmS.toFixed(2)} mm/s RMS (10-1000 Hz): ISO 10816 class I zone ${zone} (${zoneRange} mm/s).`,
      },
    }),
  ];
  for (const d of a.defects) {
    const info = DEFECT_NAMES[d.key]!;
    if (d.key === 'ftf') continue;
    const envelopeBand = a.envelopes.find((e) => e.name === d.band)!.band;
    const bandText = `${(envelopeBand.loHz / 1000).toFixed(1)}-${(envelopeBand.hiHz / 1000).toFixed(1)} kHz`;
    items.push(
      item({
        key: `defect_${d.key}`,
        feature: `env_${d.band}_${d.key}_db`,
        frequencyHz: d.hz,
        order: d.hz / a.speed.hz,
        levelDb: Math.round(d.prominenceDb * 10) / 10,
        supports: d.prominenceDb >= 8 ? info.supports : null,
        statement: {
          ko: `${info.ko} ${info.label} ${hz(d.hz)} Hz: ${bandText} 대역 포락선에서 잡음 바닥보다 평균 ${db(d.prominenceDb)} dB 높음(고조파 3개 평균)${bearingGiven ? '' : ', SKF 6205 가정'}.`,
          en: `${info.label} (${info.en}) ${hz(d.hz)} Hz: ${db(d.prominenceDb)} dB above the floor in the envelope of the ${bandText} band (mean of 3 harmonics)${bearingGiven ? '' : ', assuming an SKF 6205'}.`,
        },
      }),
    );
  }
  const kurt = a.kurtosis;
  items.push(
    item({
      key: 'kurtosis',
      feature: 'kurtosis_log',
      value: Math.round(kurt * 10) / 10,
      supports: null,
      statement: { ko: `첨도 ${kurt.toFixed(1)}(매끄러운 진동은 3 부근, 충격이 많을수록 커짐).`, en: `Kurtosis ${kurt.toFixed(1)} (about 3 for smooth vibration; impacts raise it).` },
    }),
    item({
      key: 'order_1x',
      feature: 'order_1x_prom_db',
      frequencyHz: a.orders[0]!.hz,
      order: 1,
      levelDb: a.orders[0]!.prominenceDb,
      statement: { ko: `1x ${hz(a.orders[0]!.hz)} Hz: 잡음 바닥 대비 ${db(a.orders[0]!.prominenceDb)} dB.`, en: `1x at ${hz(a.orders[0]!.hz)} Hz: ${db(a.orders[0]!.prominenceDb)} dB above the noise floor.` },
    }),
  );
  if (a.bandwidth === 'narrowband') {
    items.push(
      item({
        key: 'bandwidth',
        value: 3200,
        unit: 'Hz',
        statement: {
          ko: '3200 Hz로 측정되어 1.6 kHz 이상(일반적인 베어링 공진 2-6 kHz)을 볼 수 없으므로 0.5-1.4 kHz 대역만 분석했습니다.',
          en: 'Sampled at 3200 Hz: nothing above 1.6 kHz (where bearing resonances usually are, 2-6 kHz) is visible, so only the 0.5-1.4 kHz band was demodulated.',
        },
      }),
    );
  }
  const best = [...a.defects].filter((d) => d.key !== 'ftf').sort((x, y) => y.prominenceDb - x.prominenceDb)[0]!;
  const spectrumMarkers: SpectrumMarker[] = [
    ...a.orders.map((o) => marker(o.hz, 'order' as const, { ko: `${o.order}x`, en: `${o.order}x` }, o.prominenceDb > 0 ? o.prominenceDb : null)),
    marker(120, 'line', { ko: '전원 2×60 Hz', en: 'line 2×60 Hz' }, null),
  ];
  const envelopeMarkers: SpectrumMarker[] = [
    marker(a.speed.hz, 'order', { ko: '1x', en: '1x' }, null),
    ...a.defects.flatMap((d) =>
      (d.key === 'ftf' ? [1] : [1, 2, 3]).map((h) => marker(h * d.hz, 'defect' as const, { ko: `${h > 1 ? `${h}×` : ''}${DEFECT_NAMES[d.key]!.label}`, en: `${h > 1 ? `${h}×` : ''}${DEFECT_NAMES[d.key]!.label}` }, h === 1 && d.band === best.band ? Math.round(d.prominenceDb * 10) / 10 : null)),
    ),
  ];
  return { evidence: ordered(items, condition), spectrumMarkers, envelopeMarkers, envelopeBand: best.band };
}
