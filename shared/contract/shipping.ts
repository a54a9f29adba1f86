import { z } from 'zod';
import { Activity } from './activity';
import { method, NoParams, Timestamp } from './define';

/**
 * The app as shipped: updates, crash reports and the diagnostics bundle for support.
 */

/** `beta` also receives pre-releases; both receive stable releases newer than what is installed. */
export const UpdateChannel = z.enum(['stable', 'beta']);
export type UpdateChannel = z.infer<typeof UpdateChannel>;

/** Crash reports are off until the technician agrees; `ask` means they have not chosen yet. */
export const CrashReportsConsent = z.enum(['ask', 'on', 'off']);
export type CrashReportsConsent = z.infer<typeof CrashReportsConsent>;

export const UpdateRelease = z.object({
  version: z.string(),
  releaseDate: z.string().nullable(),
  /** Plain text, shortened. */
  notes: z.string().nullable(),
});
export type UpdateRelease = z.infer<typeof UpdateRelease>;

/** Why an update step failed; the UI words each, `message` is English for logs and support. */
export const UpdateErrorCode = z.enum(['offline', 'server', 'checksum_mismatch', 'install_failed', 'unknown']);
export type UpdateErrorCode = z.infer<typeof UpdateErrorCode>;

/** Where the updater is. `waiting` means the technician asked to install while work was running. */
export const UpdatePhase = z.discriminatedUnion('state', [
  z.object({ state: z.literal('unsupported'), reason: z.enum(['serve_mode', 'not_packaged']) }),
  z.object({ state: z.literal('idle') }),
  z.object({ state: z.literal('checking') }),
  z.object({ state: z.literal('available'), release: UpdateRelease }),
  z.object({
    state: z.literal('downloading'),
    release: UpdateRelease,
    percent: z.number().min(0).max(100),
    transferredBytes: z.number().nonnegative(),
    totalBytes: z.number().nonnegative(),
  }),
  z.object({ state: z.literal('ready'), release: UpdateRelease }),
  z.object({ state: z.literal('waiting'), release: UpdateRelease, activities: z.array(Activity) }),
  z.object({ state: z.literal('installing'), release: UpdateRelease }),
  z.object({ state: z.literal('error'), code: UpdateErrorCode, message: z.string(), release: UpdateRelease.nullable() }),
]);
export type UpdatePhase = z.infer<typeof UpdatePhase>;
export type UpdateState = UpdatePhase['state'];

export const UpdateStatus = z.object({
  currentVersion: z.string(),
  channel: UpdateChannel,
  autoDownload: z.boolean(),
  lastCheckedAt: Timestamp.nullable(),
  nextCheckAt: Timestamp.nullable(),
  phase: UpdatePhase,
});
export type UpdateStatus = z.infer<typeof UpdateStatus>;

export const CrashReportingStatus = z.object({
  /** A DSN is configured in this build (or by SIGNALCRAFT_SENTRY_DSN). */
  configured: z.boolean(),
  consent: CrashReportsConsent,
  /** Reports kept on disk until the network is back. */
  queued: z.number().int().nonnegative(),
});
export type CrashReportingStatus = z.infer<typeof CrashReportingStatus>;

export const DiagnosticsBundle = z.object({
  fileName: z.string(),
  /** Where it was written on the machine that runs the back end. */
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  createdAt: Timestamp,
  /** Serve mode: where a browser downloads it. */
  downloadPath: z.string().nullable(),
});
export type DiagnosticsBundle = z.infer<typeof DiagnosticsBundle>;

/** A renderer crash report: one Sentry envelope as text, scrubbed again and sent by the back end. */
export const CrashReportParams = z.object({ envelope: z.string().min(1).max(1_000_000) }).strict();

export const shippingMethods = {
  'updates.status': method(NoParams, UpdateStatus),
  'updates.check': method(NoParams, UpdateStatus),
  'updates.download': method(NoParams, UpdateStatus),
  'updates.install': method(NoParams, UpdateStatus),
  'updates.cancelInstall': method(NoParams, UpdateStatus),
  'crash.status': method(NoParams, CrashReportingStatus),
  'crash.report': method(CrashReportParams, z.object({ accepted: z.boolean() })),
  'diagnostics.export': method(NoParams, DiagnosticsBundle),
};

export const shippingEvents = {
  'updates.changed': UpdateStatus,
};
