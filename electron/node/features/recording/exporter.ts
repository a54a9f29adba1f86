import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { exportUrl, type SessionDetail } from '../../../../shared/contract';
import type { Db } from '../../platform/storage/database';
import type { FileStore } from './file-store';
import type { RecordingRow } from './recordings-repository';

export interface ExportDeps {
  db: Db;
  files: FileStore;
  appVersion: string;
}

/** Pressures last, so a sheet built on the older columns still finds them where they were; absolute kPa, as stored. */
const READING_COLUMNS = ['t_us', 'time', 'temperature_c', 'vib_x_g', 'vib_y_g', 'vib_z_g', 'current_a', 'power_w', 'audio_level_db', 'quality', 'suction_kpa', 'discharge_kpa'] as const;

/** A file name safe on every OS, keeping Korean letters. */
export function safeName(text: string): string {
  const cleaned = text
    .normalize('NFC')
    .replace(/[\\/:*?"<>|]+/g, '-')
    .replace(/\p{Cc}+/gu, '')
    .replace(/\s+/g, '_')
    .replace(/^[.-]+/, '')
    .slice(0, 60);
  return cleaned === '' ? 'session' : cleaned;
}

/**
 * One zip per session for whoever needs the raw data (the office, a specialist, another tool):
 *
 *   session.json            everything known about the visit: site, asset, technician, notes, tags,
 *                           devices and link health, every recording with its format, timeline and gaps
 *   audio/…, vibration/…    the recordings' WAV files
 *   readings/<id>.csv       readings with their timeline (µs and ISO time)
 *   originals/…             imported files as they came
 *   photos/…
 *
 * Written to a temp file and renamed into exports/, so a half-written zip never appears there.
 */
export async function exportSession(
  deps: ExportDeps,
  detail: SessionDetail,
  rows: RecordingRow[],
  photoPaths: Map<string, string>,
): Promise<{ fileName: string; url: string; path: string; bytes: number }> {
  const { files } = deps;
  const zip = new yazl.ZipFile();
  const day = detail.startedAt.slice(0, 10);
  const fileName = `${safeName(detail.siteName)}_${safeName(detail.assetName)}_${day}_${detail.id.slice(-8)}.zip`;
  const entries: { recordingId: string; file: string; kind: string }[] = [];

  rows.forEach((r, i) => {
    const n = String(i + 1).padStart(2, '0');
    const base = `${n}-${r.source}${r.device_id ? `-${safeName(r.device_id)}` : ''}`;
    if (r.path && r.stream !== 'readings' && r.frames > 0) {
      const ext = path.extname(r.path) || '.wav';
      const name = `${r.stream}/${base}${ext}`;
      zip.addFile(files.abs(r.path), name, { compress: false });
      entries.push({ recordingId: r.id, file: name, kind: 'samples' });
    }
    if (r.original_path && r.original_path !== r.path) {
      const name = `originals/${n}-${safeName(r.original_name ?? path.basename(r.original_path))}`;
      zip.addFile(files.abs(r.original_path), name);
      entries.push({ recordingId: r.id, file: name, kind: 'original' });
    } else if (r.original_path) {
      entries.push({ recordingId: r.id, file: `${r.stream}/${base}${path.extname(r.original_path)}`, kind: 'original' });
    }
    if (r.stream === 'readings') {
      const name = `readings/${base}.csv`;
      zip.addBuffer(Buffer.from(readingsCsv(deps.db, r.id), 'utf8'), name);
      entries.push({ recordingId: r.id, file: name, kind: 'readings' });
    }
  });
  for (const photo of detail.photos) {
    const rel = photoPaths.get(photo.id);
    if (!rel) continue;
    const name = `photos/${photo.id}${path.extname(rel)}`;
    zip.addFile(files.abs(rel), name, { compress: false });
  }
  const metadata = {
    format: 'signalcraft-field.session-export',
    version: 1,
    exportedAt: new Date().toISOString(),
    appVersion: deps.appVersion,
    timeline: 'startUs, gaps[].startUs/endUs: microseconds since the Unix epoch on the session timeline (sensor time aligned to the laptop clock)',
    session: detail,
    files: entries,
  };
  zip.addBuffer(Buffer.from(`${JSON.stringify(metadata, null, 2)}\n`, 'utf8'), 'session.json');
  zip.end();

  fs.mkdirSync(files.exportsDir, { recursive: true });
  const temp = files.tempFile(`export-${detail.id}-${Date.now()}.zip`);
  try {
    await pipeline(zip.outputStream, fs.createWriteStream(temp));
    const target = path.join(files.exportsDir, fileName);
    files.commit(temp, path.relative(files.dataDir, target));
    return { fileName, url: exportUrl(fileName), path: target, bytes: fs.statSync(target).size };
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

function readingsCsv(db: Db, recordingId: string): string {
  const rows = db
    .prepare(
      `SELECT r.t_us, r.temperature_c, r.vib_x_g, r.vib_y_g, r.vib_z_g, r.current_a, r.power_w, r.audio_level_db, r.quality, r.suction_kpa, r.discharge_kpa
       FROM readings r JOIN reading_series s ON s.id = r.series_id WHERE s.recording_id = ? ORDER BY r.t_us`,
    )
    .all(recordingId) as Record<string, number | null>[];
  const lines = [READING_COLUMNS.join(',')];
  for (const row of rows) {
    const t = row.t_us!;
    lines.push(
      READING_COLUMNS.map((c) => {
        if (c === 'time') return new Date(Math.floor(t / 1000)).toISOString();
        const v = row[c];
        return v === null || v === undefined ? '' : String(v);
      }).join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
