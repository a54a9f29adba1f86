import { afterEach, describe, expect, it } from 'vitest';
import type { Capture, CycleReadingInput, SensorValue, SystemDiagnosis } from '../../../../shared/contract';
import { type RecordingTestBackend, recordingBackend } from '../../testing/recording';
import { BuiltInSource } from '../sensors';
import { type RunningSimulator, startSimulator } from '../sensors';
import { eventually } from '../../testing/eventually';
import { SimulatedTransducers } from '../sensors';
import { bubbleTemperatureK, dewTemperatureK } from './properties/saturation';

/**
 * Issue 16: pressures from a sensor's transducers reach the visit's superheat and subcooling.
 * Real parts: the simulated firmware with transducers on TCP, the sensor link, the recorder and
 * its SQLite rows, the refrigeration feature's sensor values and its calculation.
 */
let backend: RecordingTestBackend | null = null;
let sim: RunningSimulator | null = null;
afterEach(async () => {
  await sim?.close();
  await backend?.cleanup();
  [backend, sim] = [null, null];
});

const SEED = Number(process.env.SENSOR_PRESSURE_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe('taking suction and discharge pressure from a connected sensor', () => {
  it('records the transducers with unit, source and time, and they give the superheat and subcooling of the unit', async () => {
    console.log(`transducer noise seed ${SEED} (repeat with SENSOR_PRESSURE_SEED=${SEED})`);
    const deviceId = 'sim-transducers';
    // An R-410A unit evaporating at 4 °C, condensing at 42 °C, 9 K superheat on the suction line.
    const state = { refrigerant: 'R-410A' as const, evaporatingC: 4, condensingC: 42, superheatK: 9, noiseKpa: 4, seed: SEED };
    const b = recordingBackend({ sensors: { mdns: false, ingest: false } });
    backend = b;
    await b.start();
    sim = await startSimulator({ deviceId, source: new BuiltInSource(), tcp: { port: 0, host: '127.0.0.1', mdns: false }, sensor: { transducers: state } });
    await b.call('sensors.add', { kind: 'tcp', host: '127.0.0.1', port: sim.tcpPort });
    await eventually('the sensor connected', async () => (await b.call<{ entries: { key: string; state: string }[] }>('sensors.list', {})).entries.some((e) => e.key === deviceId && e.state === 'connected'), 15_000);

    const site = await b.call<{ id: string }>('sites.create', { name: '행복마트 강남점', customerName: '행복마트' });
    const asset = await b.call<{ id: string }>('assets.create', { siteId: site.id, name: '매장 에어컨', kind: 'air_conditioner', refrigerant: 'R-410A' });
    const { id: sessionId } = await b.call<{ id: string }>('sessions.create', { assetId: asset.id, tags: [] });
    const live = (values: SensorValue[]) => values.some((v) => v.kind === 'suctionPressure' && v.deviceId === deviceId && v.recordingId === null);
    // Connected and not recorded: the form is offered what the sensor sends now.
    await eventually('the live pressures offered', async () => live(await b.call<SensorValue[]>('refrigeration.sensorValues', { sessionId })), 15_000);

    const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: [deviceId] }, durationS: null });
    await eventually('readings with pressures stored', async () => (b.db.prepare('SELECT count(*) AS n FROM readings WHERE suction_kpa IS NOT NULL').get() as { n: number }).n >= 3, 20_000);
    await b.call('captures.stop', { captureId: capture.id });
    // Disconnected after the visit's recording: what it recorded is still offered.
    await b.call('sensors.disconnect', { key: deviceId });
    let values: SensorValue[] = [];
    await eventually('the recorded pressures offered', async () => {
      values = await b.call<SensorValue[]>('refrigeration.sensorValues', { sessionId });
      return !live(values) && values.some((v) => v.kind === 'suctionPressure' && v.recordingId !== null);
    }, 15_000);
    const of = (kind: SensorValue['kind']) => values.find((v) => v.kind === kind && v.deviceId === deviceId);
    const suction = of('suctionPressure');
    const discharge = of('dischargePressure');
    const suctionLine = of('temperature');
    expect(suction).toMatchObject({ unit: 'kPa', pressureReference: 'absolute', deviceId });
    expect(discharge).toMatchObject({ unit: 'kPa', pressureReference: 'absolute', deviceId });
    expect(suctionLine).toMatchObject({ unit: '°C', pressureReference: null });
    // The time is the reading's own, on the session timeline (the sensor's clock aligned to this
    // computer's): from within the recording, not the moment the form asked.
    const recordings = (await b.call<{ recordings: { id: string; stream: string; startedAt: string }[] }>('sessions.get', { id: sessionId })).recordings;
    expect(Date.parse(suction!.measuredAt)).toBeGreaterThanOrEqual(Date.parse(recordings[0]!.startedAt));

    // Every stored reading carries the pressures the transducers sent, within their noise.
    const truth = new SimulatedTransducers(state);
    const { points } = await b.call<{ points: { suctionKpa: number | null; dischargeKpa: number | null }[] }>('recordings.readings', { id: recordings.find((r) => r.stream === 'readings')!.id });
    expect(points.length).toBeGreaterThanOrEqual(3);
    for (const p of points) {
      expect(Math.abs(p.suctionKpa! - truth.suctionKpa)).toBeLessThanOrEqual(state.noiseKpa / 2 + 0.01);
      expect(Math.abs(p.dischargeKpa! - truth.dischargeKpa!)).toBeLessThanOrEqual(state.noiseKpa / 2 + 0.01);
    }

    // What the technician does with "take from sensor": the three values, and the liquid line by hand.
    const fromSensor = (quantity: CycleReadingInput['quantity'], v: SensorValue): CycleReadingInput => ({
      quantity,
      value: v.value,
      unit: v.unit,
      ...(v.pressureReference ? { pressureReference: v.pressureReference } : {}),
      source: 'sensor',
      deviceId: v.deviceId,
      measuredAt: v.measuredAt,
    });
    const liquidLineC = 37;
    const d = await b.call<SystemDiagnosis>('refrigeration.saveReadings', {
      sessionId,
      readings: [
        fromSensor('suctionPressure', suction!),
        fromSensor('dischargePressure', discharge!),
        fromSensor('suctionLineTemp', suctionLine!),
        { quantity: 'liquidLineTemp', value: liquidLineC, unit: '°C' },
      ],
    });
    expect(d.issues).toEqual([]);
    expect(d.readings.find((r) => r.quantity === 'suctionPressure')).toMatchObject({ source: 'sensor', deviceId, unit: 'kPa', pressureReference: 'absolute', measuredAt: suction!.measuredAt });

    // Noise of ±2 kPa is under 0.1 K of saturation here; the tables hold 0.1 K of CoolProp.
    expect(Math.abs(d.values.superheat!.value - state.superheatK)).toBeLessThan(0.3);
    expect(Math.abs(d.values.subcooling!.value - (state.condensingC - liquidLineC))).toBeLessThan(0.3);
    // And they are the app's own saturation temperatures at the transducers' pressures.
    expect(d.values.evaporatingTemp!.value).toBeCloseTo(dewTemperatureK('R-410A', suction!.value * 1000)! - 273.15, 1);
    expect(d.values.condensingBubbleTemp!.value).toBeCloseTo(bubbleTemperatureK('R-410A', discharge!.value * 1000)! - 273.15, 1);
  });
});
