import { z } from 'zod';
import { EntityId, method, Timestamp } from './define';
import { FileDownload } from './reports';
import { Refrigerant } from './refrigerants';

/**
 * The refrigeration side of a visit: gauge and thermometer readings of the cycle, the values
 * calculated from them with the refrigerant's saturation properties, the system diagnosis
 * (charge, restrictions, airflow, compressor valves), and the Korean refrigerant record
 * (냉매관리기록부: leak checks, charges, recoveries). A visit is a session.
 */

export { normaliseRefrigerant, REFRIGERANTS, Refrigerant } from './refrigerants';

export const PRESSURE_UNITS = ['kPa', 'MPa', 'bar', 'psi'] as const;
export const TEMPERATURE_UNITS = ['°C', '°F', 'K'] as const;
export const ReadingUnit = z.enum([...PRESSURE_UNITS, ...TEMPERATURE_UNITS, 'A', 'V']);
export type ReadingUnit = z.infer<typeof ReadingUnit>;

export const PRESSURE_QUANTITIES = ['suctionPressure', 'dischargePressure'] as const;
export const TEMPERATURE_QUANTITIES = [
  'suctionLineTemp',
  'liquidLineTemp',
  'dischargeLineTemp',
  'evaporatorAirTemp',
  'condenserAirTemp',
] as const;
export const CycleQuantity = z.enum([...PRESSURE_QUANTITIES, ...TEMPERATURE_QUANTITIES, 'compressorCurrent', 'compressorVoltage']);
export type CycleQuantity = z.infer<typeof CycleQuantity>;

/** Which units make sense for each quantity: anything else is a unit mismatch, refused at the field. */
export function unitsFor(quantity: CycleQuantity): readonly ReadingUnit[] {
  if ((PRESSURE_QUANTITIES as readonly string[]).includes(quantity)) return PRESSURE_UNITS;
  if ((TEMPERATURE_QUANTITIES as readonly string[]).includes(quantity)) return TEMPERATURE_UNITS;
  return quantity === 'compressorCurrent' ? ['A'] : ['V'];
}

export const ReadingSource = z.enum(['typed', 'sensor']);
export const PressureReference = z.enum(['gauge', 'absolute']);

export const CycleReadingInput = z
  .object({
    quantity: CycleQuantity,
    value: z.number().finite(),
    unit: ReadingUnit,
    /** Pressures only: a service gauge reads above the atmosphere; transducers may read absolute. */
    pressureReference: PressureReference.optional(),
    source: ReadingSource.default('typed'),
    /** The sensor it was taken from, when source is sensor. */
    deviceId: z.string().max(120).nullable().optional(),
    measuredAt: Timestamp.optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (!unitsFor(r.quantity).includes(r.unit)) {
      ctx.addIssue({ code: 'custom', path: ['unit'], message: `${r.unit} is not a unit of ${r.quantity}; use ${unitsFor(r.quantity).join(', ')}` });
    }
    if ((PRESSURE_QUANTITIES as readonly string[]).includes(r.quantity) && !r.pressureReference) {
      ctx.addIssue({ code: 'custom', path: ['pressureReference'], message: 'say whether the pressure is gauge or absolute' });
    }
  });
export type CycleReadingInput = z.input<typeof CycleReadingInput>;

export const CycleReading = z.object({
  quantity: CycleQuantity,
  value: z.number(),
  unit: ReadingUnit,
  pressureReference: PressureReference.nullable(),
  source: ReadingSource,
  deviceId: z.string().nullable(),
  measuredAt: Timestamp,
});
export type CycleReading = z.infer<typeof CycleReading>;

/** A reading that cannot be true (or cannot be used as typed); shown at its field, kept out of the diagnosis. */
export const ReadingIssue = z.object({
  quantity: CycleQuantity,
  code: z.enum([
    'suction_above_discharge',
    'below_saturation',
    'above_critical',
    'below_vacuum',
    'out_of_table',
    'no_refrigerant',
    'implausible',
  ]),
  /** Values for the catalogue's sentence (numbers already formatted with their units). */
  values: z.record(z.string(), z.string()),
});
export type ReadingIssue = z.infer<typeof ReadingIssue>;

/** A calculated value with its unit; null when the readings it needs are missing or refused. */
export const CalculatedValue = z.object({ value: z.number(), unit: z.enum(['°C', 'K', 'bar', '']) }).nullable();

