import { Command } from 'commander';
import { appVersion } from '../../platform/app-meta';
import { analyzeCommand } from './analyze-command';
import { diagnosticsCommand } from './diagnostics-command';
import { doctorCommand } from './doctor-command';
import { serveCommand } from './serve-command';
import { simulateCommand } from './simulate-command';
import { synthCommand } from './synth-command';
import { exportDatasetCommand } from './export-dataset-command';
import { repairDbCommand, restoreDbCommand } from './database-commands';
import { thrownErrorText } from './cli-errors';
import { type Lang, localeLang } from './format-diagnosis';

/**
 * `signalcraft-field`: the same back end as the desktop app, from a terminal. Each subcommand
 * lives in its own file; add new ones here.
 */
export function buildCli(): Command {
  return new Command('signalcraft-field')
    .description('SignalCraft Field: compressor diagnostics for refrigeration technicians.')
    .version(appVersion(), '-v, --version', 'print the app version')
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: true })
    .addCommand(serveCommand())
    .addCommand(doctorCommand())
    .addCommand(simulateCommand())
    .addCommand(analyzeCommand())
    .addCommand(synthCommand())
    .addCommand(diagnosticsCommand())
    .addCommand(exportDatasetCommand())
    .addCommand(repairDbCommand())
    .addCommand(restoreDbCommand());
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    // Errors meant for people (storage problems, missing build) are printed plainly, without a stack.
    process.stderr.write(`signalcraft-field: ${thrownErrorText(error, argvLang(argv))}\n`);
    process.exitCode = 2;
  }
}

/** `--lang ko` (or `--lang=ko`) where a command takes it, else the terminal's locale. */
function argvLang(argv: string[]): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const value = i < 0 ? undefined : argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  return value === 'ko' || value === 'en' ? value : localeLang();
}
