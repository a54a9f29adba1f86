import type { Diagnosis, EvidenceItem } from '../../../../shared/contract';
import { uncertain } from './engine/reasons';
import type { Machine } from './engine/protocol';
import { type Extracted, extractFeatures, type MonoSignal } from './extraction/extract';
import { SPEED_FOUND_SCORE } from './extraction/speed';

/**
 * What the technician told about the machine, checked against the signal. A given speed is
 * trusted when its orders show in the recording; when they do not, and the speed measured from
 * the signal is clear and far from it, the measured one is used and the result says so with both
 * numbers (a wrong nameplate, a 4-pole motor entered as 2-pole, an inverter not at full speed).
 * The given speed is never silently kept against the signal, nor silently dropped.
 */

/** Farther than this from the given speed is a mismatch: slip (2-6 %) and speed wander stay inside it. */
export const SPEED_MISMATCH_FRACTION = 0.1;

/** How clearly the measured speed's orders must stand out to overrule a given speed (4x what finds one). */
export const MISMATCH_SCORE = 4 * SPEED_FOUND_SCORE;

export interface SpeedMismatch {
  givenHz: number;
  measuredHz: number;
}

const lineOf = (e: Extracted) => (e.modality === 'sound' ? e.analysis.lineHz : 60);

/**
 * The measured speed is a harmonic of the given one (2x, 3x): the estimator may have taken an
 * order of the given speed for the fundamental (its search range is a 2-pole compressor's, a
 * 4-pole fan turns below it), so the given speed stands. The other way round (the signal turns at
 * half the given speed, a 4-pole motor entered as 2-pole) is a real mismatch.
 */
function harmonicOfGiven(givenHz: number, measuredHz: number): boolean {
  const ratio = measuredHz / givenHz;
  const k = Math.round(ratio);
  return k >= 2 && Math.abs(ratio - k) / k <= SPEED_MISMATCH_FRACTION;
}

/**
 * The measured speed must explain the signal twice as well as the given one. Vibration scores a
 * given speed's orders as it scores an estimate; sound does not score a given speed, so there the
 * two are compared by their orders' prominence in the averaged tone survey.
 */
function explainsBetter(first: Extracted, measured: Extracted, givenHz: number): boolean {
  if (first.modality === 'vibration') return measured.analysis.speed.score >= 2 * first.analysis.speed.score;
  const line = lineOf(measured);
  const sum = (hz: number) => measured.tones.orders(hz, line).reduce((total, o) => total + Math.max(0, o.prominenceDb), 0);
  return sum(measured.analysis.speed.hz) >= 2 * sum(givenHz);
}

/** Features from the given speed, unless the signal clearly shows another: then from the measured one. */
export async function extractWithFacts(signal: MonoSignal, machine: Machine, onProgress: (fraction: number) => void): Promise<{ extracted: Extracted; mismatch: SpeedMismatch | null }> {
  const bearing = machine.bearing ? { bearing: machine.bearing } : {};
  const first = await extractFeatures(signal, { ...bearing, ...(machine.speedHz ? { speedHz: machine.speedHz } : {}), onProgress });
  const givenHz = machine.speedHz;
  if (!givenHz) return { extracted: first, mismatch: null };
  // Measured as if it had not been given. Not skipped when the given speed's orders show: a 4-pole
  // motor entered as 2-pole has its 2x where the given 1x is, and CWRU's spectra are rich enough
  // to "confirm" a speed 18 % off by chance. This costs a second feature extraction.
  const measured = await extractFeatures(signal, { ...bearing, onProgress });
  const speed = measured.analysis.speed;
  // Overruling the technician takes more than finding a speed: on the CWRU recordings a found
  // speed scored 42-44 where no shaft was there (the 28-mil ball faults) and 69-130 where one was.
  const clear = speed.score >= MISMATCH_SCORE && measured.tones.speedConfirmed(speed.hz, lineOf(measured));
  const far = Math.abs(speed.hz - givenHz) / givenHz > SPEED_MISMATCH_FRACTION;
  if (!clear || !far || harmonicOfGiven(givenHz, speed.hz) || !explainsBetter(first, measured, givenHz)) return { extracted: first, mismatch: null };
  return { extracted: measured, mismatch: { givenHz, measuredHz: speed.hz } };
}

const BEARING_FAULTS = new Set(['inner_race', 'outer_race', 'ball', 'bearing_wear']);
const rpm = (hz: number) => Math.round(hz * 60);

/**
 * Adds to a result what the facts changed: the speed mismatch (reason and evidence with both
 * speeds; the result is no longer called sure, since one of the two is wrong) and an approximate
 * bearing geometry (a reason; a bearing fault named on it is not called sure).
 */
export function withFactsChecked(d: Omit<Diagnosis, 'timings' | 'id' | 'createdAt' | 'source' | 'modality'>, mismatch: SpeedMismatch | null, approximateBearing: boolean) {
  if (d.status === 'unavailable') return d;
  let out = d;
  if (mismatch) {
    const given = rpm(mismatch.givenHz);
    const measured = rpm(mismatch.measuredHz);
    const item: EvidenceItem = {
      key: 'speed_given',
      feature: null,
      frequencyHz: Math.round(mismatch.givenHz * 100) / 100,
      // The speed entered as a multiple of the one measured: plain-diagnosis re-says both from it.
      order: Math.round((mismatch.givenHz / mismatch.measuredHz) * 10_000) / 10_000,
      levelDb: null,
      value: given,
      unit: 'rpm',
      supports: null,
      statement: {
        ko: `입력한 회전 속도 ${given} rpm과 신호에서 측정한 ${measured} rpm이 ${Math.round((Math.abs(measured - given) / given) * 100)}% 다릅니다. 측정한 속도로 진단했습니다.`,
        en: `The speed entered, ${given} rpm, is ${Math.round((Math.abs(measured - given) / given) * 100)} % from the ${measured} rpm measured in the signal; the measured speed was used.`,
      },
    };
    out = {
      ...out,
      status: 'uncertain',
      uncertainReasons: [...out.uncertainReasons, uncertain('speed_mismatch', Math.round(mismatch.measuredHz * 10) / 10, Math.round(mismatch.givenHz * 10) / 10)],
      evidence: [item, ...out.evidence],
    };
  }
  if (approximateBearing) {
    const bearingFault = out.condition !== null && BEARING_FAULTS.has(out.condition.key);
    out = {
      ...out,
      status: bearingFault ? 'uncertain' : out.status,
      uncertainReasons: [...out.uncertainReasons, uncertain('bearing_approximate')],
    };
  }
  return out;
}
