import { Command } from 'commander';
import { createBackend } from '../backend';
import { createLogger } from '../../platform/logging/log';
import { resolveDataDir } from '../../platform/paths';
import { StorageError } from '../../platform/storage/errors';
import { formatHealthReport } from './format-health';
import { DATA_DIR_HELP } from './options';

export function doctorCommand(): Command {
  return new Command('doctor')
    .description('check this installation: native modules, database, disk, model; exits 1 when something is broken')
    .option('--json', 'print the report as JSON', false)
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action(async (opts: { json: boolean; dataDir?: string }) => {
      const log = createLogger({ level: 'warn' });
      const dataDir = resolveDataDir({ flag: opts.dataDir });
      let backend: ReturnType<typeof createBackend>;
      try {
        backend = createBackend({ dataDir, runtime: 'cli', log });
      } catch (error) {
        // The same refusal serve gives (a damaged, foreign or too-new database): doctor says it as a failed check.
        if (!(error instanceof StorageError)) throw error;
        const check = { id: 'database', status: 'fail' as const, detail: error.message };
        if (opts.json) process.stdout.write(`${JSON.stringify({ status: 'fail', checks: [check] }, null, 2)}\n`);
        else process.stderr.write(`database  FAIL  ${error.message}\n`);
        process.exitCode = 1;
        return;
      }
      try {
        const report = await backend.health();
        process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatHealthReport(report));
        process.exitCode = report.status === 'fail' ? 1 : 0;
      } finally {
        await backend.close();
      }
    });
}
