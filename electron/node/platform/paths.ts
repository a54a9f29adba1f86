import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'SignalCraft Field';
export const DATA_DIR_ENV = 'SIGNALCRAFT_DATA_DIR';
export const DATABASE_FILE = 'signalcraft.db';

/**
 * The per-user data folder, the same one Electron's `app.getPath('userData')` gives, so the desktop
 * app, serve mode and the CLI share one register. An explicit flag wins over the environment
 * (tests, portable installs on a USB stick), which wins over the platform default.
 */
export function resolveDataDir(options: {
  flag?: string | undefined;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  home?: string;
}): string {
  const env = options.env ?? process.env;
  if (options.flag) return path.resolve(options.flag);
  const fromEnv = env[DATA_DIR_ENV];
  if (fromEnv) return path.resolve(fromEnv);

  const platform = options.platform ?? process.platform;
  const home = options.home ?? os.homedir();
  switch (platform) {
    case 'win32':
      return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
    default:
      return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
  }
}
