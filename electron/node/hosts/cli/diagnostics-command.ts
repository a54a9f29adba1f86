import { Command } from 'commander';
import type { DiagnosticsBundle } from '../../../../shared/contract';
import { createBackend } from '../backend';
import { createLogger } from '../../platform/logging/log';
import { resolveDataDir } from '../../platform/paths';
import { appErrorOf } from './cli-errors';
import { DATA_DIR_HELP } from './options';

/** `signalcraft-field diagnostics`: the About page's "Export diagnostics bundle", for support on the phone. */
export function diagnosticsCommand(): Command {
  return new Command('diagnostics')
    .description('write a diagnostics bundle for support (versions, health, logs; no customer data) and print its path')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action(async (opts: { dataDir?: string }) => {
      const log = createLogger({ level: 'warn' });
      const dataDir = resolveDataDir({ flag: opts.dataDir });
      const backend = createBackend({ dataDir, runtime: 'cli', log });
      try {
        const outcome = await backend.dispatcher.dispatch('diagnostics.export', {}, { transport: 'cli' });
        if (!outcome.ok) throw appErrorOf(outcome.error);
        process.stdout.write(`${(outcome.result as DiagnosticsBundle).path}\n`);
      } finally {
        await backend.close();
      }
    });
}
