import { z } from 'zod';

export const CheckStatus = z.enum(['ok', 'warn', 'fail']);
export type CheckStatus = z.infer<typeof CheckStatus>;

export const HealthCheck = z.object({
  /** Stable key, e.g. `native.better-sqlite3`, `model`, `database`. */
  id: z.string(),
  status: CheckStatus,
  /** Short English detail (version loaded, or what failed and what to do), for logs, the CLI and support. */
  detail: z.string(),
  /** What the UI words from its catalogue (`about.checkDetail.<reason>`), with the values its sentence needs. */
  reason: z.string().optional(),
  values: z.record(z.string(), z.string()).optional(),
});
export type HealthCheck = z.infer<typeof HealthCheck>;

export const Runtime = z.enum(['electron', 'serve', 'cli']);
export type Runtime = z.infer<typeof Runtime>;

export const AppInfo = z.object({
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  runtime: Runtime,
  platform: z.string(),
  nodeVersion: z.string(),
  electronVersion: z.string().nullable(),
  dataDir: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const HealthReport = z.object({
  app: AppInfo,
  databasePath: z.string(),
  databaseBytes: z.number().int().nonnegative(),
  checks: z.array(HealthCheck),
  /** The worst status of all checks. */
  status: CheckStatus,
});
export type HealthReport = z.infer<typeof HealthReport>;

export function worstStatus(statuses: readonly CheckStatus[]): CheckStatus {
  if (statuses.includes('fail')) return 'fail';
  if (statuses.includes('warn')) return 'warn';
  return 'ok';
}
