import { type Refrigerant, REFRIGERANTS } from '../../../../../shared/contract/refrigerants';
import { Rng } from '../../diagnosis';
import { bubblePressurePa, dewPressurePa } from '../../refrigeration';

/**
 * Pressure transducers on a simulated sensor's service ports, reading the refrigerant state the
 * simulated unit runs at. The pressures come from the same CoolProp tables the app diagnoses with,
 * so a test can say what superheat a technician would find, and the app must find it.
 */
export interface RefrigerantState {
  refrigerant: Refrigerant;
  /** Evaporating temperature (dew point at suction pressure), °C. */
  evaporatingC: number;
  /** Condensing temperature (bubble point at discharge pressure: the liquid line's saturation), °C. */
  condensingC: number;
  /** Suction-line temperature above evaporating: the sensor's temperature probe sits on the suction line. */
  superheatK: number;
  /** Peak-to-peak noise of each transducer, kPa (a 0.5 %-of-span ratiometric transducer reads to a few kPa). */
  noiseKpa?: number;
  /** Seed of the noise, so a failing run can be repeated. */
  seed?: number;
}

export interface TransducerReading {
  suctionKpa: number | null;
  dischargeKpa: number | null;
  /** What the suction-line probe reads, °C. */
  suctionLineC: number;
}

export class SimulatedTransducers {
  readonly suctionKpa: number;
  /** Null above the critical point (R-744 transcritical): no bubble point, so no condensing to derive it from. */
  readonly dischargeKpa: number | null;
  private readonly random: () => number;

  constructor(readonly state: RefrigerantState) {
    if (!REFRIGERANTS.includes(state.refrigerant)) throw new Error(`${String(state.refrigerant)} is not a refrigerant the app knows; use one of ${REFRIGERANTS.join(', ')}.`);
    const suctionPa = dewPressurePa(state.refrigerant, state.evaporatingC + 273.15);
    if (suctionPa === null) throw new Error(`${state.refrigerant} does not evaporate at ${state.evaporatingC} °C within its property table; choose an evaporating temperature inside it.`);
    if (state.condensingC <= state.evaporatingC) throw new Error('The condensing temperature must be above the evaporating temperature.');
    this.suctionKpa = suctionPa / 1000;
    const dischargePa = bubblePressurePa(state.refrigerant, state.condensingC + 273.15);
    this.dischargeKpa = dischargePa === null ? null : dischargePa / 1000;
    const rng = new Rng(state.seed ?? 1);
    this.random = () => rng.next();
  }

  read(): TransducerReading {
    const noise = this.state.noiseKpa ?? 0;
    const jitter = () => (this.random() - 0.5) * noise;
    return {
      suctionKpa: this.suctionKpa + jitter(),
      dischargeKpa: this.dischargeKpa === null ? null : this.dischargeKpa + jitter(),
      suctionLineC: this.state.evaporatingC + this.state.superheatK,
    };
  }
}
