import { describe, expect, it } from 'vitest';
import type { SensorValue } from '../../../shared/contract';
import { fillFromSensor, sensorValuesFor } from './sensor-fill';

const at = { deviceId: 'sim-1', recordingId: '01900000-0000-7000-8000-000000000011', measuredAt: '2027-01-15T01:00:00.000Z' };
const suction: SensorValue = { ...at, kind: 'suctionPressure', value: 934.2, unit: 'kPa', pressureReference: 'absolute' };
const discharge: SensorValue = { ...at, kind: 'dischargePressure', value: 2_420, unit: 'kPa', pressureReference: 'absolute' };
const temperature: SensorValue = { ...at, kind: 'temperature', value: 11.04, unit: '°C', pressureReference: null };
const current: SensorValue = { ...at, kind: 'current', value: 8.26, unit: 'A', pressureReference: null };

describe('taking a field from a sensor', () => {
  it('offers each field only what it can take: suction pressure never lands in discharge', () => {
    const all = [suction, discharge, temperature, current];
    expect(sensorValuesFor('suctionPressure', all)).toEqual([suction]);
    expect(sensorValuesFor('dischargePressure', all)).toEqual([discharge]);
    expect(sensorValuesFor('liquidLineTemp', all)).toEqual([temperature]);
    expect(sensorValuesFor('compressorCurrent', all)).toEqual([current]);
    expect(sensorValuesFor('compressorVoltage', all)).toEqual([]);
  });

  it('converts a transducer’s absolute kPa into the unit the field shows, and marks it absolute', () => {
    expect(fillFromSensor('suctionPressure', 'bar', suction)).toEqual({ value: 9.34, unit: 'bar', reference: 'absolute', deviceId: 'sim-1', measuredAt: at.measuredAt });
    expect(fillFromSensor('suctionPressure', 'psi', suction)).toMatchObject({ value: 135.49, unit: 'psi', reference: 'absolute' });
    expect(fillFromSensor('dischargePressure', 'MPa', discharge)).toMatchObject({ value: 2.42, unit: 'MPa' });
    expect(fillFromSensor('dischargePressure', 'kPa', discharge)).toMatchObject({ value: 2420, unit: 'kPa' });
  });

  it('converts a probe’s °C into °F or K when the field is in those', () => {
    expect(fillFromSensor('suctionLineTemp', '°F', temperature)).toMatchObject({ value: 51.9, unit: '°F', reference: null });
    expect(fillFromSensor('suctionLineTemp', 'K', temperature)).toMatchObject({ value: 284.2, unit: 'K' });
    expect(fillFromSensor('suctionLineTemp', '°C', temperature)).toMatchObject({ value: 11, unit: '°C' });
    expect(fillFromSensor('compressorCurrent', 'A', current)).toMatchObject({ value: 8.3, unit: 'A' });
  });
});
