import fs from 'node:fs';
import path from 'node:path';
import { APP_ROOT, appVersion } from '../../platform/app-meta';

/** Overrides the DSN of the build (support's test project, the tests' local endpoint). */
export const DSN_ENV = 'SIGNALCRAFT_SENTRY_DSN';

export interface CrashConfig {
  /** null: this build has no crash-report endpoint, and reporting stays off whatever the consent. */
  dsn: string | null;
  release: string;
  environment: string;
}

/**
 * Where crash reports go comes from configuration, never from code: the environment variable
 * wins, then `crashReporting.dsn` in the packaged package.json, which the release sets with
 * electron-builder's `-c.extraMetadata.crashReporting.dsn=...` (docs/release.md).
 */
export function crashConfig(env: NodeJS.ProcessEnv = process.env, root = APP_ROOT): CrashConfig {
  const fromEnv = env[DSN_ENV]?.trim();
  const dsn = fromEnv ? fromEnv : packagedDsn(root);
  const release = `signalcraft-field@${appVersion()}`;
  return { dsn: dsn && isDsn(dsn) ? dsn : null, release, environment: /-(alpha|beta|rc)/.test(release) ? 'beta' : 'production' };
}

function packagedDsn(root: string): string | null {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { crashReporting?: { dsn?: unknown } };
    return typeof pkg.crashReporting?.dsn === 'string' ? pkg.crashReporting.dsn : null;
  } catch {
    return null;
  }
}

/** A Sentry DSN: http(s)://<public key>@<host>/<numeric project id>. */
export function isDsn(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.username !== '' && /^\/(?:.*\/)?\d+$/.test(url.pathname);
  } catch {
    return false;
  }
}
