import { prevPow2 } from '../dsp/fft';
import { longSpectrum, ProminenceMap } from '../dsp/spectrum';
import { nearLineHarmonic } from './speed';

/**
 * Is there a machine in the signal at all? A running machine leaves steady tones (shaft orders,
 * hum, blade pass); noise of any colour does not. The model's own spectrum uses 4 s windows, of
 * which a 10 s clip has only a few, so a noise bin there often stands 8-10 dB over its neighbours
 * by chance and the speed estimator can "find" a shaft in pure noise. Here the spectrum is
 * averaged over many 1 s windows (about 19 in 10 s): a noise bin then rarely strays 3 dB from the
 * floor, while a machine's tone still stands 10-30 dB out. Not a model input: the schema is
 * unchanged, this only decides what the result may claim.
 */
export interface Tone {
  hz: number;
  prominenceDb: number;
}

export interface OrderCheck {
  order: number;
  hz: number;
  prominenceDb: number;
}

export interface ToneSurvey {
  binHz: number;
  windows: number;
  /** The strongest steady tones between `loHz` and `hiHz`, strongest first (at most 6). */
  tones: Tone[];
  /** Whether any tone stands out: something is running. */
  machinePresent: boolean;
  /** Shaft orders 1x-4x at a speed, in this averaged spectrum. */
  orders(speedHz: number, lineHz: number): OrderCheck[];
  /** Whether the orders of this speed stand out: the speed is really in the signal. */
  speedConfirmed(speedHz: number, lineHz: number): boolean;
}

/** A tone must stand this far over its neighbours: far beyond what averaged noise does by chance. */
export const TONE_DB = 8;
/** Two orders this far out, or one this strong, confirm a running speed. */
const ORDER_DB = 6;
const SINGLE_ORDER_DB = 12;
const FLOOR = { gapBins: 3, flankBins: 20 };

export function surveyTones(samples: Float32Array, sampleRate: number, range: { loHz: number; hiHz: number }): ToneSurvey {
  // About one second per window; shorter recordings still get several windows.
  const seconds = samples.length / sampleRate;
  const size = Math.max(256, prevPow2(Math.min(1.5 * sampleRate, (samples.length / 4) | 0)));
  const spectrum = longSpectrum(samples, { size, sampleRate, envelopeBands: [], envelopeMaxHz: 0 });
  const hiHz = Math.min(range.hiHz, sampleRate / 2 - 25 * spectrum.binHz);
  const map = new ProminenceMap(spectrum.power, spectrum.binHz, hiHz + 25 * spectrum.binHz, FLOOR);
  const tones: Tone[] = [];
  const lo = Math.max(2, Math.ceil(range.loHz / spectrum.binHz));
  const hi = Math.floor(hiHz / spectrum.binHz);
  // A short recording has fewer windows: its noise strays further, so a tone must stand out more.
  const extra = seconds >= 2 ? 0 : 4;
  for (let k = lo; k <= hi; k += 1) {
    const p = spectrum.power;
    if (p[k]! < p[k - 1]! || p[k]! < p[k + 1]!) continue;
    const db = map.dbAtBin(k);
    if (db >= TONE_DB + extra) tones.push({ hz: Math.round(map.near(k * spectrum.binHz, 0).hz * 100) / 100, prominenceDb: Math.round(db * 10) / 10 });
  }
  tones.sort((a, b) => b.prominenceDb - a.prominenceDb);
  const orders = (speedHz: number, lineHz: number): OrderCheck[] =>
    [1, 2, 3, 4].map((order) => {
      const hz = order * speedHz;
      if (hz > hi * spectrum.binHz || nearLineHarmonic(hz, lineHz, 0.5 * spectrum.binHz)) return { order, hz, prominenceDb: 0 };
      const peak = map.near(hz, Math.max(spectrum.binHz, 0.01 * hz));
      return { order, hz: peak.hz, prominenceDb: Math.round(peak.prominenceDb * 10) / 10 };
    });
  return {
    binHz: spectrum.binHz,
    windows: spectrum.windows,
    tones: tones.slice(0, 6),
    machinePresent: tones.length > 0,
    orders,
    speedConfirmed: (speedHz, lineHz) => {
      const o = orders(speedHz, lineHz);
      return o.filter((x) => x.prominenceDb >= ORDER_DB + extra).length >= 2 || o.some((x) => x.prominenceDb >= SINGLE_ORDER_DB + extra);
    },
  };
}
