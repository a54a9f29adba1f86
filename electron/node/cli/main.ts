import { Command, InvalidArgumentError } from 'commander';
import { appVersion, RENDERER_DIR } from '../app-meta';
import { createBackend } from '../backend';
import { createLogger } from '../log';
import { resolveDataDir } from '../paths';
import { startServer } from '../serve/server';
import { formatHealthReport } from './format-health';

/**
 * `signalcraft-field`: the same back end as the desktop app, from a terminal. Later issues add
 * subcommands (simulate, synth, analyze, export-dataset) here.
 */
export function buildCli(): Command {
  const program = new Command('signalcraft-field')
    .description('SignalCraft Field: compressor diagnostics for refrigeration technicians.')
    .version(appVersion(), '-v, --version', 'print the app version')
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: true });

  program
    .command('serve')
    .description('run the app in a browser: serves the UI and back end on http://127.0.0.1:<port>')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', parsePort, 5180)
    .option('--lan', 'also listen on the local network; browsers then need the pairing link', false)
    .option('--pairing-token <token>', 'use this pairing token instead of a random one (with --lan)')
    .option('--data-dir <dir>', 'data folder (default: the per-user app data folder, or $SIGNALCRAFT_DATA_DIR)')
    .action(async (opts: { port: number; lan: boolean; pairingToken?: string; dataDir?: string }) => {
      const log = createLogger();
      const dataDir = resolveDataDir({ flag: opts.dataDir });
      const backend = createBackend({ dataDir, runtime: 'serve', log });
      let server;
      try {
        server = await startServer({
          backend,
          log,
          rendererDir: RENDERER_DIR,
          port: opts.port,
          lan: opts.lan,
          ...(opts.pairingToken ? { pairingToken: opts.pairingToken } : {}),
        });
      } catch (error) {
        backend.close();
        throw error;
      }
      const lines = [`SignalCraft Field is running at ${server.localUrl}`, `Data folder: ${dataDir}`];
      if (server.pairingUrls.length > 0) {
        lines.push('On the local network, open one of these pairing links on the tablet or gateway:');
        lines.push(...server.pairingUrls.map((u) => `  ${u}`));
      }
      lines.push('Press Ctrl+C to stop.');
      process.stdout.write(`${lines.join('\n')}\n`);

      const stop = async () => {
        await server.close();
        backend.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });

  program
    .command('doctor')
    .description('check this installation: native modules, database, disk, model; exits 1 when something is broken')
    .option('--json', 'print the report as JSON', false)
    .option('--data-dir <dir>', 'data folder to check')
    .action(async (opts: { json: boolean; dataDir?: string }) => {
      const log = createLogger({ level: 'warn' });
      const dataDir = resolveDataDir({ flag: opts.dataDir });
      const backend = createBackend({ dataDir, runtime: 'cli', log });
      try {
        const report = await backend.health();
        process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatHealthReport(report));
        process.exitCode = report.status === 'fail' ? 1 : 0;
      } finally {
        backend.close();
      }
    });

  return program;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('must be a whole number from 0 to 65535.');
  }
  return port;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    // Errors meant for people (storage problems, missing build) are printed plainly, without a stack.
    process.stderr.write(`signalcraft-field: ${(error as Error).message}\n`);
    process.exitCode = 2;
  }
}
