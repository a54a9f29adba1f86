import { z } from 'zod';
import { method, NoParams } from './define';

/**
 * What start-up found of the data folder and repaired (issue 14): a database that was missing or
 * empty beside recordings, recordings re-attached from their files, files moved to quarantine.
 * Kept in the database until the technician dismisses it.
 */
export const StorageRepair = z.object({
  at: z.string(),
  /** `missing` / `empty`: there was no usable database beside the recordings; its index was rebuilt from the files. */
  database: z.enum(['ok', 'missing', 'empty']),
  reattached: z.number().int().nonnegative(),
  sessionsRebuilt: z.number().int().nonnegative(),
  quarantined: z.number().int().nonnegative(),
});
export type StorageRepair = z.infer<typeof StorageRepair>;

export const QuarantinedFile = z.object({ path: z.string(), bytes: z.number().int().nonnegative() });
export type QuarantinedFile = z.infer<typeof QuarantinedFile>;

export const StorageStatus = z.object({
  /** Absolute path of the quarantine folder in the data folder. */
  quarantineDir: z.string(),
  /** Files nothing could re-attach, kept byte for byte (paths relative to the data folder). */
  quarantined: z.array(QuarantinedFile),
  /** The last start-up repair the technician has not dismissed yet. */
  repair: StorageRepair.nullable(),
});
export type StorageStatus = z.infer<typeof StorageStatus>;

export const storageMethods = {
  'storage.status': method(NoParams, StorageStatus),
  /** The technician has read the recovery and repair notices: stop showing them. */
  'storage.dismissNotices': method(NoParams, z.object({ dismissed: z.literal(true) })),
};
