import type { Localized, Novelty, RunningSpeed, ToneFact, VibrationLevels } from '../../../../../shared/contract';
import type { ToneSurvey } from '../extraction/tones';
import { TRAINED_SPEEDS } from '../synth/sample';

/**
 * When the engine must not name a condition, and what it says instead. A classifier always picks
 * one of its classes, however unlike its training the input is: pure noise came out as "refrigerant
 * hiss" at 0.9, a 4-pole machine as a 2-pole one with loose parts. So a condition is named only
 * when a machine is in the signal, the model's out-of-distribution gate passes and the running
 * speed is one the model was trained on. Otherwise the result gives the measured facts in plain
 * words and offers to record this machine's healthy baseline, against which later recordings can
 * be compared whatever the model knows.
 */
const MARGIN_HZ = 1.5;

/** Whether a model was trained on machines running at this speed (with a small margin). */
export function speedKnown(modality: 'sound' | 'vibration', hz: number): boolean {
  return TRAINED_SPEEDS[modality].some(([lo, hi]) => hz >= lo - MARGIN_HZ && hz <= hi + MARGIN_HZ);
}

/** A nearby trained speed, to say what the model does know. */
export function nearestKnownSpeed(modality: 'sound' | 'vibration', hz: number): number {
  let best = TRAINED_SPEEDS[modality][0]![0];
  for (const [lo, hi] of TRAINED_SPEEDS[modality]) {
    const c = Math.min(hi, Math.max(lo, hz));
    if (Math.abs(c - hz) < Math.abs(best - hz)) best = c;
  }
  return best;
}

/**
 * A 4-pole machine's spectrum read as a 2-pole one's: its true 1x shows as "0.5x", far stronger
 * than the supposed 1x. Loose parts give half orders too, but weaker than the shaft's own 1x
 * (on held-out synthetic compressors 0.5x never exceeded 1x by 6 dB; on 4-pole machines it
 * always did, by 9-14 dB).
 */
export function halfSpeedLikely(survey: ToneSurvey, speedHz: number, lineHz: number): boolean {
  const halfDb = survey.orders(speedHz / 2, lineHz)[0]!.prominenceDb;
  const oneDb = survey.orders(speedHz, lineHz)[0]!.prominenceDb;
  return halfDb >= 15 && halfDb >= oneDb + 6;
}

const SERIES_WEIGHTS = [1, 1, 0.8, 0.6];

/** How clearly a shaft turning at `hz` shows in the averaged spectrum: its orders 1x-4x, its own 1x required. */
function seriesScore(survey: ToneSurvey, hz: number, lineHz: number): number {
  const orders = survey.orders(hz, lineHz);
  const total = orders.reduce((sum, o, i) => sum + SERIES_WEIGHTS[i]! * o.prominenceDb, 0);
  return orders[0]!.prominenceDb >= 8 ? total : 0.5 * total;
}

/** One speed a harmonic of the other: the estimate is refined to its peak, so 1.2 % is the wander of a running machine. */
const related = (a: number, b: number): boolean =>
  [1, 2, 3].some((k) => Math.abs(a - k * b) <= 0.012 * a || Math.abs(b - k * a) <= 0.012 * b);

/**
 * The speed estimator looks for the shaft only where the model's compressors turn (40-62 Hz), so
 * it always finds something there: a pump's shaft, a 4-pole compressor's 2x, an inverter
 * compressor's sideband. Searched from 20 to 130 Hz, the machine that dominates the recording may
 * turn elsewhere: when a series of orders unrelated to the estimate stands clearly stronger, at a
 * speed the model never heard, that speed is returned and the model is not asked.
 */
export function strongerSpeedElsewhere(survey: ToneSurvey, speedHz: number, lineHz: number, modality: 'sound' | 'vibration'): number | null {
  const here = seriesScore(survey, speedHz, lineHz);
  const hereLoudest = Math.max(...survey.orders(speedHz, lineHz).map((o) => o.prominenceDb));
  let best = { hz: 0, score: 0 };
  for (let hz = 20; hz <= 130; hz += survey.binHz / 2) {
    if (nearLine(hz, lineHz) || speedKnown(modality, hz) || related(hz, speedHz)) continue;
    const score = seriesScore(survey, hz, lineHz);
    if (score > best.score) best = { hz, score };
  }
  if (best.score < 30 || best.score < 1.3 * here) return null;
  // A fan or a pump beside the compressor also leaves a series: the compressor is taken as the
  // machine recorded while one of its orders is at least as loud as that series' own shaft tone.
  const first = survey.orders(best.hz, lineHz)[0]!;
  return first.prominenceDb >= hereLoudest + 3 ? first.hz : null;
}

/** Hum: a multiple of the line frequency. */
const nearLine = (hz: number, lineHz: number): boolean => {
  const k = Math.round(hz / lineHz);
  return k >= 1 && Math.abs(hz - k * lineHz) < 1.5;
};

/** The estimate caught half the speed: its even orders (the true orders) stand over its odd ones (the half orders). */
export function evenOrdersDominate(survey: ToneSurvey, speedHz: number, lineHz: number): boolean {
  const [o1, o2, o3, o4] = survey.orders(speedHz, lineHz).map((o) => o.prominenceDb) as [number, number, number, number];
  return o1 >= 6 && o2 >= o1 + 3 && o4 >= o3;
}

