import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetUrgency, SessionInsight } from '../../../../shared/contract';
import { type Backend, createBackend } from '../../hosts/backend';
import { bundleDiagnosisWorker, copyModels, workerDir } from '../../testing/diagnosis';
import { readNpy } from '../diagnosis';
import { silentLogger } from '../../platform/logging/log';
import { eventually } from '../../testing/eventually';
import { testClient } from '../../testing/client';
import { tempDir } from '../../testing/fixtures';
import { clipWav, sameMachine } from '../../testing/insight';

/** The insight feature through the real back end: imports, background diagnosis on worker threads, SQLite, the dispatcher (results checked against the contract). */
const { dir, cleanup } = tempDir('scf-insight-');
let backend: Backend;

/** The contract's typed client over this back end: a call's params and result are the contract's. */
const api = () => testClient(backend);

async function importWav(sessionId: string, name: string, bytes: Uint8Array): Promise<string> {
  const { uploadId, chunkBytes } = await api().call('uploads.begin', { name, bytes: bytes.length, purpose: 'recording' });
  for (let seq = 0, at = 0; at < bytes.length; seq += 1, at += chunkBytes) {
    await api().call('uploads.chunk', { uploadId, seq, data: Buffer.from(bytes.subarray(at, at + chunkBytes)).toString('base64') });
  }
  const [recording] = await api().call('recordings.import', { sessionId, uploadId });
  return recording!.id;
}

/** Waits until every recording of the session has a result and nothing is queued or running. */
async function settled(sessionId: string, results = 1): Promise<SessionInsight> {
  return eventually('the diagnoses finished', async () => {
    const s = await api().call('insight.session', { sessionId });
    if (s.recordings.some((r) => r.state === 'failed')) throw new Error(`diagnosis failed: ${s.recordings.find((r) => r.state === 'failed')!.error}`);
    return s.recordings.every((r) => r.state === 'idle' && r.results.length >= results) ? s : null;
  }, 120_000);
}

let assetId: string;
let siteId: string;
let healthySession: string;
let faultySession: string;
let faultyRecording: string;

beforeAll(async () => {
  backend = createBackend({ dataDir: path.join(dir, 'data'), runtime: 'cli', log: silentLogger(), validateResults: true, diagnosisWorker: bundleDiagnosisWorker(workerDir()) });
  await backend.start();
  const site = await api().call('sites.create', { name: 'Happy Mart Gangnam' });
  siteId = site.id;
  assetId = (await api().call('assets.create', { siteId, name: 'Showcase compressor 1', kind: 'compressor' })).id;
  await api().call('assets.create', { siteId, name: 'Walk-in freezer', kind: 'compressor' });
  healthySession = (await api().call('sessions.create', { assetId })).id;
  const machine = sameMachine(6_100_001);
  for (const take of [11, 12, 13]) await importWav(healthySession, `healthy-${take}.wav`, clipWav(machine.healthy, take));
  await settled(healthySession);
  faultySession = (await api().call('sessions.create', { assetId })).id;
  faultyRecording = await importWav(faultySession, 'faulty.wav', clipWav(machine.faulty, 21));
}, 120_000);

afterAll(async () => {
  await backend.close();
  cleanup();
});

