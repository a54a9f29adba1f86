import {
  AppError,
  type AssetKind,
  type CycleQuantity,
  type CycleReading,
  type RefrigerantRecord,
  type RefrigerantRecordInput,
  type RefrigerantRecord as RecordShape,
} from '../../../../shared/contract';
import type { Db } from '../../platform/storage/database';

/** SQLite rows of the refrigeration feature (tables of migration 7) and the visit facts it needs. */

interface ReadingRow {
  quantity: string;
  value: number;
  unit: string;
  pressure_reference: string | null;
  source: string;
  device_id: string | null;
  measured_at: string;
}

interface RecordRow {
  session_id: string;
  leak_check_result: string;
  leak_check_points: string;
  leak_check_method: string | null;
  leak_location: string | null;
  charged_kg: number | null;
  charged_cylinder: string | null;
  recovered_kg: number | null;
  recovered_cylinder: string | null;
  capacity: number | null;
  capacity_unit: string;
  technician: string | null;
  updated_at: string;
}

export interface VisitFacts {
  sessionId: string;
  assetId: string;
  assetName: string;
  assetKind: AssetKind;
  refrigerant: string | null;
  siteId: string;
  startedAt: string;
  technician: string | null;
}

/** 1 Korean refrigeration ton (한국냉동톤) = 3 320 kcal/h = 3.861 kW; the legal 20 RT threshold is in these. */
export const KW_PER_RT = 3.861;
export const RECORD_THRESHOLD_RT = 20;

export function capacityInRt(capacity: number | null, unit: string): number | null {
  if (capacity === null) return null;
  return unit === 'kW' ? Math.round((capacity / KW_PER_RT) * 100) / 100 : capacity;
}

const toReading = (r: ReadingRow): CycleReading => ({
  quantity: r.quantity as CycleQuantity,
  value: r.value,
  unit: r.unit as CycleReading['unit'],
  pressureReference: r.pressure_reference as CycleReading['pressureReference'],
  source: r.source as CycleReading['source'],
  deviceId: r.device_id,
  measuredAt: r.measured_at,
});

export function toRecord(r: RecordRow): RecordShape {
  const rt = capacityInRt(r.capacity, r.capacity_unit);
  return {
    sessionId: r.session_id,
    leakCheckResult: r.leak_check_result as RecordShape['leakCheckResult'],
    leakCheckPoints: JSON.parse(r.leak_check_points) as RecordShape['leakCheckPoints'],
    leakCheckMethod: r.leak_check_method as RecordShape['leakCheckMethod'],
    leakLocation: r.leak_location,
    chargedKg: r.charged_kg,
    chargedCylinder: r.charged_cylinder,
    recoveredKg: r.recovered_kg,
    recoveredCylinder: r.recovered_cylinder,
    capacity: r.capacity,
    capacityUnit: r.capacity_unit as RecordShape['capacityUnit'],
    capacityRt: rt,
    recordRequired: rt === null ? null : rt >= RECORD_THRESHOLD_RT,
    technician: r.technician,
    updatedAt: r.updated_at,
  };
}

export class RefrigerationRepository {
  constructor(private readonly db: Db) {}

  visit(sessionId: string): VisitFacts {
    const row = this.db
      .prepare(
        `SELECT v.visit_id AS sessionId, p.asset_id AS assetId, p.asset_name AS assetName, p.asset_kind AS assetKind, p.refrigerant,
                p.site_id AS siteId, v.started_at AS startedAt, v.technician
           FROM visit_index v JOIN asset_places p ON p.asset_id = v.asset_id WHERE v.visit_id = ?`,
      )
      .get(sessionId) as VisitFacts | undefined;
    if (!row) throw new AppError('not_found', `No visit with id ${sessionId}.`, 'sessionId');
    return row;
  }

  readings(sessionId: string): CycleReading[] {
    const rows = this.db.prepare('SELECT * FROM cycle_readings WHERE session_id = ? ORDER BY quantity').all(sessionId) as ReadingRow[];
    return rows.map(toReading);
  }

