import type { BandCoverage, EvidenceItem, Localized } from '../../../../../shared/contract';
import { CONDITIONS } from '../conditions';
import { ProminenceMap } from '../dsp/spectrum';
import { ISO_10816_CLASS_I, type VibrationAnalysis } from '../extraction/vibration';

/**
 * Unbalance, misalignment and looseness from casing vibration, by the rules of vibration analysis
 * rather than by a model: they show below 1 kHz, where even a 1 kHz accelerometer sees them, and
 * they follow from the running speed's orders and the ISO 10816 velocity, which hold for any
 * machine (the bearing models were trained on bearing faults only).
 *
 * - unbalance: 1x carries most of the velocity (over 60 % of its energy), 2x under half of 1x,
 *   and the overall velocity is in ISO zone C or D;
 * - misalignment: 2x at least half of 1x (velocity) and 0.5 mm/s or more, overall zone B or worse;
 * - looseness: five or more of the first ten orders and two or more half orders stand out (8 dB),
 *   overall zone B or worse.
 */
export type ShaftFault = 'unbalance' | 'misalignment' | 'looseness';

export const SHAFT_CONDITION_NAMES: Record<ShaftFault, { name: Localized; recommendations: Localized[] }> = {
  unbalance: CONDITIONS.unbalance,
  looseness: CONDITIONS.looseness,
  misalignment: {
    name: { ko: '축 정렬 불량', en: 'Misalignment' },
    recommendations: [
      { ko: '회전 2차 성분이 강합니다. 모터와 압축기(또는 팬) 사이 커플링과 축 정렬을 점검하세요.', en: 'The 2x running-speed component is strong. Check the coupling and the shaft alignment between the motor and the compressor (or fan).' },
      { ko: '설치 볼트와 받침대의 뒤틀림(소프트 풋)을 확인하세요.', en: 'Check the mounting bolts and the base for a soft foot.' },
    ],
  },
};

export interface ShaftAssessment {
  fault: ShaftFault | null;
  /** Velocity RMS of 1x, 2x, 3x, mm/s. */
  orderVelocity: number[];
  harmonics: number;
  halfOrders: number[];
  evidence: EvidenceItem[];
}

const G = 9.80665;
const FLOOR = { gapBins: 3, flankBins: 20 };
const fmt = (v: number) => v.toFixed(2);

