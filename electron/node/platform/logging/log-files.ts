import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type SonicBoom from 'sonic-boom';
import { addLogDestination, type Logger } from './log';

export const LOG_DIR = 'logs';
/** pino-roll numbers the files: signalcraft.1.log, signalcraft.2.log, ... */
export const LOG_BASENAME = 'signalcraft';
const LOG_FILE_PATTERN = /^signalcraft\.\d+\.log$/;
/** Lines kept in memory while the files open; more are dropped rather than held. */
const MAX_PENDING_LINES = 10_000;

export interface LogFiles {
  dir: string;
  /** Resolves once the files are open (or could not be: the logs then go to stderr only). */
  ready: Promise<void>;
  /** Writes what is buffered (before a diagnostics bundle reads the files, or at exit). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export interface LogFileOptions {
  size?: string;
  keep?: number;
  /** Bytes batched in memory before a write. */
  minLength?: number;
}

/**
 * Rotating JSON log files in the data folder: a new file each day or at 5 MB, the 5 newest kept
 * (about 25 MB at most), by pino-roll (the pino team's rotation stream). Writes are batched in
 * memory (4 KB) and written asynchronously by sonic-boom, so logging never waits on the disk;
 * the buffer is flushed at exit.
 *
 * Returns at once: pino-roll (and the date library it uses) loads in the background, so the log
 * files cost start-up nothing. Lines logged meanwhile are held and written first.
 */
export function openLogFiles(log: Logger, dataDir: string, options: LogFileOptions = {}): LogFiles {
  const dir = path.join(dataDir, LOG_DIR);
  let stream: SonicBoom | null = null;
  let pending: string[] | null = [];
  // The destination pino writes to from the start; it forwards to the file stream once open.
  const relay = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      const line = chunk.toString();
      if (stream) {
        if (!isClosed()) stream.write(line);
      }
      else if (pending && pending.length < MAX_PENDING_LINES) pending.push(line);
      callback();
    },
  });
  addLogDestination(log, relay, 'info');

  const isClosed = () => stream === null || (stream as unknown as { destroyed?: boolean }).destroyed === true;
  const flushAtExit = () => {
    try {
      stream?.flushSync();
    } catch {
      // already closed or mid-write: nothing more can be done at exit
    }
  };

  const ready = (async () => {
    try {
      const { default: pinoRoll } = await import('pino-roll');
      const opened = await pinoRoll({
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
      opened.on('error', () => {
        // A full or read-only disk must not take the app down; stderr still has the logs.
      });
      for (const line of pending ?? []) opened.write(line);
      pending = null;
      stream = opened;
      process.once('exit', flushAtExit);
    } catch {
      pending = null; // no files (read-only data folder): stderr only
    }
  })();

  const flush = async () => {
    await ready;
    if (isClosed()) return;
    await new Promise<void>((resolve) => stream!.flush(() => resolve()));
  };
  return {
    dir,
    ready,
    flush,
    close: async () => {
      await flush();
      process.removeListener('exit', flushAtExit);
      if (isClosed()) return;
      const closing = stream!;
      await new Promise<void>((resolve) => {
        closing.once('close', () => resolve());
        closing.end();
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