  /** Replaces the visit's readings in one transaction: a failed save leaves the previous set whole. */
  replaceReadings(sessionId: string, readings: CycleReading[]): void {
    const del = this.db.prepare('DELETE FROM cycle_readings WHERE session_id = ?');
    const ins = this.db.prepare(
      `INSERT INTO cycle_readings (session_id, quantity, value, unit, pressure_reference, source, device_id, measured_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.db.transaction(() => {
      del.run(sessionId);
      for (const r of readings) ins.run(sessionId, r.quantity, r.value, r.unit, r.pressureReference, r.source, r.deviceId, r.measuredAt);
    })();
  }

  /** Compressor current of the equipment's earlier visits (amperes as typed), oldest first. */
  earlierCurrents(assetId: string, before: string): number[] {
    const rows = this.db
      .prepare(
        `SELECT c.value FROM cycle_readings c JOIN visit_index v ON v.visit_id = c.session_id
          WHERE v.asset_id = ? AND v.started_at < ? AND c.quantity = 'compressorCurrent' ORDER BY v.started_at`,
      )
      .all(assetId, before) as { value: number }[];
    return rows.map((r) => r.value);
  }

  /** The equipment's visits that have cycle readings, oldest first. */
  visitsWithReadings(assetId: string): { id: string; startedAt: string }[] {
    return this.db
      .prepare(
        `SELECT v.visit_id AS id, v.started_at AS startedAt FROM visit_index v
          WHERE v.asset_id = ? AND EXISTS (SELECT 1 FROM cycle_readings c WHERE c.session_id = v.visit_id) ORDER BY v.started_at`,
      )
      .all(assetId) as { id: string; startedAt: string }[];
  }

  record(sessionId: string): RefrigerantRecord | null {
    const row = this.db.prepare('SELECT * FROM refrigerant_records WHERE session_id = ?').get(sessionId) as RecordRow | undefined;
    return row ? toRecord(row) : null;
  }

  saveRecord(input: RefrigerantRecordInput & { chargedCylinder?: string | null; recoveredCylinder?: string | null }, at: string): RefrigerantRecord {
    this.db
      .prepare(
        `INSERT INTO refrigerant_records (session_id, leak_check_result, leak_check_points, leak_check_method, leak_location, charged_kg,
           charged_cylinder, recovered_kg, recovered_cylinder, capacity, capacity_unit, technician, updated_at)
         VALUES (@sessionId, @leakCheckResult, @points, @leakCheckMethod, @leakLocation, @chargedKg, @chargedCylinder, @recoveredKg,
           @recoveredCylinder, @capacity, @capacityUnit, @technician, @at)
         ON CONFLICT (session_id) DO UPDATE SET leak_check_result = excluded.leak_check_result, leak_check_points = excluded.leak_check_points,
           leak_check_method = excluded.leak_check_method, leak_location = excluded.leak_location, charged_kg = excluded.charged_kg,
           charged_cylinder = excluded.charged_cylinder, recovered_kg = excluded.recovered_kg, recovered_cylinder = excluded.recovered_cylinder,
           capacity = excluded.capacity, capacity_unit = excluded.capacity_unit, technician = excluded.technician, updated_at = excluded.updated_at`,
      )
      .run({
        sessionId: input.sessionId,
        leakCheckResult: input.leakCheckResult,
        points: JSON.stringify(input.leakCheckPoints),
        leakCheckMethod: input.leakCheckMethod ?? null,
        leakLocation: input.leakLocation ?? null,
        chargedKg: input.chargedKg ?? null,
        chargedCylinder: input.chargedCylinder ?? null,
        recoveredKg: input.recoveredKg ?? null,
        recoveredCylinder: input.recoveredCylinder ?? null,
        capacity: input.capacity ?? null,
        capacityUnit: input.capacityUnit,
        technician: input.technician ?? null,
        at,
      });
    return this.record(input.sessionId)!;
  }

  /** The site's visits between two instants that have a refrigerant record, with their equipment. */
  yearlyRecordRows(siteId: string, from: string, to: string): (RefrigerantRecord & VisitFacts & { maker: string | null; model: string | null; serialNumber: string | null })[] {
    const rows = this.db
      .prepare(
        `SELECT r.*, v.visit_id AS sessionId, p.asset_id AS assetId, p.asset_name AS assetName, p.asset_kind AS assetKind, p.refrigerant,
                p.site_id AS siteId, v.started_at AS startedAt, v.technician AS sessionTechnician, p.maker, p.model, p.serial_number AS serialNumber
           FROM refrigerant_records r JOIN visit_index v ON v.visit_id = r.session_id JOIN asset_places p ON p.asset_id = v.asset_id
          WHERE p.site_id = ? AND v.started_at >= ? AND v.started_at < ?
          ORDER BY p.asset_name, v.started_at`,
      )
      .all(siteId, from, to) as (RecordRow & VisitFacts & { sessionTechnician: string | null; maker: string | null; model: string | null; serialNumber: string | null })[];
    return rows.map((r) => ({
      ...toRecord(r),
      sessionId: r.sessionId,
      assetId: r.assetId,
      assetName: r.assetName,
      assetKind: r.assetKind,
      refrigerant: r.refrigerant,
      siteId: r.siteId,
      startedAt: r.startedAt,
      technician: r.technician ?? r.sessionTechnician,
      maker: r.maker,
      model: r.model,
      serialNumber: r.serialNumber,
    }));
  }
}
