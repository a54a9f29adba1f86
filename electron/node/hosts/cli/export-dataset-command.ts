import { Command } from 'commander';
import path from 'node:path';
import { createBackend } from '../backend';
import { defaultDatasetDir, exportFromDatabase } from '../../features/insight';
import { createLogger } from '../../platform/logging/log';
import { resolveDataDir } from '../../platform/paths';
import { DATA_DIR_HELP } from './options';

/**
 * `signalcraft-field export-dataset`: the technician-labelled recordings, their features and
 * labels, in the layout models/training reads (see models/README.md), so that field data can
 * retrain the models.
 */
export function exportDatasetCommand(): Command {
  return new Command('export-dataset')
    .description('write the labelled recordings (features, labels, WAV copies) for training: <out>/field-<schema>.npy + .json')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .option('-o, --out <dir>', 'folder to write (default: <data folder>/exports/dataset-<time>)')
    .action(async (opts: { dataDir?: string; out?: string }) => {
      const log = createLogger({ level: 'warn' });
      const dataDir = resolveDataDir({ flag: opts.dataDir });
      // The database is opened (and migrated) as the app opens it; the folder is the one asked for.
      const backend = createBackend({ dataDir, runtime: 'cli', log });
      try {
        const now = new Date();
        const result = exportFromDatabase(backend.db, dataDir, opts.out ? path.resolve(opts.out) : defaultDatasetDir(dataDir, now), now);
        const lines = [
          `Wrote ${result.dir}`,
          ...result.sets.map((s) => `  ${s.name}: ${s.rows} labelled recordings`),
          `  ${result.recordings} recording files copied`,
          ...result.skipped.map((s) => `  left out ${s.recordingId}: ${s.reason}`),
        ];
        if (result.sets.length === 0) lines.push('  No labelled recording yet: label diagnoses on the session page first.');
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        await backend.close();
      }
    });
}
