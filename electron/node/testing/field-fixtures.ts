import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { v7 as uuidv7 } from 'uuid';
import wavefile from 'wavefile';
import type { Diagnosis } from '../../../shared/contract';
import type { Db } from '../platform/storage/database';
import { AssetsRepository, SitesRepository } from '../features/register';

/**
 * Real field data for tests and benchmarks of reports and sync: a site, an asset, and finished
 * sessions with real WAV files, PNG photos and readings, written as the recording feature writes
 * them (files in the data folder, paths relative to it, SHA-256 in the recordings table).
 */
export interface SeededSession {
  sessionId: string;
  assetId: string;
  siteId: string;
  recordingIds: string[];
  photoIds: string[];
  /** Absolute paths of every file the session owns, with their SHA-256. */
  files: { path: string; sha256: string }[];
}

export interface SeedOptions {
  assetId?: string;
  siteName?: string;
  customerName?: string | null;
  assetName?: string;
  technician?: string | null;
  notes?: string | null;
  startedAt?: string;
  /** Seconds of 16 kHz mono audio per recording (default 2). */
  audioSeconds?: number;
  recordings?: number;
  photos?: number;
  /** Readings at 10 Hz in one series (default 0). */
  readings?: number;
  /** Scales the readings, so sessions of one asset differ (baseline and trend). */
  level?: number;
  diagnosis?: boolean;
  /** Makes the audio differ from session to session. */
  seed?: number;
}

const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

