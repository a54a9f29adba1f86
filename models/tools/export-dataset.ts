import fs from 'node:fs';
import path from 'node:path';
import { CONDITIONS } from '../../electron/node/features/diagnosis/conditions';
import { SOUND_SCHEMA, SOUND_SCHEMA_HASH } from '../../electron/node/features/diagnosis/extraction/sound';
import { VIBRATION_SCHEMA_HASHES, VIBRATION_SCHEMAS, type VibrationBandwidth } from '../../electron/node/features/diagnosis/extraction/vibration';
import { SOUND_CONDITIONS, VIBRATION_CONDITIONS } from '../../electron/node/features/diagnosis/synth/spec';
import { writeNpy } from './npy';
import { extractAll, type RowResult, serveAsWorker, type SpeedSource } from './parallel';
import { cwruFiles, cwruLoad, cwruRecipes, type Recipe, SEEDS, soundRecipes, vibrationRecipes } from './recipes';

/**
 * `npm run models:train` step 1: features of synthetic and real (CWRU) recordings, computed by the
 * app's own extractor and written for the Python trainer (models/training/data/<set>.npy + .json).
 *
 *   node export-dataset.mjs <out-dir> [--quick] [--only=<set-name prefix>]
 *
 * `--only=vib-wideband` writes only the sets whose names start so (the CWRU fold models of one
 * bandwidth need no sound features, which are most of the work).
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const out = args.find((a) => !a.startsWith('--')) ?? 'models/training/data';
  const quick = args.includes('--quick');
  const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? '';
  const scale = quick ? 0.1 : 1;
  fs.mkdirSync(out, { recursive: true });
  const n = (count: number) => Math.max(4, Math.round(count * scale));

  const sets: { name: string; schemaId: string; schemaHash: string; names: readonly string[]; classes: readonly string[]; recipes: Recipe[]; speed: SpeedSource }[] = [
    { name: 'sound-train', ...soundSchema(), recipes: soundRecipes(SEEDS.train, n(350), 'train'), speed: 'estimated' },
    { name: 'sound-val', ...soundSchema(), recipes: soundRecipes(SEEDS.validation, n(80), 'train'), speed: 'estimated' },
  ];
  for (const bandwidth of ['wideband', 'narrowband'] as const) {
    const rate = bandwidth === 'wideband' ? 12_000 : 3200;
    sets.push(
      { name: `vib-${bandwidth}-synth`, ...vibrationSchema(bandwidth), recipes: vibrationRecipes(SEEDS.train, n(240), 'train', rate), speed: 'given' },
      { name: `vib-${bandwidth}-synth-val`, ...vibrationSchema(bandwidth), recipes: vibrationRecipes(SEEDS.validation, n(60), 'train', rate), speed: 'given' },
      { name: `vib-${bandwidth}-cwru`, ...vibrationSchema(bandwidth), recipes: cwruRecipes(cwruFiles(), bandwidth === 'narrowband' ? 3200 : undefined), speed: 'given' },
      { name: `vib-${bandwidth}-cwru-estimated`, ...vibrationSchema(bandwidth), recipes: cwruRecipes(cwruFiles(), bandwidth === 'narrowband' ? 3200 : undefined), speed: 'estimated' },
    );
  }

  for (const set of sets.filter((s) => s.name.startsWith(only))) {
    const started = Date.now();
    let last = 0;
    const rows = await extractAll(new URL(import.meta.url), set.recipes, {
      speed: set.speed,
      onProgress: (done, total) => {
        if (Date.now() - last > 5000 || done === total) {
          last = Date.now();
          process.stdout.write(`  ${set.name}: ${done}/${total}\r`);
        }
      },
    });
    const failed = rows.filter((r) => r.error);
    if (failed.length > 0) throw new Error(`${set.name}: ${failed.length} clips failed, first: ${failed[0]!.error}`);
    const wrong = rows.find((r) => r.schemaId !== set.schemaId);
    if (wrong) throw new Error(`${set.name}: row ${wrong.index} has schema ${wrong.schemaId}, expected ${set.schemaId}`);
    write(out, set, rows);
    process.stdout.write(`  ${set.name}: ${rows.length} rows in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }
}

function soundSchema() {
  return { schemaId: SOUND_SCHEMA.id, schemaHash: SOUND_SCHEMA_HASH, names: SOUND_SCHEMA.names, classes: SOUND_CONDITIONS };
}

function vibrationSchema(bandwidth: VibrationBandwidth) {
  const schema = VIBRATION_SCHEMAS[bandwidth];
  return { schemaId: schema.id, schemaHash: VIBRATION_SCHEMA_HASHES[bandwidth], names: schema.names, classes: VIBRATION_CONDITIONS };
}

function write(out: string, set: { name: string; schemaId: string; schemaHash: string; names: readonly string[]; classes: readonly string[]; speed: SpeedSource }, rows: RowResult[]): void {
  writeNpy(path.join(out, `${set.name}.npy`), rows.map((r) => r.features), set.names.length);
  const labels = rows.map((r) => set.classes.indexOf(String(r.meta.condition)));
  const meta = {
    set: set.name,
    schemaId: set.schemaId,
    schemaHash: set.schemaHash,
    featureNames: set.names,
    classes: set.classes,
    classNames: set.classes.map((c) => CONDITIONS[c as keyof typeof CONDITIONS].name),
    speedSource: set.speed,
    labels,
    // CWRU: group by motor load so that evaluation holds out whole loads, never windows of one recording.
    groups: rows.map((r) => (r.meta.file ? cwruLoad(Number(r.meta.rpm)) : -1)),
    rows: rows.map((r) => r.meta),
    createdAt: new Date().toISOString(),
  };
  fs.writeFileSync(path.join(out, `${set.name}.json`), `${JSON.stringify(meta)}\n`);
}

// Last, so that every module-level constant above is initialised before main runs.
if (!serveAsWorker()) await main();
