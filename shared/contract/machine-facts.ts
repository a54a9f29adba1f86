import { z } from 'zod';
import { canonicalDesignation, suggestBearings } from '../bearings/catalogue';

/**
 * Facts about a machine a technician can give: how it is driven, its speed, and its bearings.
 * The diagnosis uses them (defect frequencies, running speed); the equipment record keeps them.
 */

/**
 * A bearing by catalogue designation, as printed on it (6205-2RS1/C3 is the 6205). Parsed to the
 * catalogue's designation; one the catalogue does not have is refused with the nearest ones.
 */
export const BearingDesignation = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .transform((value, ctx) => {
    const designation = canonicalDesignation(value);
    if (designation) return designation;
    const nearest = suggestBearings(value);
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not in the bearing catalogue${nearest.length > 0 ? ` (nearest: ${nearest.join(', ')})` : ''}; check the designation on the bearing, or give its geometry instead`,
      params: { reason: 'unknown_bearing', nearest },
      input: value,
    });
    return z.NEVER;
  });

export const DriveKind = z.enum(['fixed', 'inverter']);
export type DriveKind = z.infer<typeof DriveKind>;

export const MainsHz = z.union([z.literal(50), z.literal(60)]);

/** Where on the machine a bearing sits: the motor end, or the driven (compressor, fan) end. */
export const MeasurementPoint = z.enum(['motor', 'driven']);
export type MeasurementPoint = z.infer<typeof MeasurementPoint>;

const poles = z
  .number()
  .int()
  .min(2)
  .max(24)
  .refine((n) => n % 2 === 0, { message: 'must be an even number (2, 4, 6 ...)' });

/** What the equipment form sends: every fact optional, null to clear it. */
export const EquipmentFactsInput = z
  .object({
    drive: DriveKind.nullable().optional(),
    poles: poles.nullable().optional(),
    mainsHz: MainsHz.nullable().optional(),
    /** Nameplate speed, rpm. */
    nominalRpm: z.number().min(60).max(30_000).nullable().optional(),
    motorBearing: BearingDesignation.nullable().optional(),
    drivenBearing: BearingDesignation.nullable().optional(),
  })
  .strict();
export type EquipmentFactsInput = z.input<typeof EquipmentFactsInput>;

export const EquipmentFacts = z.object({
  drive: DriveKind.nullable(),
  poles: z.number().int().nullable(),
  mainsHz: MainsHz.nullable(),
  nominalRpm: z.number().nullable(),
  motorBearing: z.string().nullable(),
  drivenBearing: z.string().nullable(),
  /**
   * The speed the diagnosis may start from: the nameplate's, or estimated from poles and mains
   * (synchronous speed less typical slip), or null (an inverter drive's speed is measured).
   */
  speed: z.object({ rpm: z.number().positive(), source: z.enum(['nameplate', 'estimated']) }).nullable(),
});
export type EquipmentFacts = z.infer<typeof EquipmentFacts>;

/** Typical full-load slip of small induction motors (2-pole compressors run at 2850-2950 rpm on 50 Hz). */
export const TYPICAL_SLIP = 0.03;

/** Synchronous speed less typical slip, rpm: the estimate shown when no nameplate speed is given. */
export function estimatedRpm(poleCount: number, mainsHz: 50 | 60): number {
  return Math.round(((120 * mainsHz) / poleCount) * (1 - TYPICAL_SLIP));
}

export function equipmentFacts(stored: Omit<EquipmentFacts, 'speed'>): EquipmentFacts {
  if (stored.drive === 'inverter') return { ...stored, speed: null };
  if (stored.nominalRpm) return { ...stored, speed: { rpm: stored.nominalRpm, source: 'nameplate' } };
  if (stored.poles && stored.mainsHz) return { ...stored, speed: { rpm: estimatedRpm(stored.poles, stored.mainsHz), source: 'estimated' } };
  return { ...stored, speed: null };
}

export const NO_FACTS: EquipmentFacts = equipmentFacts({ drive: null, poles: null, mainsHz: null, nominalRpm: null, motorBearing: null, drivenBearing: null });
