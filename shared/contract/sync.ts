import { z } from 'zod';
import { EntityId, method, NoParams, Timestamp } from './define';

/**
 * Sync with the SignalCraft server: sign-in, the outbox of finished sessions waiting to be
 * uploaded, and its progress. The wire protocol with the server is in docs/server-api.md.
 */

/** Why an upload is not done yet, in words the UI can localise (never a raw stack or status line). */
export const SyncErrorCode = z.enum([
  /** The server could not be reached (no network, wrong address, server down). */
  'offline',
  /** The server did not answer in time. */
  'timeout',
  /** The connection broke during the transfer. */
  'connection_lost',
  /** The server failed (500, 502, 504). */
  'server_error',
  /** The server is busy or in maintenance (429, 503). */
  'busy',
  /** The sign-in expired or was refused: the queue waits for the technician to sign in again. */
  'signed_out',
  /** No server address in Settings. */
  'no_server',
  /** The server refused the data (a 4xx other than the above); `detail` has its words. */
  'rejected',
  /** A recording or photo file of the session is missing from the data folder. */
  'file_missing',
  /** A local file no longer matches the checksum taken when it was recorded. */
  'file_damaged',
  /** The session was deleted before it could be uploaded. */
  'session_missing',
  /** The server's copy did not verify against the local one; it will be sent again. */
  'verify_failed',
  'internal',
]);
export type SyncErrorCode = z.infer<typeof SyncErrorCode>;

export const SyncError = z.object({
  code: SyncErrorCode,
  /** HTTP status when the server answered. */
  status: z.number().int().nullable(),
  /** English detail for logs and support (the server's own words for `rejected`). */
  detail: z.string(),
  at: Timestamp,
});
export type SyncError = z.infer<typeof SyncError>;

/**
 * queued: waiting its turn; uploading: in progress; waiting: a retryable failure, next try at
 * `nextAttemptAt`; failed: stopped until "Retry now" (the server refused the data, a file is
 * missing...); done: on the server and verified.
 */
export const SyncItemState = z.enum(['queued', 'uploading', 'waiting', 'failed', 'done']);
export type SyncItemState = z.infer<typeof SyncItemState>;

export const SyncStep = z.enum(['prepare', 'metadata', 'recordings', 'photos', 'readings', 'document', 'verify']);
export type SyncStep = z.infer<typeof SyncStep>;

export const SyncItem = z.object({
  id: EntityId,
  sessionId: EntityId,
  state: SyncItemState,
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: Timestamp.nullable(),
  lastError: SyncError.nullable(),
  step: SyncStep.nullable(),
  bytesSent: z.number().nonnegative(),
  bytesTotal: z.number().nonnegative(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  doneAt: Timestamp.nullable(),
  /** What the technician recognises the visit by; null when the session was deleted. */
  assetName: z.string().nullable(),
  siteName: z.string().nullable(),
  sessionStartedAt: Timestamp.nullable(),
});
export type SyncItem = z.infer<typeof SyncItem>;

/**
 * The queue as a whole. `state`: no_server (no address in Settings), signed_out (never signed in
 * or signed out), expired (a 401: sign in again; nothing is lost), offline (the server cannot be
 * reached right now), syncing (uploads running), idle (nothing to do, or waiting for retries).
 */
export const SyncOverall = z.enum(['no_server', 'signed_out', 'expired', 'offline', 'syncing', 'idle']);
export type SyncOverall = z.infer<typeof SyncOverall>;

/** How the sign-in is kept on this computer: encrypted by the OS, or a file only this user can read. */
export const SecretStorageKind = z.enum(['os_encrypted', 'os_weak', 'user_only_file']);
export type SecretStorageKind = z.infer<typeof SecretStorageKind>;

export const SyncStatus = z.object({
  state: SyncOverall,
  serverUrl: z.string().nullable(),
  account: z
    .object({
      username: z.string(),
      displayName: z.string(),
      signedInAt: Timestamp,
    })
    .nullable(),
  lastSuccessAt: Timestamp.nullable(),
  counts: z.object({
    queued: z.number().int(),
    uploading: z.number().int(),
    waiting: z.number().int(),
    failed: z.number().int(),
    done: z.number().int(),
  }),
  secretStorage: SecretStorageKind,
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const SignInParams = z
  .object({
    username: z.string().trim().min(1, { message: 'is required' }).max(200),
    password: z.string().min(1, { message: 'is required' }).max(500),
  })
  .strict();

export const syncMethods = {
  'sync.status': method(NoParams, SyncStatus),
  'sync.signIn': method(SignInParams, SyncStatus),
  'sync.signOut': method(NoParams, SyncStatus),
  'sync.items': method(
    z.object({ includeDone: z.boolean().optional(), limit: z.number().int().min(1).max(1000).optional() }).strict(),
    z.array(SyncItem),
  ),
  /** Queue a finished session for upload (idempotent: an unfinished item for it is reused). */
  'sync.enqueueSession': method(z.object({ sessionId: EntityId }).strict(), SyncItem),
  /** Try now: one item, or every item that is waiting or failed. */
  'sync.retry': method(z.object({ id: EntityId.optional() }).strict(), z.object({ retried: z.number().int() })),
};

export const syncEvents = {
  'sync.statusChanged': SyncStatus,
  'sync.itemChanged': SyncItem,
};
