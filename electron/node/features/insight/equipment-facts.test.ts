import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Asset, EquipmentFactsInput, Recording, SessionInsight } from '../../../../shared/contract';
import { encodeFloat32Wav } from '../../platform/audio/wav';
import { type Backend, createBackend } from '../../hosts/backend';
import { bundleDiagnosisWorker, Rng, workerDir } from '../../testing/diagnosis';
import { silentLogger } from '../../platform/logging/log';
import { eventually } from '../../testing/eventually';
import { tempDir } from '../../testing/fixtures';

/** Equipment facts through the real back end: the contract, SQLite, and a visit's recording diagnosed on a worker with them. */
const SEED = 15_052;
const { dir, cleanup } = tempDir('scf-facts-');
let backend: Backend;
let siteId: string;

const dispatch = (method: string, params: unknown) => backend.dispatcher.dispatch(method, params, { transport: 'test' });
const call = async <T>(method: string, params: unknown): Promise<T> => {
  const outcome = await dispatch(method, params);
  if (!outcome.ok) throw Object.assign(new Error(`${method}: ${outcome.error.code}: ${outcome.error.message}`), outcome.error);
  return outcome.result as T;
};

beforeAll(async () => {
  console.info(`equipment-facts seed ${SEED}`);
  backend = createBackend({ dataDir: path.join(dir, 'data'), runtime: 'cli', log: silentLogger(), validateResults: true, diagnosisWorker: bundleDiagnosisWorker(workerDir()) });
  await backend.start();
  siteId = (await call<{ id: string }>('sites.create', { name: 'Happy Mart Gangnam' })).id;
}, 120_000);

afterAll(async () => {
  await backend.close();
  cleanup();
});

/** A motor at 29.6 Hz (1776 rpm), 5 s of acceleration in g at 12 kHz, as a float WAV; a small 1x (no shaft fault by the rules, so the bearing model speaks). */
function motorWav(seed: number): Uint8Array {
  const rng = new Rng(seed);
  const rate = 12_000;
  const samples = Float32Array.from({ length: 5 * rate }, (_, i) => {
    const t = i / rate;
    return 0.02 * Math.sin(2 * Math.PI * 29.6 * t) + 0.008 * Math.sin(2 * Math.PI * 59.2 * t + 1) + 0.004 * Math.sin(2 * Math.PI * 88.8 * t + 2) + 0.01 * (rng.next() - 0.5);
  });
  return encodeFloat32Wav([samples], rate);
}

async function importVibration(sessionId: string, bytes: Uint8Array): Promise<string> {
  const { uploadId, chunkBytes } = await call<{ uploadId: string; chunkBytes: number }>('uploads.begin', { name: 'motor-end.wav', bytes: bytes.length, purpose: 'recording' });
  for (let seq = 0, at = 0; at < bytes.length; seq += 1, at += chunkBytes) {
    await call('uploads.chunk', { uploadId, seq, data: Buffer.from(bytes.subarray(at, at + chunkBytes)).toString('base64') });
  }
  const [recording] = await call<Recording[]>('recordings.import', { sessionId, uploadId, stream: 'vibration' });
  return recording!.id;
}

async function diagnosed(sessionId: string) {
  const s = await eventually('the recording was diagnosed', async () => {
    const insight = await call<SessionInsight>('insight.session', { sessionId });
    if (insight.recordings.some((r) => r.state === 'failed')) throw new Error('diagnosis failed');
    return insight.recordings.length > 0 && insight.recordings.every((r) => r.state === 'idle' && r.results.length > 0) ? insight : null;
  }, 120_000);
  return s.recordings[0]!.results[0]!.diagnosis;
}

/** Equipment with these facts, a visit to it, and one vibration recording of the motor, diagnosed. */
async function diagnosedVisit(name: string, facts: EquipmentFactsInput, seed: number) {
  const asset = await call<Asset>('assets.create', { siteId, name, kind: 'compressor', facts });
  const visit = (await call<{ id: string }>('sessions.create', { assetId: asset.id })).id;
  await importVibration(visit, motorWav(seed));
  return diagnosed(visit);
}