export function seedSession(db: Db, dataDir: string, options: SeedOptions = {}): SeededSession {
  const now = () => new Date(options.startedAt ?? '2026-03-02T01:30:00.000Z');
  let assetId = options.assetId;
  let siteId: string;
  if (assetId) {
    siteId = (db.prepare('SELECT site_id FROM assets WHERE id = ?').get(assetId) as { site_id: string }).site_id;
  } else {
    const site = new SitesRepository(db, now).create({
      name: options.siteName ?? '행복마트 강남점',
      customerName: options.customerName === undefined ? '행복마트' : options.customerName,
      address: '서울 강남구 테헤란로 1',
    });
    siteId = site.id;
    assetId = new AssetsRepository(db, now).create(site.id, {
      name: options.assetName ?? '쇼케이스 압축기 1',
      kind: 'compressor',
      maker: 'Copeland',
      model: 'ZB38',
      refrigerant: 'R-404A',
    }).id;
  }
  const startedAt = options.startedAt ?? '2026-03-02T01:30:00.000Z';
  const endedAt = new Date(Date.parse(startedAt) + 15 * 60_000).toISOString();
  const sessionId = uuidv7();
  db.prepare(
    `INSERT INTO sessions (id, asset_id, technician, status, started_at, ended_at, notes, tags, created_at, updated_at)
     VALUES (?, ?, ?, 'finished', ?, ?, ?, '["test"]', ?, ?)`,
  ).run(sessionId, assetId, options.technician === undefined ? '김기사' : options.technician, startedAt, endedAt, options.notes ?? null, startedAt, endedAt);

  const files: SeededSession['files'] = [];
  const recordingIds: string[] = [];
  const seconds = options.audioSeconds ?? 2;
  for (let r = 0; r < (options.recordings ?? 1); r += 1) {
    const id = uuidv7();
    const wav = compressorWav(seconds, (options.seed ?? 1) * 31 + r);
    const relative = path.posix.join('recordings', sessionId, `${id}.wav`);
    const file = path.join(dataDir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, wav);
    const hash = sha256(wav);
    db.prepare(
      `INSERT INTO recordings (id, session_id, source, stream, status, path, sample_rate, channels, sample_format, frames,
                               duration_s, sha256, started_at, ended_at, created_at)
       VALUES (?, ?, 'microphone', 'audio', 'complete', ?, 16000, 1, 's16', ?, ?, ?, ?, ?, ?)`,
    ).run(id, sessionId, relative, seconds * 16000, seconds, hash, startedAt, endedAt, startedAt);
    recordingIds.push(id);
    files.push({ path: file, sha256: hash });
  }

  if ((options.readings ?? 0) > 0) {
    const id = uuidv7();
    db.prepare(
      `INSERT INTO recordings (id, session_id, device_id, source, stream, status, started_at, created_at)
       VALUES (?, ?, NULL, 'sensor', 'readings', 'complete', ?, ?)`,
    ).run(id, sessionId, startedAt, startedAt);
    const series = db.prepare('INSERT INTO reading_series (recording_id) VALUES (?)').run(id).lastInsertRowid;
    const insert = db.prepare(
      `INSERT INTO readings (series_id, t_us, temperature_c, vib_x_g, vib_y_g, vib_z_g, current_a, power_w, audio_level_db, quality)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const level = options.level ?? 1;
    const t0 = Date.parse(startedAt) * 1000;
    db.transaction(() => {
      for (let i = 0; i < options.readings!; i += 1) {
        const phase = i / 10;
        insert.run(series, t0 + i * 100_000, 4 + Math.sin(phase) * 0.3, 0.02 * level * Math.sin(i * 1.3), -0.01 * level * Math.cos(i * 0.7), 0.98 + 0.01 * level * Math.sin(i * 2.1), 3.1 * level, 700 * level, 62, i % 7 === 0 ? null : 0.97);
      }
    })();
    recordingIds.push(id);
  }

  const photoIds: string[] = [];
  for (let p = 0; p < (options.photos ?? 0); p += 1) {
    const id = uuidv7();
    const relative = path.posix.join('photos', sessionId, `${id}.png`);
    const file = path.join(dataDir, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const png = testPng(64, 48, p);
    fs.writeFileSync(file, png);
    db.prepare('INSERT INTO session_photos (id, session_id, path, caption, taken_at, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      id,
      sessionId,
      relative,
      p === 0 ? '명판 (nameplate)' : `사진 ${p + 1}`,
      startedAt,
      startedAt,
    );
    photoIds.push(id);
    files.push({ path: file, sha256: sha256(png) });
  }

  if (options.diagnosis) {
    // A stored result as the diagnosis engine makes it (schema 5 keeps the whole Diagnosis).
    const bearing = { key: 'bearing_wear', name: { ko: '베어링 마모', en: 'Bearing wear' } };
    const diagnosis: Diagnosis = {
      id: uuidv7(),
      createdAt: endedAt,
      source: recordingIds[0] ? { kind: 'recording', recordingId: recordingIds[0] } : { kind: 'samples', label: 'fixture' },
      modality: 'vibration',
      status: 'diagnosed',
      uncertainReasons: [],
      unavailable: null,
      condition: bearing,
      confidence: 0.87,
      probabilities: [
        { ...bearing, probability: 0.87 },
        { key: 'normal', name: { ko: '정상', en: 'Normal' }, probability: 0.13 },
      ],
      severity: 'warning',
      evidence: [
        evidenceItem('defect_bpfo', 107.4, 20, { ko: '외륜 결함 주파수(BPFO) 107.4 Hz에서 충격이 보입니다.', en: 'Impacts at the outer-race defect frequency (BPFO) 107.4 Hz.' }),
        evidenceItem('order_1x', 58.3, 14, { ko: '1x 58.3 Hz가 잡음보다 14 dB 높습니다.', en: '1x at 58.3 Hz is 14 dB above the noise floor.' }),
      ],
      spectrum: null,
      envelopeSpectrum: {
        kind: 'envelope',
        band: { loHz: 1000, hiHz: 1400 },
        reference: 'one_g',
        fromHz: 0,
        stepHz: 1,
        resolutionHz: 1,
        db: Array.from({ length: 400 }, (_, i) => -60 + 20 * Math.exp(-(((i - 107) / 2) ** 2)) + 10 * Math.exp(-(((i - 58) / 2) ** 2))),
        floorDb: Array.from({ length: 400 }, () => -60),
        markers: [
          { hz: 58.3, kind: 'order', label: { ko: '1x', en: '1x' }, levelDb: 10 },
          { hz: 107.4, kind: 'defect', label: { ko: 'BPFO', en: 'BPFO' }, levelDb: 20 },
        ],
      },
      vibration: { velocityRmsMmS: 3.2, isoZone: 'C', isoClass: 'I', accelerationRmsG: 0.4, bandwidth: 'narrowband' },
      running: null,
      quality: null,
      recommendations: [{ ko: '2주 안에 베어링을 교체하십시오.', en: 'Replace the bearing within two weeks.' }],
      model: { id: 'bearing-vibration-narrowband', version: 'test-model-1', featureSchema: { id: 'bearing-vibration-narrowband', hash: '0'.repeat(64) } },
      timings: { readMs: 0, resampleMs: 0, featuresMs: 0, inferenceMs: 0, totalMs: 0 },
      baseline: null,
    };
    db.prepare(
      `INSERT INTO diagnoses (id, session_id, recording_id, model_version, condition, severity, confidence, probabilities, evidence, created_at,
                              result, status, modality)
       VALUES (?, ?, ?, 'test-model-1', 'bearing_wear', 'warning', 0.87, '[]', '[]', ?, ?, 'diagnosed', 'vibration')`,
    ).run(diagnosis.id, sessionId, recordingIds[0] ?? null, endedAt, JSON.stringify(diagnosis));
  }

  return { sessionId, assetId, siteId, recordingIds, photoIds, files };
}

/** A compressor-like tone: 58 Hz hum with harmonics and a little noise, 16-bit mono at 16 kHz. */
export function compressorWav(seconds: number, seed: number): Buffer {
  const rate = 16000;
  const samples = new Int16Array(Math.round(seconds * rate));
  let state = seed >>> 0 || 1;
  for (let i = 0; i < samples.length; i += 1) {
    state = (state * 1664525 + 1013904223) >>> 0;
    const t = i / rate;
    const v = 0.3 * Math.sin(2 * Math.PI * 58.3 * t) + 0.15 * Math.sin(2 * Math.PI * 116.6 * t) + 0.05 * (state / 2 ** 32 - 0.5);
    samples[i] = Math.round(v * 32767);
  }
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, rate, '16', samples);
  return Buffer.from(wav.toBuffer());
}

/** A small real PNG (a colour gradient), written with zlib: enough for pdfkit to embed. */
export function testPng(width: number, height: number, variant: number): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 3 + 1);
    raw[row] = 0;
    for (let x = 0; x < width; x += 1) {
      raw[row + 1 + x * 3] = (x * 4 + variant * 40) & 255;
      raw[row + 2 + x * 3] = (y * 5) & 255;
      raw[row + 3 + x * 3] = 160;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function evidenceItem(key: string, hz: number, levelDb: number, statement: { ko: string; en: string }): Diagnosis['evidence'][number] {
  return { key, feature: null, frequencyHz: hz, order: null, levelDb, value: null, unit: null, supports: 'bearing_wear', statement };
}
