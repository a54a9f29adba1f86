import { InvalidArgumentError } from 'commander';

export const DATA_DIR_HELP = 'data folder (default: the per-user app data folder, or $SIGNALCRAFT_DATA_DIR)';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('must be a whole number from 0 to 65535.');
  }
  return port;
}
