import { z } from 'zod';
import { method, NoParams, Timestamp } from './define';

/**
 * Work in progress that must not be interrupted: a recording, an import, an analysis, an upload.
 * The updater waits for the list to be empty before installing, and says why it waits.
 */
export const ActivityKind = z.enum(['recording', 'import', 'analysis', 'upload', 'export']);
export type ActivityKind = z.infer<typeof ActivityKind>;

export const Activity = z.object({
  id: z.string(),
  kind: ActivityKind,
  /** What a person would call it: "Recording Showcase compressor 1". English; the UI words it by kind. */
  label: z.string(),
  startedAt: Timestamp,
});
export type Activity = z.infer<typeof Activity>;

export const activityMethods = {
  'activity.list': method(NoParams, z.array(Activity)),
};

export const activityEvents = {
  'activity.changed': z.array(Activity),
};
