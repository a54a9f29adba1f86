import { type EquipmentFacts, type EquipmentFactsInput, equipmentFacts, type MachineFacts } from '../../../../shared/contract';
import type { Db } from '../../platform/storage/database';

/**
 * An asset's machine facts (drive, poles, mains, nameplate speed, bearings), kept in their own
 * table beside the asset so equipment recorded before they existed simply has none.
 */

/** The columns SELECT_ASSET adds, read from `asset_facts f`. */
export const FACT_COLUMNS = `f.drive AS f_drive, f.poles AS f_poles, f.mains_hz AS f_mains_hz, f.nominal_rpm AS f_nominal_rpm,
    f.motor_bearing AS f_motor_bearing, f.driven_bearing AS f_driven_bearing`;

export interface FactRow {
  f_drive: 'fixed' | 'inverter' | null;
  f_poles: number | null;
  f_mains_hz: 50 | 60 | null;
  f_nominal_rpm: number | null;
  f_motor_bearing: string | null;
  f_driven_bearing: string | null;
}

export function factsFromRow(row: FactRow): EquipmentFacts {
  return equipmentFacts({
    drive: row.f_drive,
    poles: row.f_poles,
    mainsHz: row.f_mains_hz,
    nominalRpm: row.f_nominal_rpm,
    motorBearing: row.f_motor_bearing,
    drivenBearing: row.f_driven_bearing,
  });
}

/** Replaces the asset's facts (a fact left out is cleared); all empty removes the row. */
export function writeFacts(db: Db, assetId: string, facts: EquipmentFactsInput, at: string): void {
  const values = {
    drive: facts.drive ?? null,
    poles: facts.poles ?? null,
    mainsHz: facts.mainsHz ?? null,
    nominalRpm: facts.nominalRpm ?? null,
    motorBearing: facts.motorBearing ?? null,
    drivenBearing: facts.drivenBearing ?? null,
  };
  if (Object.values(values).every((v) => v === null)) {
    db.prepare('DELETE FROM asset_facts WHERE asset_id = ?').run(assetId);
    return;
  }
  db.prepare(
    `INSERT INTO asset_facts (asset_id, drive, poles, mains_hz, nominal_rpm, motor_bearing, driven_bearing, updated_at)
     VALUES (@assetId, @drive, @poles, @mainsHz, @nominalRpm, @motorBearing, @drivenBearing, @at)
     ON CONFLICT (asset_id) DO UPDATE SET drive = excluded.drive, poles = excluded.poles, mains_hz = excluded.mains_hz,
       nominal_rpm = excluded.nominal_rpm, motor_bearing = excluded.motor_bearing, driven_bearing = excluded.driven_bearing,
       updated_at = excluded.updated_at`,
  ).run({ assetId, at, ...values });
}

/**
 * What the diagnosis of one recording gets from its equipment's facts: the speed (nameplate or
 * estimated; none for an inverter drive, whose speed is measured), and for vibration the bearing
 * at the point measured. A recording that does not say where it was made gets a bearing only
 * when both ends carry the same one: guessing the wrong end would be worse than saying it was assumed.
 */
export function machineFactsFor(facts: EquipmentFacts, recording: { modality: 'sound' | 'vibration'; placement: 'motor' | 'driven' | null }): MachineFacts | undefined {
  const machine: MachineFacts = {};
  if (facts.speed) machine.rpm = facts.speed.rpm;
  if (recording.modality === 'vibration') {
    const bearing =
      recording.placement === 'motor' ? facts.motorBearing : recording.placement === 'driven' ? facts.drivenBearing : facts.motorBearing === facts.drivenBearing ? facts.motorBearing : null;
    if (bearing) machine.bearing = { designation: bearing };
  }
  return Object.keys(machine).length > 0 ? machine : undefined;
}
