import path from 'node:path';
import { Command } from 'commander';
import { DATABASE_FILE, resolveDataDir } from '../../platform/paths';
import { repairDatabase, restoreBackup } from '../../platform/storage/repair';
import { DATA_DIR_HELP } from './options';

/** `repair-db`: the repair path the refusal of a damaged database points to (issue 14). */
export function repairDbCommand(): Command {
  return new Command('repair-db')
    .description('repair a damaged database: keep it aside, copy every readable row into a new one; recordings are re-attached at the next start')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action((opts: { dataDir?: string }) => {
      const file = path.join(resolveDataDir({ flag: opts.dataDir }), DATABASE_FILE);
      const result = repairDatabase(file);
      const lines = [`The damaged database was kept as ${result.keptAside}.`, `A new database was made at ${file} with what could be read:`];
      for (const t of result.tables) if (t.copied > 0 || t.partial) lines.push(`  ${t.table}: ${t.copied} rows${t.partial ? ' (part of it could not be read)' : ''}`);
      if (result.orphanRowsDropped > 0) lines.push(`${result.orphanRowsDropped} rows pointed at lost rows and were left out.`);
      lines.push('Start the app: recordings whose rows were lost are re-attached from their files, or listed in quarantine on the About page.');
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

/** `restore-db <backup>`: puts back a backup the app made, without losing later recordings. */
export function restoreDbCommand(): Command {
  return new Command('restore-db')
    .description('put back a database backup (signalcraft.db.v<N>.bak); the current file is kept aside and later recordings are re-attached at the next start')
    .argument('<backup>', 'the backup file')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action((backup: string, opts: { dataDir?: string }) => {
      const file = path.join(resolveDataDir({ flag: opts.dataDir }), DATABASE_FILE);
      const { replacedAside } = restoreBackup(file, path.resolve(backup));
      const lines = [`Restored ${backup} to ${file}.`];
      if (replacedAside) lines.push(`The database it replaced was kept as ${replacedAside}.`);
      lines.push('Start the app: recordings made after the backup are re-attached from their files.');
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
