import { type CycleQuantity, PRESSURE_QUANTITIES, type ReadingUnit, type SensorValue, TEMPERATURE_QUANTITIES } from '../../../shared/contract';

/** What "take from sensor" puts in a field: the sensor's value in the unit the field already shows. */
export interface SensorFill {
  value: number;
  unit: ReadingUnit;
  /** Pressures only: a transducer reads absolute, and the field says so rather than guess the day's atmosphere. */
  reference: 'gauge' | 'absolute' | null;
  deviceId: string | null;
  measuredAt: string;
}

const PA_PER: Partial<Record<ReadingUnit, number>> = { kPa: 1e3, MPa: 1e6, bar: 1e5, psi: 6_894.757 };

/** Which of a visit's sensor values a field can take: suction pressure from the suction transducer, any temperature for a temperature field. */
export function sensorValuesFor(quantity: CycleQuantity, values: readonly SensorValue[]): SensorValue[] {
  if (quantity === 'suctionPressure' || quantity === 'dischargePressure') return values.filter((v) => v.kind === quantity);
  if ((TEMPERATURE_QUANTITIES as readonly string[]).includes(quantity)) return values.filter((v) => v.kind === 'temperature');
  if (quantity === 'compressorCurrent') return values.filter((v) => v.kind === 'current');
  return [];
}

/** Converts a sensor value into the field's unit; the unit stays the technician's choice. */
export function fillFromSensor(quantity: CycleQuantity, fieldUnit: ReadingUnit, v: SensorValue): SensorFill {
  const from = { deviceId: v.deviceId, measuredAt: v.measuredAt };
  if ((PRESSURE_QUANTITIES as readonly string[]).includes(quantity)) {
    const pa = v.value * PA_PER[v.unit as ReadingUnit]!;
    const unit = PA_PER[fieldUnit] ? fieldUnit : 'kPa';
    return { ...from, value: round(pa / PA_PER[unit]!, unit === 'MPa' ? 3 : unit === 'kPa' ? 0 : 2), unit, reference: v.pressureReference ?? 'absolute' };
  }
  if (v.unit === '°C' && (fieldUnit === '°F' || fieldUnit === 'K' || fieldUnit === '°C')) {
    const value = fieldUnit === '°F' ? (v.value * 9) / 5 + 32 : fieldUnit === 'K' ? v.value + 273.15 : v.value;
    return { ...from, value: round(value, 1), unit: fieldUnit, reference: null };
  }
  return { ...from, value: round(v.value, 1), unit: v.unit as ReadingUnit, reference: null };
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