export const CycleValues = z.object({
  /** Evaporating (dew) temperature at suction pressure. */
  evaporatingTemp: CalculatedValue,
  /** Condensing dew and bubble temperatures at discharge pressure (null above the critical point). */
  condensingDewTemp: CalculatedValue,
  condensingBubbleTemp: CalculatedValue,
  superheat: CalculatedValue,
  subcooling: CalculatedValue,
  compressionRatio: CalculatedValue,
  dischargeSuperheat: CalculatedValue,
  /** Evaporator air temperature minus evaporating temperature. */
  evaporatorSplit: CalculatedValue,
  /** Condensing temperature minus condenser air temperature (gas-cooler approach for R-744 above the critical point). */
  condenserSplit: CalculatedValue,
  suctionAbsolute: CalculatedValue,
  dischargeAbsolute: CalculatedValue,
  /** R-744 transcritical: the gas cooler's outlet temperature (the liquid-line reading) and the COP-optimal high-side pressure for it. */
  gasCoolerOutletTemp: CalculatedValue,
  optimumHighSide: CalculatedValue,
  /** R-744 with its high side above the critical pressure: no condensing, no subcooling. */
  transcritical: z.boolean(),
});
export type CycleValues = z.infer<typeof CycleValues>;

export const SystemFault = z.enum([
  'undercharge',
  'overcharge',
  'restriction',
  'non_condensables',
  'condenser_airflow',
  'evaporator_airflow',
  'inefficient_compressor',
  'gas_cooler_heat_rejection',
  'high_side_pressure_low',
  'high_side_pressure_high',
  'system_normal',
]);
export type SystemFault = z.infer<typeof SystemFault>;

export const FindingConfidence = z.enum(['low', 'medium', 'high']);

/** One measurement or calculated value that took part in a finding, and which way it pointed. */
export const SupportingMeasurement = z.object({
  key: z.string(),
  value: z.number(),
  unit: z.string(),
  /** How it compares with the usual range for this kind of system. */
  judged: z.enum(['low', 'normal', 'high']),
  /** True when it points towards the finding, false when it speaks against it. */
  supports: z.boolean(),
  usualRange: z.tuple([z.number(), z.number()]),
});
export type SupportingMeasurement = z.infer<typeof SupportingMeasurement>;

export const RefrigerantFinding = z.object({
  fault: SystemFault,
  /** 0..1: the weight of the rule's signs that are present over the weight of the signs that could be judged. */
  score: z.number().min(0).max(1),
  confidence: FindingConfidence,
  evidence: z.array(SupportingMeasurement),
  /** Plain sentences from the ko/en catalogues, ready to show. */
  sentence: z.object({ ko: z.string(), en: z.string() }),
  advice: z.object({ ko: z.string(), en: z.string() }),
});
export type RefrigerantFinding = z.infer<typeof RefrigerantFinding>;

export const SystemDiagnosis = z.object({
  sessionId: EntityId,
  refrigerant: Refrigerant.nullable(),
  state: z.enum(['no_readings', 'no_refrigerant', 'incomplete', 'refused', 'diagnosed']),
  readings: z.array(CycleReading),
  issues: z.array(ReadingIssue),
  values: CycleValues,
  /** Most likely first; empty when the readings do not allow a diagnosis. */
  findings: z.array(RefrigerantFinding),
  /** What is missing for a fuller diagnosis. */
  missing: z.array(CycleQuantity),
});
export type SystemDiagnosis = z.infer<typeof SystemDiagnosis>;

export const LeakCheckResult = z.enum(['no_leak', 'leak_found', 'leak_repaired', 'not_checked']);
export const LEAK_CHECK_POINTS = ['compressor', 'piping', 'expansion_valve', 'evaporator', 'condenser', 'service_valves', 'joints'] as const;
export const LeakCheckMethod = z.enum(['visual', 'electronic_detector', 'bubble_solution', 'pressure_test', 'uv_dye']);
export const CapacityUnit = z.enum(['RT', 'kW']);

const kg = z.number().finite().min(0, { message: 'cannot be negative' }).max(10000);
const cylinder = z.string().trim().max(60).transform((s) => (s === '' ? null : s)).nullable().optional();

