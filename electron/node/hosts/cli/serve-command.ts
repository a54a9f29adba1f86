import { Command } from 'commander';
import { RENDERER_DIR } from '../../platform/app-meta';
import { createBackend } from '../backend';
import { nodeCrashSdk } from '../../features/crash';
import { openLogFiles } from '../../platform/logging/log-files';
import { createLogger } from '../../platform/logging/log';
import { resolveDataDir } from '../../platform/paths';
import { DIAGNOSTICS_DOWNLOAD_PATH, startServer } from '../serve/server';
import { DATA_DIR_HELP, parsePort } from './options';

export function serveCommand(): Command {
  return new Command('serve')
    .description('run the app in a browser: serves the UI and back end on http://127.0.0.1:<port>')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', parsePort, 5180)
    .option('--lan', 'also listen on the local network; browsers then need the pairing link', false)
    .option('--pairing-token <token>', 'use this pairing token instead of a random one (with --lan)')
    .option('--data-dir <dir>', DATA_DIR_HELP)
    .action(async (opts: { port: number; lan: boolean; pairingToken?: string; dataDir?: string }) => {
      const log = createLogger();
      const dataDir = resolveDataDir({ flag: opts.dataDir });
      const logFiles = openLogFiles(log, dataDir);
      const backend = createBackend({
        dataDir,
        runtime: 'serve',
        log,
        shipping: { crashSdk: nodeCrashSdk(), logFiles, diagnosticsDownloadPath: DIAGNOSTICS_DOWNLOAD_PATH },
      });
      // A stop asked for during start-up waits for recovery to finish, then closes cleanly: no row
      // is left `recording` and no lock behind (issue 14).
      let server: Awaited<ReturnType<typeof startServer>> | null = null;
      let stopping: Promise<void> | null = null;
      const stop = () =>
        (stopping ??= (async () => {
          await backend.recover().catch(() => undefined);
          await server?.close();
          await backend.close();
          await logFiles.close();
          process.exit(0);
        })());
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      try {
        // Recovery before listening: nothing is served until interrupted recordings are repaired,
        // so no call can start a capture that recovery would then mistake for an interrupted one.
        await backend.recover();
        if (stopping) return;
        server = await startServer({
          backend,
          log,
          rendererDir: RENDERER_DIR,
          port: opts.port,
          lan: opts.lan,
          ...(opts.pairingToken ? { pairingToken: opts.pairingToken } : {}),
        });
      } catch (error) {
        await backend.close();
        await logFiles.close();
        throw error;
      }
      const lines = [`SignalCraft Field is running at ${server.localUrl}`, `Data folder: ${dataDir}`];
      if (server.pairingUrls.length > 0) {
        lines.push('On the local network, open one of these pairing links on the tablet or gateway:');
        lines.push(...server.pairingUrls.map((u) => `  ${u}`));
      }
      lines.push('Press Ctrl+C to stop.');
      process.stdout.write(`${lines.join('\n')}\n`);
      // The features' background work (device discovery, model loading, update checks) starts
      // after the address is out: the UI is already being served and never waits for it.
      await backend.start();
    });
}
