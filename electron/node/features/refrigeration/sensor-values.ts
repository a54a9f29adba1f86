import type { LiveReading, SensorValue } from '../../../../shared/contract';
import type { LatestSensorRow } from '../recording';

/**
 * One stored reading as the values a visit's fields can take from it, each with its unit, the
 * sensor it came from and when it was measured (the reading's own time, not the moment asked).
 */
export function sensorValuesOf(row: LatestSensorRow): SensorValue[] {
  return valuesOf({ deviceId: row.deviceId, recordingId: row.recordingId, measuredAt: new Date(Math.floor(row.tUs / 1000)).toISOString() }, row);
}

/** A connected sensor's newest reading, not (yet) recorded: its time is when it arrived. */
export function liveSensorValuesOf({ deviceId, reading }: { deviceId: string; reading: LiveReading }): SensorValue[] {
  const row = { temperature: reading.temperatureC, current: reading.currentA, suctionKpa: reading.suctionKpa, dischargeKpa: reading.dischargeKpa };
  return valuesOf({ deviceId, recordingId: null, measuredAt: new Date(reading.hostTimeMs).toISOString() }, row);
}

type Values = Pick<LatestSensorRow, 'temperature' | 'current' | 'suctionKpa' | 'dischargeKpa'>;

function valuesOf(from: Pick<SensorValue, 'deviceId' | 'recordingId' | 'measuredAt'>, row: Values): SensorValue[] {
  const out: SensorValue[] = [];
  if (row.temperature !== null) out.push({ ...from, kind: 'temperature', value: row.temperature, unit: '°C', pressureReference: null });
  if (row.current !== null) out.push({ ...from, kind: 'current', value: row.current, unit: 'A', pressureReference: null });
  // A transducer measures against vacuum: absolute, whatever the gauges on the same unit read.
  if (row.suctionKpa !== null) out.push({ ...from, kind: 'suctionPressure', value: row.suctionKpa, unit: 'kPa', pressureReference: 'absolute' });
  if (row.dischargeKpa !== null) out.push({ ...from, kind: 'dischargePressure', value: row.dischargeKpa, unit: 'kPa', pressureReference: 'absolute' });
  return out;
}