describe('insight', () => {
  it('diagnoses every imported recording in the background and keeps the result', async () => {
    const s = await settled(healthySession);
    expect(s.recordings).toHaveLength(3);
    for (const r of s.recordings) {
      expect(r.results[0]!.diagnosis.source).toEqual({ kind: 'recording', recordingId: r.recordingId });
      expect(r.results[0]!.diagnosis.condition?.key).toBe('normal');
      expect(r.results[0]!.deviation).toBeNull();
    }
    // Normal with high confidence and no baseline yet: the app proposes them.
    expect(s.recordings.filter((r) => r.suggestBaseline).length).toBeGreaterThan(0);
  });

  it('learns the baseline from the marked recordings and flags the faulty one, with the bands that rose', async () => {
    const healthy = await settled(healthySession);
    for (const r of healthy.recordings) await api().call('insight.setBaseline', { recordingId: r.recordingId, inBaseline: true });
    const s = await settled(faultySession);
    expect(s.baseline.find((b) => b.modality === 'sound')!.recordings).toBe(3);
    const result = s.recordings[0]!.results[0]!;
    expect(result.diagnosis.condition?.key).toBe('bearing_wear');
    expect(result.deviation?.level).not.toBe('within');
    expect(result.deviation?.changed.some((c) => c.kind === 'band' && c.deltaDb > 3 && c.loHz > 2000)).toBe(true);
    // Marked recordings are the baseline: they are not compared with themselves.
    const again = await api().call('insight.session', { sessionId: healthySession });
    expect(again.recordings.every((r) => r.inBaseline && !r.suggestBaseline && r.results[0]!.deviation === null)).toBe(true);
  });

  it('a re-run adds a result and keeps the older one', async () => {
    await api().call('insight.diagnose', { recordingId: faultyRecording });
    const s = await settled(faultySession, 2);
    expect(s.recordings[0]!.results).toHaveLength(2);
    expect(s.recordings[0]!.results[0]!.createdAt >= s.recordings[0]!.results[1]!.createdAt).toBe(true);
  });

  it('charts the trend of the asset and orders the site by urgency', async () => {
    const { points } = await api().call('insight.trend', { assetId });
    expect(points).toHaveLength(4);
    expect(points.at(-1)!.severityRank).toBeGreaterThan(0);
    expect(points.at(-1)!.deviation!).toBeGreaterThan(points[0]!.deviation!);
    const { assets } = await api().call('insight.siteUrgency', { siteId });
    expect(assets.map((a) => a.assetName)).toEqual(['Showcase compressor 1', 'Walk-in freezer']);
    expect(assets[1]!.severity).toBeNull();
  });

  it('ranks equipment by its latest visit verdict: a bearing-wear finding is not hidden by a later healthy recording', async () => {
    // Names chosen so that alphabetical order would put the wrong one first.
    const other = (await api().call('sites.create', { name: 'Lotte Mart Jamsil' })).id;
    const zeta = (await api().call('assets.create', { siteId: other, name: 'Zeta cold room', kind: 'compressor' })).id;
    const alpha = (await api().call('assets.create', { siteId: other, name: 'Alpha display case', kind: 'compressor' })).id;
    await api().call('assets.create', { siteId: other, name: 'Beta ice maker', kind: 'compressor' });
    const machine = sameMachine(6_100_001);
    const faultVisit = (await api().call('sessions.create', { assetId: zeta })).id;
    await importWav(faultVisit, 'bearing.wav', clipWav(machine.faulty, 31));
    await settled(faultVisit);
    // The last recording of the visit is healthy: a single recording's result would call the machine normal.
    await importWav(faultVisit, 'healthy-after.wav', clipWav(machine.healthy, 32));
    const last = await settled(faultVisit);
    expect(last.recordings.map((r) => r.results[0]!.diagnosis.condition?.key)).toEqual(['bearing_wear', 'normal']);
    const healthyVisit = (await api().call('sessions.create', { assetId: alpha })).id;
    await importWav(healthyVisit, 'healthy.wav', clipWav(machine.healthy, 33));
    await settled(healthyVisit);

    const { assets } = await api().call('insight.siteUrgency', { siteId: other });
    expect(assets.map((a) => a.assetName)).toEqual(['Zeta cold room', 'Alpha display case', 'Beta ice maker']);
    const [fault, healthy, never] = assets as [AssetUrgency, AssetUrgency, AssetUrgency];
    expect(fault).toMatchObject({ visitId: faultVisit, status: 'fault', severity: 'warning', by: 'computed', condition: { ko: '베어링 마모', en: 'Bearing wear' } });
    expect(fault.certainty).not.toBeNull();
    expect(fault.headline?.en).toMatch(/^Bearing wear suspected/);
    // The list says what the visit page says: the same verdict object, word for word.
    const verdict = await api().call('visits.verdict', { visitId: faultVisit });
    expect(fault.headline).toEqual(verdict.effective.headline);
    expect(healthy).toMatchObject({ visitId: healthyVisit, status: 'healthy', severity: 'normal' });
    expect(never).toMatchObject({ visitId: null, status: null, severity: null, headline: null });

    // The technician's verdict, when set, is what the lists rank by.
    await api().call('visits.overrideVerdict', { visitId: healthyVisit, status: 'fault', severity: 'critical', conditionKey: 'valve_fault', reason: 'Valve plate cracked, seen on opening' });
    const after = await api().call('insight.urgency', {});
    const mine = after.assets.filter((a) => [zeta, alpha].includes(a.assetId));
    expect(mine.map((a) => [a.assetName, a.severity, a.by])).toEqual([
      ['Alpha display case', 'critical', 'technician'],
      ['Zeta cold room', 'warning', 'computed'],
    ]);
    expect(after.assets.map((a) => a.assetName)).toContain('Walk-in freezer');
  });

  it('labels round-trip into the exported dataset, in the layout the trainer reads', async () => {
    const s = await settled(faultySession);
    const diagnosisId = s.recordings[0]!.results[0]!.id;
    const label = await api().call('insight.label', { sessionId: faultySession, diagnosisId, condition: 'bearing_wear', verdict: 'confirmed', found: 'Rumbling bearing, play in the shaft', repaired: 'Bearing replaced' });
    expect(label.recordingId).toBe(faultyRecording);
    const healthy = await settled(healthySession);
    await api().call('insight.label', { sessionId: healthySession, diagnosisId: healthy.recordings[0]!.results[0]!.id, condition: 'normal', verdict: 'confirmed' });
    // "other" is no model class: kept in the database, left out of the training set with the reason.
    await api().call('insight.label', { sessionId: healthySession, diagnosisId: healthy.recordings[1]!.results[0]!.id, condition: 'other', verdict: 'corrected', found: 'fan blade touching' });
    await expect(api().call('insight.label', { sessionId: healthySession, diagnosisId, condition: 'normal', verdict: 'confirmed' })).rejects.toMatchObject({ field: 'diagnosisId' });

    const result = await api().call('insight.exportDataset', {});
    const out = result.dir;
    expect(path.dirname(out)).toBe(path.join(dir, 'data', 'exports'));
    expect(result.sets).toEqual([{ name: 'field-compressor-sound', rows: 2 }]);
    expect(result.skipped).toEqual([{ recordingId: healthy.recordings[1]!.recordingId, reason: expect.stringMatching(/"other" is not one of/) }]);
    const meta = JSON.parse(fs.readFileSync(path.join(out, 'field-compressor-sound.json'), 'utf8'));
    const matrix = readNpy(path.join(out, 'field-compressor-sound.npy'));
    expect(matrix.rows).toBe(2);
    expect(matrix.columns).toBe(meta.featureNames.length);
    const row = meta.rows.findIndex((r: { recordingId: string }) => r.recordingId === faultyRecording);
    expect(meta.classes[meta.labels[row]]).toBe('bearing_wear');
    expect(meta.classes[meta.labels[1 - row]]).toBe('normal');
    expect(meta.rows[row]).toMatchObject({ recordingId: faultyRecording, found: 'Rumbling bearing, play in the shaft', repaired: 'Bearing replaced', verdict: 'confirmed' });
    expect(fs.existsSync(path.join(out, meta.rows[row].file))).toBe(true);
    expect(meta.groups).toEqual([0, 0]);
    expect(Array.from(matrix.data.subarray(row * matrix.columns, row * matrix.columns + 3))).toEqual(
      s.recordings[0]!.results[0]!.diagnosis.baseline!.features.slice(0, 3).map((v) => Math.fround(v)),
    );
  });

  it('the report shows the stored diagnosis, with the deviation from the baseline', async () => {
    const report = await api().call('reports.session', { sessionId: faultySession });
    expect(report.diagnosis?.condition.en).toBe('Bearing wear');
  });

  it('refuses a corrupt model set with the reason and keeps the installed one working; installs a good one', async () => {
    const before = await api().call('diagnosis.modelInfo', {});
    const bad = copyModels(path.join(dir, 'bad'));
    const onnx = path.join(bad, 'compressor-sound.onnx');
    const bytes = fs.readFileSync(onnx);
    bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0xff;
    fs.writeFileSync(onnx, bytes);
    await expect(api().call('insight.installModel', { path: bad })).rejects.toMatchObject({ code: 'invalid_file', message: expect.stringMatching(/compressor-sound was refused: its file compressor-sound.onnx is damaged.*The installed model was kept/) });
    await expect(api().call('insight.installModel', { path: path.join(dir, 'nowhere') })).rejects.toMatchObject({ code: 'invalid_file', message: expect.stringMatching(/No model manifest/) });
    expect(await api().call('diagnosis.modelInfo', {})).toMatchObject({ status: 'ready', directory: before.directory });

    const good = copyModels(path.join(dir, 'good'));
    const installed = await api().call('insight.installModel', { path: good });
    expect(installed.status).toBe('ready');
    expect(installed.directory).toBe(path.join(dir, 'data', 'models'));
    await api().call('insight.diagnose', { recordingId: faultyRecording });
    const s = await settled(faultySession, 3);
    expect(s.recordings[0]!.results[0]!.diagnosis.condition?.key).toBe('bearing_wear');
  });
});
