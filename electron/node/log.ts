import pino from 'pino';

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

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  const level = options.level ?? process.env.SIGNALCRAFT_LOG_LEVEL ?? 'info';
  const settings: pino.LoggerOptions = {
    level,
    base: { app: 'signalcraft-field' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(settings, options.destination) : pino(settings, pino.destination(2));
}

export const silentLogger = (): Logger => pino({ level: 'silent' });