export function toneFacts(survey: ToneSurvey, speedHz: number | null): ToneFact[] {
  return survey.tones.map((t) => {
    let order: number | null = null;
    if (speedHz) {
      const o = Math.round((2 * t.hz) / speedHz) / 2;
      if (o > 0 && Math.abs(t.hz - o * speedHz) <= Math.max(survey.binHz, 0.015 * t.hz)) order = o;
    }
    return { hz: t.hz, prominenceDb: t.prominenceDb, order };
  });
}

const hz1 = (v: number) => v.toFixed(1);

export interface NoveltyInput {
  kind: Novelty['kind'];
  modality: 'sound' | 'vibration';
  running: RunningSpeed | null;
  tones: ToneFact[];
  rmsDbfs: number | null;
  vibration: VibrationLevels | null;
}

export function novelty(input: NoveltyInput): Novelty {
  const sound = input.modality === 'sound';
  const message: Localized =
    input.kind === 'no_machine'
      ? sound
        ? { ko: '이 녹음에서는 돌아가는 기계 소리를 찾지 못했습니다(잡음만 들립니다). 고장을 판정하지 않았습니다.', en: 'No running machine can be heard in this recording, only noise. No fault is named.' }
        : { ko: '이 진동에서는 돌아가는 기계의 일정한 성분을 찾지 못했습니다(잡음만 있습니다). 고장을 판정하지 않았습니다.', en: 'No steady vibration of a running machine is in this recording, only noise. No fault is named.' }
      : sound
        ? { ko: '이 소리는 모델이 아는 압축기 소리와 다릅니다. 고장을 판정하지 않았고, 측정된 사실만 보여 드립니다.', en: 'This sound is unlike the compressors the model knows, so no fault is named. Here is what was measured.' }
        : { ko: '이 진동은 모델이 아는 기계의 진동과 다릅니다. 고장을 판정하지 않았고, 측정된 사실만 보여 드립니다.', en: 'This vibration is unlike the machines the model knows, so no fault is named. Here is what was measured.' };
  const facts: Localized[] = [];
  const r = input.running;
  if (r) {
    const how = r.source === 'given' ? { ko: '입력된 값', en: 'as given' } : { ko: '회전 성분에서 측정', en: 'measured from the shaft orders' };
    facts.push({ ko: `회전 속도 ${hz1(r.hz)} Hz (${r.rpm} rpm), ${how.ko}.`, en: `Running speed ${hz1(r.hz)} Hz (${r.rpm} rpm), ${how.en}.` });
  } else {
    facts.push({ ko: '일정한 회전 속도를 찾지 못했습니다.', en: 'No steady running speed was found.' });
  }
  const top = input.tones.slice(0, 3);
  if (top.length > 0) {
    const list = (lang: 'ko' | 'en') =>
      top.map((t) => `${hz1(t.hz)} Hz${t.order !== null ? ` (${t.order}x)` : ''} +${t.prominenceDb.toFixed(0)} dB`).join(lang === 'ko' ? ', ' : ', ');
    facts.push({ ko: `가장 두드러진 일정한 성분: ${list('ko')}(주변 잡음 대비).`, en: `Strongest steady tones: ${list('en')} (over the nearby noise).` });
  } else {
    facts.push({ ko: '잡음 위로 두드러지는 일정한 성분이 없습니다.', en: 'No steady tone stands out from the noise.' });
  }
  if (input.rmsDbfs !== null) {
    facts.push({ ko: `녹음 레벨 ${input.rmsDbfs.toFixed(1)} dBFS RMS(마이크 거리와 감도에 따라 달라짐).`, en: `Recording level ${input.rmsDbfs.toFixed(1)} dBFS RMS (depends on microphone distance and gain).` });
  }
  const v = input.vibration;
  if (v) {
    facts.push({
      ko: `진동 속도 ${v.velocityRmsMmS.toFixed(2)} mm/s RMS(10-1000 Hz): ISO 10816 1종 기계 ${v.isoZone}영역, 가속도 ${v.accelerationRmsG.toFixed(3)} g RMS.`,
      en: `Vibration velocity ${v.velocityRmsMmS.toFixed(2)} mm/s RMS (10-1000 Hz): ISO 10816 class I zone ${v.isoZone}; acceleration ${v.accelerationRmsG.toFixed(3)} g RMS.`,
    });
  }
  return { kind: input.kind, message, facts, suggestBaseline: input.kind === 'unknown_machine' };
}

export function noveltyRecommendations(kind: Novelty['kind']): Localized[] {
  if (kind === 'no_machine') {
    return [
      { ko: '기계가 돌고 있는지 확인하고, 센서를 기계 몸체에 가까이 두고 10초 이상 다시 측정하세요.', en: 'Check that the machine is running, put the sensor close to its body and measure again for 10 s or more.' },
    ];
  }
  return [
    {
      ko: '이 기계가 정상이라면 이 녹음을 설비의 정상 기준(베이스라인)으로 표시하세요. 다음 측정부터는 이 기준과 비교해 변화를 알려 드립니다.',
      en: 'If this machine is healthy, mark this recording as its baseline: from then on, later recordings are compared with it and changes are shown.',
    },
    { ko: '이 결과만으로 부품을 교체하지 마세요.', en: 'Do not replace parts on this result alone.' },
  ];
}