describe('equipment facts', () => {
  it('are kept with the equipment, bearings as printed read to the catalogue, the speed estimated from poles and mains', async () => {
    const created = await call<Asset>('assets.create', {
      siteId,
      name: 'Condenser fan motor',
      kind: 'condensing_unit',
      facts: { drive: 'fixed', poles: 4, mainsHz: 60, motorBearing: '6205-2RS1/C3', drivenBearing: 'SKF 6203ZZ' },
    });
    expect(created.facts).toEqual({ drive: 'fixed', poles: 4, mainsHz: 60, nominalRpm: null, motorBearing: '6205', drivenBearing: '6203', speed: { rpm: 1746, source: 'estimated' } });

    // Saved without facts: the stored ones stay.
    const renamed = await call<Asset>('assets.update', { id: created.id, asset: { name: 'Condenser fan motor 1', kind: 'condensing_unit' } });
    expect(renamed.facts.motorBearing).toBe('6205');

    const nameplate = await call<Asset>('assets.update', { id: created.id, asset: { name: 'Condenser fan motor 1', kind: 'condensing_unit', facts: { drive: 'fixed', nominalRpm: 1740 } } });
    expect(nameplate.facts).toMatchObject({ poles: null, nominalRpm: 1740, motorBearing: null, speed: { rpm: 1740, source: 'nameplate' } });

    const inverter = await call<Asset>('assets.update', { id: created.id, asset: { name: 'Condenser fan motor 1', kind: 'condensing_unit', facts: { drive: 'inverter', nominalRpm: 1740 } } });
    expect(inverter.facts.speed).toBeNull();

    const cleared = await call<Asset>('assets.update', { id: created.id, asset: { name: 'Condenser fan motor 1', kind: 'condensing_unit', facts: {} } });
    expect(cleared.facts).toMatchObject({ drive: null, nominalRpm: null, speed: null });
    expect((await call<Asset>('assets.get', { id: created.id })).facts.drive).toBeNull();
  });

  it('refuses a bearing the catalogue does not have, at its field, with the nearest ones, and stores nothing', async () => {
    const before = (await call<Asset[]>('assets.list', { siteId })).length;
    const outcome = await dispatch('assets.create', { siteId, name: 'Pump', kind: 'other', facts: { drivenBearing: '6299-2RS' } });
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toMatchObject({ code: 'invalid_params', field: 'facts.drivenBearing' });
    expect(outcome.error.message).toMatch(/"6299-2RS" is not in the bearing catalogue \(nearest: [^)]*6209/);
    const odd = await dispatch('assets.create', { siteId, name: 'Pump', kind: 'other', facts: { poles: 3 } });
    expect(odd.ok ? null : odd.error.field).toBe('facts.poles');
    expect((await call<Asset[]>('assets.list', { siteId })).length).toBe(before);
  });

  it("diagnoses a visit's recording with the equipment's bearing and speed, and says when the speed entered is wrong", async () => {
    // The nameplate says 1450 rpm; the motor in the recording turns at 1776 rpm.
    const d = await diagnosedVisit('Walk-in evaporator motor', { drive: 'fixed', nominalRpm: 1450, motorBearing: '6305-2Z', drivenBearing: '6305' }, SEED);
    const codes = d.uncertainReasons.map((r) => r.code);
    expect(codes).not.toContain('bearing_assumed');
    expect(codes).toContain('bearing_approximate');
    expect(codes).toContain('speed_mismatch');
    expect(d.running).toMatchObject({ source: 'estimated' });
    expect(d.running!.rpm).toBeGreaterThan(1700);
    expect(d.evidence.find((e) => e.key === 'speed_given')!.statement.en).toMatch(/The speed entered for this machine, 1450 rpm, is 2\d % from the 17\d\d rpm measured in the recording/);
  });

  it('leaves the bearing out when the two ends differ and the recording does not say where it was made', async () => {
    const d = await diagnosedVisit('Compressor 2', { drive: 'fixed', nominalRpm: 1776, motorBearing: '6205', drivenBearing: '6305' }, SEED + 1);
    expect(d.uncertainReasons.map((r) => r.code)).toContain('bearing_assumed');
    expect(d.running).toMatchObject({ source: 'given' });
  });
});
