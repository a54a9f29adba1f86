import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Asset, Capture, Recording, SessionDetail, SessionSummary, SiteSummary, Spectrogram, Waveform } from '../../../../shared/contract';
import { encodePcm16Wav } from '../../platform/audio/wav';
import { readZip } from '../../testing/unzip';
import { type RecordingTestBackend, recordingBackend, sessionFor } from '../../testing/recording/recording-backend';
import { InProcessDeviceSource, SimulatedSensor } from '../../testing/recording/stand-in-source';
import { upload } from '../../testing/recording/upload';

let b: RecordingTestBackend;
const source = new InProcessDeviceSource();
beforeAll(async () => {
  b = recordingBackend({ source });
  await b.start();
});
afterAll(() => b.cleanup());

const tone = (hz: number, rate: number, seconds: number) =>
  encodePcm16Wav(Int16Array.from({ length: rate * seconds }, (_, i) => Math.round(16000 * Math.sin((2 * Math.PI * hz * i) / rate))), rate);

describe('sessions', () => {
  it('are visits to one asset, by the technician from Settings, listed per asset and per site, newest first', async () => {
    await b.call('settings.update', { technicianName: '김기사' });
    const first = await sessionFor(b, 'Compressor A');
    const assetB = await b.call<Asset>('assets.create', { siteId: first.siteId, name: 'Condensing unit B', kind: 'condensing_unit' });
    const second = await b.call<SessionSummary>('sessions.create', { assetId: assetB.id, notes: '  oil stain on the base  ', tags: ['leak', 'Leak', 'urgent'] });
    expect(second).toMatchObject({ technician: '김기사', status: 'open', notes: 'oil stain on the base', tags: ['leak', 'urgent'], siteId: first.siteId, assetName: 'Condensing unit B' });

    expect((await b.call<SessionSummary[]>('sessions.list', { assetId: assetB.id })).map((s) => s.id)).toEqual([second.id]);
    expect((await b.call<SessionSummary[]>('sessions.list', { siteId: first.siteId })).map((s) => s.id)).toEqual([second.id, first.sessionId]);
    // The register's "last service" comes from sessions.
    expect((await b.call<SiteSummary>('sites.get', { id: first.siteId })).lastServiceAt).toBe(second.startedAt);
    expect((await b.call<Asset>('assets.get', { id: assetB.id })).lastServiceAt).toBe(second.startedAt);

    const closed = await b.call<SessionSummary>('sessions.update', { id: second.id, notes: '', status: 'closed' });
    expect(closed).toMatchObject({ notes: null, status: 'closed', endedAt: expect.any(String) });
    expect((await b.call<SessionSummary>('sessions.update', { id: second.id, status: 'open' })).endedAt).toBeNull();
  });

  it('refuses archived equipment and unknown ids', async () => {
    const { assetId } = await sessionFor(b, 'Old unit');
    await b.call('assets.setArchived', { id: assetId, archived: true });
    await expect(b.call('sessions.create', { assetId })).rejects.toMatchObject({ code: 'conflict', field: 'assetId' });
    await expect(b.call('sessions.get', { id: '01900000-0000-7000-8000-00000000ffff' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('keep photos, served from files/photos, and refuse what is not a photo', async () => {
    const { sessionId } = await sessionFor(b, 'Photo unit');
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const photo = await b.call<{ id: string; url: string }>('sessions.addPhoto', { sessionId, uploadId: await upload(b, 'nameplate.png', png, 'photo'), caption: 'Nameplate' });
    expect(photo.url).toBe(`files/photos/${photo.id}`);
    const served = await b.serveFile(`/${photo.url}`, undefined);
    expect(served).toMatchObject({ status: 200, headers: { 'Content-Type': 'image/png' } });
    served.body?.resume();
    const text = await upload(b, 'notes.png', Buffer.from('just some text'), 'photo');
    await expect(b.call('sessions.addPhoto', { sessionId, uploadId: text })).rejects.toMatchObject({ code: 'invalid_file', message: expect.stringMatching(/not a JPEG, PNG, WebP or HEIC photo/) });
    expect(fs.readdirSync(path.join(b.dataDir, 'photos', sessionId))).toHaveLength(1);
    await b.call('sessions.deletePhoto', { id: photo.id });
    expect((await b.call<SessionDetail>('sessions.get', { id: sessionId })).photos).toEqual([]);
    expect(fs.readdirSync(path.join(b.dataDir, 'photos', sessionId))).toHaveLength(0);
  });

  it('export to one zip: WAV, readings CSV, originals, photos and JSON metadata', async () => {
    const sensor = new SimulatedSensor(source, { deviceId: 'esp32-export' });
    const { sessionId } = await sessionFor(b, '압축기 1');
    const capture = await b.call<Capture>('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: ['esp32-export'] }, durationS: null });
    sensor.advance(1000);
    await b.call('captures.stop', { captureId: capture.id });
    await b.call('recordings.import', { sessionId, uploadId: await upload(b, '현장 녹음.wav', tone(1000, 8000, 1)) });
    await b.call('sessions.addPhoto', { sessionId, uploadId: await upload(b, 'p.jpg', Buffer.from('ffd8ffe000104a464946', 'hex'), 'photo') });

    const exported = await b.call<{ fileName: string; url: string; path: string; bytes: number }>('sessions.export', { id: sessionId });
    expect(exported.fileName).toMatch(/^Happy_Mart_Gangnam_압축기_1_\d{4}-\d\d-\d\d_[0-9a-f]{8}\.zip$/);
    expect(exported.url).toBe(`files/exports/${encodeURIComponent(exported.fileName)}`);
    const entries = await readZip(exported.path);
    const names = [...entries.keys()].sort();
    expect(names).toEqual(
      expect.arrayContaining(['session.json', 'audio/01-sensor-esp32-export.wav', 'vibration/03-sensor-esp32-export.wav', 'readings/02-sensor-esp32-export.csv']),
    );
    expect(names.some((n) => n.startsWith('photos/') && n.endsWith('.jpg'))).toBe(true);
    const meta = JSON.parse(entries.get('session.json')!.toString()) as { session: SessionDetail; files: unknown[] };
    expect(meta.session.assetName).toBe('압축기 1');
    expect(meta.session.recordings).toHaveLength(4);
    expect(meta.session.devices[0]!.linkHealth.audioChunks).toBe(31);
    const csv = entries.get('readings/02-sensor-esp32-export.csv')!.toString().trim().split('\n');
    expect(csv[0]).toBe('t_us,time,temperature_c,vib_x_g,vib_y_g,vib_z_g,current_a,power_w,audio_level_db,quality,suction_kpa,discharge_kpa');
    expect(csv).toHaveLength(1 + 11);
    expect(entries.get('audio/01-sensor-esp32-export.wav')!.subarray(0, 4).toString()).toBe('RIFF');
    // The download is served with its name.
    const served = await b.serveFile(`/${exported.url}`, undefined);
    expect(served.headers['Content-Disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(exported.fileName)}`);
    served.body?.resume();
  });

  it('delete removes the visit, its recordings, readings, photos and files; other visits stay', async () => {
    const keep = await sessionFor(b, 'Keep me');
    const { sessionId, assetId } = await sessionFor(b, 'Delete me');
    const rec = (await b.call<Recording[]>('recordings.import', { sessionId, uploadId: await upload(b, 'a.wav', tone(440, 8000, 1)) }))[0]!;
    await b.call('recordings.import', { sessionId, uploadId: await upload(b, 'r.csv', Buffer.from('timestamp,temperature\n2026-01-01T00:00:00Z,4\n2026-01-01T00:00:01Z,5\n')) });
    await b.call('recordings.import', { sessionId: keep.sessionId, uploadId: await upload(b, 'b.wav', tone(440, 8000, 1)) });
    const readingsBefore = (b.db.prepare('SELECT count(*) AS n FROM readings').get() as { n: number }).n;
    expect(await b.call('sessions.delete', { id: sessionId })).toEqual({ deleted: true });
    expect(fs.existsSync(path.join(b.dataDir, 'recordings', sessionId))).toBe(false);
    expect(b.db.prepare('SELECT count(*) AS n FROM recordings WHERE session_id = ?').get(sessionId)).toEqual({ n: 0 });
    expect((b.db.prepare('SELECT count(*) AS n FROM readings').get() as { n: number }).n).toBe(readingsBefore - 2);
    expect(await b.call<SessionSummary[]>('sessions.list', { assetId })).toEqual([]);
    expect((await b.serveFile(`/files/recordings/${rec.id}.wav`, undefined)).status).toBe(404);
    expect((await b.call<SessionDetail>('sessions.get', { id: keep.sessionId })).recordings).toHaveLength(1);
  });
});

describe('the session page data', () => {
  let rec: Recording;
  beforeAll(async () => {
    const { sessionId } = await sessionFor(b, 'Views');
    // 2 s of 1 kHz at 16 kHz, then 2 s of 3 kHz.
    const rate = 16000;
    const samples = Int16Array.from({ length: rate * 4 }, (_, i) => Math.round(16000 * Math.sin((2 * Math.PI * (i < rate * 2 ? 1000 : 3000) * i) / rate)));
    samples[rate] = 32767; // one full-scale spike
    rec = (await b.call<Recording[]>('recordings.import', { sessionId, uploadId: await upload(b, 'views.wav', encodePcm16Wav(samples, rate)) }))[0]!;
  });

  it('waveform: min/max per bucket, so a one-sample spike shows at any zoom', async () => {
    const whole = await b.call<Waveform>('recordings.waveform', { id: rec.id, buckets: 100 });
    expect(whole).toMatchObject({ frames: 64000, fromFrame: 0, toFrame: 64000, framesPerBucket: 640 });
    expect(whole.max).toHaveLength(100);
    expect(Math.max(...whole.max)).toBeCloseTo(32767 / 32768, 4);
    expect(whole.max[25]).toBeCloseTo(32767 / 32768, 4);
    expect(whole.min[10]).toBeCloseTo(-16000 / 32768, 2);
    const zoom = await b.call<Waveform>('recordings.waveform', { id: rec.id, fromFrame: 15990, toFrame: 16010, buckets: 4096 });
    expect(zoom.max).toHaveLength(20); // never more buckets than samples
    expect(zoom.max[10]).toBeCloseTo(32767 / 32768, 4);
  });

  it('spectrogram: the loudest row is the tone playing at that time', async () => {
    const s = await b.call<Spectrogram>('recordings.spectrogram', { id: rec.id, columns: 8, fftSize: 1024 });
    expect(s).toMatchObject({ columns: 8, bins: 512, maxHz: 8000, fftSize: 1024 });
    const levels = Buffer.from(s.levels, 'base64');
    expect(levels).toHaveLength(8 * 512);
    const loudestHz = (c: number) => {
      const column = levels.subarray(c * 512, (c + 1) * 512);
      return (column.indexOf(Math.max(...column)) + 0.5) * (s.maxHz / s.bins);
    };
    expect(Math.abs(loudestHz(1) - 1000)).toBeLessThan(16);
    expect(Math.abs(loudestHz(6) - 3000)).toBeLessThan(16);
    expect(s.dbMax).toBeCloseTo(-6, 0); // a half-scale sine
  });

  it('serves the WAV with byte ranges, as <audio> seeks', async () => {
    const partial = await b.serveFile(`/files/recordings/${rec.id}.wav`, 'bytes=44-143');
    expect(partial.status).toBe(206);
    expect(partial.headers).toMatchObject({ 'Content-Range': `bytes 44-143/${44 + 128000}`, 'Content-Length': '100', 'Content-Type': 'audio/wav' });
    const chunks: Buffer[] = [];
    for await (const c of partial.body!) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks)).toHaveLength(100);
    expect((await b.serveFile(`/files/recordings/${rec.id}.wav`, 'bytes=999999-')).status).toBe(416);
    for (const evil of ['/files/recordings/..%2F..%2Fsignalcraft.db', '/files/../signalcraft.db', '/files/nothing/x', `/files/recordings/${rec.id}.db`]) {
      expect((await b.serveFile(evil, undefined)).status, evil).toBe(404);
    }
  });
});