export const RefrigerantRecordInput = z
  .object({
    sessionId: EntityId,
    leakCheckResult: LeakCheckResult,
    leakCheckPoints: z.array(z.enum(LEAK_CHECK_POINTS)).max(LEAK_CHECK_POINTS.length),
    leakCheckMethod: LeakCheckMethod.nullable(),
    leakLocation: z.string().trim().max(200).nullable().optional(),
    chargedKg: kg.nullable(),
    chargedCylinder: cylinder,
    recoveredKg: kg.nullable(),
    recoveredCylinder: cylinder,
    capacity: z.number().finite().positive({ message: 'must be above zero' }).max(100000).nullable(),
    capacityUnit: CapacityUnit,
    technician: z.string().trim().max(120).nullable().optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.leakCheckResult !== 'not_checked' && r.leakCheckPoints.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['leakCheckPoints'], message: 'tick the points that were checked' });
    }
    if (r.leakCheckResult !== 'not_checked' && !r.leakCheckMethod) {
      ctx.addIssue({ code: 'custom', path: ['leakCheckMethod'], message: 'say how the leak check was done' });
    }
  });
export type RefrigerantRecordInput = z.input<typeof RefrigerantRecordInput>;

export const RefrigerantRecord = z.object({
  sessionId: EntityId,
  leakCheckResult: LeakCheckResult,
  leakCheckPoints: z.array(z.enum(LEAK_CHECK_POINTS)),
  leakCheckMethod: LeakCheckMethod.nullable(),
  leakLocation: z.string().nullable(),
  chargedKg: z.number().nullable(),
  chargedCylinder: z.string().nullable(),
  recoveredKg: z.number().nullable(),
  recoveredCylinder: z.string().nullable(),
  capacity: z.number().nullable(),
  capacityUnit: CapacityUnit,
  /** Cooling capacity in Korean refrigeration tons (1 RT = 3 320 kcal/h = 3.861 kW). */
  capacityRt: z.number().nullable(),
  /** 20 RT or more: the owner must keep the 냉매관리기록부 and have leaks checked every year. */
  recordRequired: z.boolean().nullable(),
  technician: z.string().nullable(),
  updatedAt: Timestamp,
});
export type RefrigerantRecord = z.infer<typeof RefrigerantRecord>;

export const RefrigerationTrendPoint = z.object({
  sessionId: EntityId,
  startedAt: Timestamp,
  superheat: z.number().nullable(),
  subcooling: z.number().nullable(),
  compressionRatio: z.number().nullable(),
  /** The most likely system finding of that visit. */
  fault: SystemFault.nullable(),
});
export type RefrigerationTrendPoint = z.infer<typeof RefrigerationTrendPoint>;

/**
 * The latest temperature, current and transducer pressures each of the visit's sensors sent, to
 * fill a field with. Pressures are what a transducer measures: absolute kPa.
 */
export const SensorValue = z.object({
  /** Null for readings imported from a file. */
  deviceId: z.string().nullable(),
  /** The recording it was read from; null for a connected sensor's live reading, not recorded. */
  recordingId: EntityId.nullable(),
  kind: z.enum(['temperature', 'current', 'suctionPressure', 'dischargePressure']),
  value: z.number(),
  unit: z.enum(['°C', 'A', 'kPa']),
  /** Pressures only. */
  pressureReference: PressureReference.nullable(),
  measuredAt: Timestamp,
});
export type SensorValue = z.infer<typeof SensorValue>;

const BySession = z.object({ sessionId: EntityId }).strict();

export const refrigerationMethods = {
  /** The visit's cycle readings, calculated values, refused readings and system diagnosis. */
  'refrigeration.diagnosis': method(BySession, SystemDiagnosis),
  /** Replaces the visit's cycle readings (one value per quantity; quantities left out are cleared). */
  'refrigeration.saveReadings': method(z.object({ sessionId: EntityId, readings: z.array(CycleReadingInput).max(20) }).strict(), SystemDiagnosis),
  'refrigeration.sensorValues': method(BySession, z.array(SensorValue)),
  'refrigeration.record': method(BySession, RefrigerantRecord.nullable()),
  'refrigeration.saveRecord': method(RefrigerantRecordInput, RefrigerantRecord),
  'refrigeration.trend': method(z.object({ assetId: EntityId }).strict(), z.array(RefrigerationTrendPoint)),
  /** The site's 냉매관리기록부 for one calendar year, in Korean, as PDF or CSV (UTF-8 with BOM for Excel). */
  'refrigeration.exportYearlyRecord': method(
    z.object({ siteId: EntityId, year: z.number().int().min(2000).max(2100), format: z.enum(['pdf', 'csv']) }).strict(),
    FileDownload,
  ),
};

export const refrigerationEvents = {
  /** A visit's cycle readings or refrigerant record changed: refetch what shows them. */
  'refrigeration.changed': z.object({ sessionId: EntityId }),
};
