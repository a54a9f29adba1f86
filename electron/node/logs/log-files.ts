import fs from 'node:fs';
import path from 'node:path';
import pinoRoll from 'pino-roll';
import { addLogDestination, type Logger } from '../log';

export const LOG_DIR = 'logs';
/** pino-roll numbers the files: signalcraft.1.log, signalcraft.2.log, ... */
export const LOG_BASENAME = 'signalcraft';
const LOG_FILE_PATTERN = /^signalcraft\.\d+\.log$/;

export interface LogFiles {
  dir: string;
  /** Writes what is buffered (before a diagnostics bundle reads the files, or at exit). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Rotating JSON log files in the data folder: a new file each day or at 5 MB, the 5 newest kept
 * (about 25 MB at most). Writes are batched in memory (4 KB) and written asynchronously by
 * sonic-boom, so logging never waits on the disk; the buffer is flushed at exit.
 */
export async function attachLogFiles(
  log: Logger,
  dataDir: string,
  options: { size?: string; keep?: number; minLength?: number } = {},
): Promise<LogFiles> {
  const dir = path.join(dataDir, LOG_DIR);
  const stream = await pinoRoll({
    file: path.join(dir, LOG_BASENAME),
    extension: '.log',
    size: options.size ?? '5m',
    frequency: 'daily',
    limit: { count: (options.keep ?? 5) - 1 },
    mkdir: true,
    // Symbolic links need administrator rights on Windows.
    symlink: false,
    minLength: options.minLength ?? 4096,
    sync: false,
  });
  stream.on('error', () => {
    // A full or read-only disk must not take the app down; stderr still has the logs.
  });
  // sonic-boom's typings omit `destroyed`, which it sets once closed.
  const isClosed = () => (stream as unknown as { destroyed?: boolean }).destroyed === true;
  addLogDestination(log, stream, 'info');
  const flushAtExit = () => {
    try {
      stream.flushSync();
    } catch {
      // already closed or mid-write: nothing more can be done at exit
    }
  };
  process.once('exit', flushAtExit);

  const flush = () =>
    new Promise<void>((resolve) => {
      if (isClosed()) return resolve();
      stream.flush(() => resolve());
    });
  return {
    dir,
    flush,
    close: async () => {
      process.removeListener('exit', flushAtExit);
      await flush();
      await new Promise<void>((resolve) => {
        if (isClosed()) return resolve();
        stream.once('close', () => resolve());
        stream.end();
      });
    },
  };
}

/** The log files in a data folder, oldest first. */
export function listLogFiles(dataDir: string): string[] {
  const dir = path.join(dataDir, LOG_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => LOG_FILE_PATTERN.test(n));
  } catch {
    return [];
  }
  const number = (n: string) => Number(n.split('.')[1]);
  return names.sort((a, b) => number(a) - number(b)).map((n) => path.join(dir, n));
}