export function assessShaft(a: VibrationAnalysis, speedHz: number): ShaftAssessment {
  const { power, binHz } = a.spectrum;
  const nyquist = (power.length - 1) * binHz;
  const velocityAt = (hz: number) => {
    if (hz >= Math.min(nyquist, 1000)) return 0;
    const half = Math.max(2, Math.ceil((0.01 * hz) / binHz));
    const c = Math.round(hz / binHz);
    let p = 0;
    for (let k = Math.max(1, c - half); k <= Math.min(power.length - 1, c + half); k += 1) p += power[k]!;
    return (Math.sqrt(p) * G * 1000) / (2 * Math.PI * hz);
  };
  const orderVelocity = [1, 2, 3].map((o) => velocityAt(o * speedHz));
  const [v1, v2] = orderVelocity as [number, number, number];
  const total = a.velocityRmsMmS;
  const map = new ProminenceMap(power, binHz, Math.min(nyquist - 25 * binHz, 11 * speedHz), FLOOR);
  const stands = (hz: number) => hz < map.maxHz && map.near(hz, Math.max(binHz, 0.01 * hz)).prominenceDb >= 8;
  let harmonics = 0;
  for (let h = 1; h <= 10; h += 1) if (stands(h * speedHz)) harmonics += 1;
  const halfOrders = [0.5, 1.5, 2.5, 3.5].filter((o) => stands(o * speedHz));
  const zoneAtLeastB = total >= ISO_10816_CLASS_I.ab;
  const zoneAtLeastC = total >= ISO_10816_CLASS_I.bc;
  let fault: ShaftFault | null = null;
  if (zoneAtLeastB && harmonics >= 5 && halfOrders.length >= 2) fault = 'looseness';
  else if (zoneAtLeastB && v2 >= 0.5 * v1 && v2 >= 0.5) fault = 'misalignment';
  else if (zoneAtLeastC && v1 * v1 >= 0.6 * total * total && v2 < 0.5 * v1) fault = 'unbalance';

  const share = (v: number) => Math.round((100 * v * v) / Math.max(total * total, 1e-12));
  const evidence: EvidenceItem[] = [
    {
      key: 'order_velocity',
      feature: null,
      frequencyHz: speedHz,
      order: 1,
      levelDb: null,
      value: Math.round(v1 * 100) / 100,
      unit: 'mm/s',
      supports: fault === 'unbalance' ? 'unbalance' : null,
      statement: {
        ko: `1x(${speedHz.toFixed(1)} Hz) 진동 속도 ${fmt(v1)} mm/s RMS: 전체 진동 에너지의 ${share(v1)}%.`,
        en: `1x (${speedHz.toFixed(1)} Hz) vibrates at ${fmt(v1)} mm/s RMS: ${share(v1)} % of the vibration energy.`,
      },
    },
    {
      key: 'order_velocity_2x',
      feature: null,
      frequencyHz: 2 * speedHz,
      order: 2,
      levelDb: null,
      value: Math.round(v2 * 100) / 100,
      unit: 'mm/s',
      supports: fault === 'misalignment' ? 'misalignment' : null,
      statement: {
        ko: `2x 진동 속도 ${fmt(v2)} mm/s RMS: 1x의 ${Math.round((100 * v2) / Math.max(v1, 1e-9))}%.`,
        en: `2x vibrates at ${fmt(v2)} mm/s RMS: ${Math.round((100 * v2) / Math.max(v1, 1e-9))} % of 1x.`,
      },
    },
    {
      key: 'shaft_harmonics',
      feature: null,
      frequencyHz: null,
      order: null,
      levelDb: null,
      value: harmonics,
      unit: null,
      supports: fault === 'looseness' ? 'looseness' : null,
      statement: {
        ko: `회전 고조파 ${harmonics}개(10개 중)와 반차수 ${halfOrders.length}개${halfOrders.length ? `(${halfOrders.map((o) => `${o}x`).join(', ')})` : ''}가 두드러집니다.`,
        en: `${harmonics} of the first 10 shaft orders and ${halfOrders.length} half order(s)${halfOrders.length ? ` (${halfOrders.map((o) => `${o}x`).join(', ')})` : ''} stand out.`,
      },
    },
  ];
  return { fault, orderVelocity, harmonics, halfOrders, evidence };
}

/** What a vibration recording's band can show, from its own sample rate. */
export function coverage(sampleRate: number): BandCoverage {
  const topHz = sampleRate / 2;
  const shows = ['unbalance', 'misalignment', 'looseness'];
  if (topHz >= 1000) shows.unshift('iso_zone');
  if (sampleRate >= 3000) shows.push('bearing_tones');
  if (topHz >= 5000) shows.push('bearing_resonance');
  const misses = ['bearing_tones', 'bearing_resonance', 'iso_zone'].filter((s) => !shows.includes(s));
  const k = (hz: number) => (hz / 1000).toFixed(1);
  const statement: Localized =
    misses.length === 0
      ? { ko: `${k(topHz)} kHz까지 측정되어 베어링 공진 대역까지 볼 수 있습니다.`, en: `Measured up to ${k(topHz)} kHz: bearing resonances are within the band.` }
      : misses.includes('bearing_tones')
        ? {
            ko: `${k(topHz)} kHz까지만 측정되어 불평형·축 정렬 불량·풀림과 진동 속도만 판단합니다. 베어링 결함은 이 대역으로 볼 수 없으니 마이크 소리 진단을 참고하세요.`,
            en: `Measured only up to ${k(topHz)} kHz: unbalance, misalignment, looseness and the vibration velocity are judged; bearing defects cannot be seen in this band, so rely on the microphone's diagnosis for them.`,
          }
        : {
            ko: `${k(topHz)} kHz까지 측정되어 불평형·축 정렬 불량·풀림, 진동 속도(ISO 10816), 두드러진 베어링 결함 주파수를 봅니다. 수 kHz의 베어링 공진은 이 대역 밖이라 마이크 소리 진단에 맡깁니다.`,
            en: `Measured up to ${k(topHz)} kHz: unbalance, misalignment, looseness, the vibration velocity (ISO 10816) and bearing defect tones that stand out are judged; bearing resonances of several kHz are outside this band and left to the microphone.`,
          };
  return { topHz, shows, misses, statement };
}
