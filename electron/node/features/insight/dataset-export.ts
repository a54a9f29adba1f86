import fs from 'node:fs';
import path from 'node:path';
import type { ExportDatasetResult } from '../../../../shared/contract';
import { CONDITIONS } from '../diagnosis';
import { EXTRACTOR_SCHEMAS } from '../diagnosis';
import { SOUND_SCHEMA } from '../diagnosis';
import { SOUND_CONDITIONS, VIBRATION_CONDITIONS } from '../diagnosis';
import { writeNpy } from '../diagnosis';
import { RecordingsRepository } from '../recording';
import type { Db } from '../../platform/storage/database';
import { InsightRepository } from './insight-repository';

/** Where the app writes a dataset when nobody says: a new folder under the data folder's exports. */
export function defaultDatasetDir(dataDir: string, now: Date): string {
  return path.join(dataDir, 'exports', `dataset-${now.toISOString().replace(/[:.]/g, '-')}`);
}

/** The export from the app's database and data folder (the feature and the CLI share it). */
export function exportFromDatabase(db: Db, dataDir: string, out: string, now: Date): ExportDatasetResult {
  const recordings = new RecordingsRepository(db);
  return exportDataset(
    {
      repo: new InsightRepository(db),
      recordingFile: (id) => {
        const row = recordings.row(id);
        return row.path ? path.join(dataDir, row.path) : null;
      },
    },
    out,
    now,
  );
}

export interface DatasetSources {
  repo: InsightRepository;
  /** Absolute path of a recording's kept WAV, or null when it has none. */
  recordingFile(recordingId: string): string | null;
}

interface Row {
  features: number[];
  label: number;
  group: number;
  meta: Record<string, string | number | null>;
}

/**
 * Writes the technician-labelled recordings as the training pipeline reads its sets
 * (models/training/data/<set>.npy + <set>.json, see models/README.md): one set per feature schema,
 * named `field-<schema id>` (field-compressor-sound, field-bearing-vibration-wideband, ...), the
 * features being the ones the app computed when it diagnosed the recording, the label the
 * technician's newest word on it. The recordings themselves are copied under `recordings/` so the
 * features can be recomputed when the extractor changes. Groups are assets: evaluation must hold
 * out whole machines, never recordings of one machine on both sides.
 */
export function exportDataset(sources: DatasetSources, out: string, now: Date): ExportDatasetResult {
  const sets = new Map<string, { schemaId: string; schemaHash: string; rows: Row[] }>();
  const skipped: ExportDatasetResult['skipped'] = [];
  const assets = new Map<string, number>();
  fs.mkdirSync(path.join(out, 'recordings'), { recursive: true });
  let copied = 0;

  for (const label of sources.repo.latestLabels()) {
    const recordingId = label.recordingId!;
    const record = sources.repo.forRecording(recordingId).find((r) => r.diagnosis.baseline !== null);
    if (!record?.diagnosis.baseline) {
      skipped.push({ recordingId, reason: 'no diagnosis with features (no model was installed when it was analysed)' });
      continue;
    }
    const schema = record.diagnosis.baseline.featureSchema;
    const classes: readonly string[] = schema.id === SOUND_SCHEMA.id ? SOUND_CONDITIONS : VIBRATION_CONDITIONS;
    const index = classes.indexOf(label.condition);
    if (index < 0) {
      skipped.push({ recordingId, reason: `the label "${label.condition}" is not one of the ${schema.id} classes (${classes.join(', ')})` });
      continue;
    }
    const source = sources.recordingFile(recordingId);
    let file: string | null = null;
    if (source && fs.existsSync(source)) {
      file = `recordings/${recordingId}${path.extname(source) || '.wav'}`;
      fs.copyFileSync(source, path.join(out, file));
      copied += 1;
    }
    if (!assets.has(record.assetId)) assets.set(record.assetId, assets.size);
    const set = sets.get(schema.id) ?? { schemaId: schema.id, schemaHash: schema.hash, rows: [] };
    if (set.schemaHash !== schema.hash) {
      skipped.push({ recordingId, reason: `diagnosed with another version of the ${schema.id} features; analyse it again first` });
      continue;
    }
    set.rows.push({
      features: record.diagnosis.baseline.features,
      label: index,
      group: assets.get(record.assetId)!,
      meta: {
        condition: label.condition,
        recordingId,
        sessionId: label.sessionId,
        assetId: record.assetId,
        diagnosisId: record.id,
        modelCondition: record.diagnosis.condition?.key ?? null,
        modelVersion: record.diagnosis.model?.version ?? null,
        verdict: label.verdict,
        found: label.found,
        repaired: label.repaired,
        afterRepairOf: label.afterRepairOf,
        technician: label.technician,
        labelledAt: label.createdAt,
        file,
      },
    });
    sets.set(schema.id, set);
  }

  const written: ExportDatasetResult['sets'] = [];
  for (const set of sets.values()) {
    const name = `field-${set.schemaId}`;
    const names = EXTRACTOR_SCHEMAS[set.schemaId]?.names ?? [];
    const classes: readonly string[] = set.schemaId === SOUND_SCHEMA.id ? SOUND_CONDITIONS : VIBRATION_CONDITIONS;
    writeNpy(path.join(out, `${name}.npy`), set.rows.map((r) => r.features), names.length);
    const meta = {
      set: name,
      schemaId: set.schemaId,
      schemaHash: set.schemaHash,
      featureNames: names,
      classes,
      classNames: classes.map((c) => CONDITIONS[c as keyof typeof CONDITIONS].name),
      speedSource: 'estimated',
      labelSource: 'technician',
      labels: set.rows.map((r) => r.label),
      groups: set.rows.map((r) => r.group),
      rows: set.rows.map((r) => r.meta),
      createdAt: now.toISOString(),
    };
    fs.writeFileSync(path.join(out, `${name}.json`), `${JSON.stringify(meta, null, 1)}\n`);
    written.push({ name, rows: set.rows.length });
  }
  return { dir: out, sets: written, recordings: copied, skipped };
}
