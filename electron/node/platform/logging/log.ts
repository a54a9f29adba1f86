import pino from 'pino';
import { scrubSecrets } from '../privacy/scrub';

export type Logger = pino.Logger;

/**
 * Structured JSON logs. Tokens and personal fields are redacted at the source so that no
 * transport, file or crash report ever sees them.
 */
export const REDACTED_PATHS = [
  'token',
  'password',
  'authorization',
  'cookie',
  '*.token',
  '*.password',
  '*.authorization',
  '*.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
];

/** Where each logger writes: more destinations (the rotating files) can be added after creation. */
const outputs = new WeakMap<Logger, pino.MultiStreamRes>();

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const level = options.level ?? process.env.SIGNALCRAFT_LOG_LEVEL ?? 'info';
  const streams = pino.multistream([{ level: level as pino.Level, stream: options.destination ?? pino.destination(2) }]);
  const settings: pino.LoggerOptions = {
    level,
    base: { app: 'signalcraft-field' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Redaction above covers known fields; this catches secrets inside messages and error text
    // (a URL with ?pair=, a Bearer header quoted in an error) before any destination sees them.
    hooks: { streamWrite: scrubSecrets },
  };
  const logger = pino(settings, streams);
  outputs.set(logger, streams);
  return logger;
}

/** Adds a destination at `level` (and lowers the logger's level if needed for it to receive lines). */
export function addLogDestination(logger: Logger, stream: pino.DestinationStream, level: pino.Level): void {
  const streams = outputs.get(logger);
  if (!streams) throw new Error('addLogDestination needs a logger made by createLogger');
  streams.add({ level, stream });
  if (logger.levels.values[level]! < logger.levelVal) logger.level = level;
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
