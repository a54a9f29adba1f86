import path from 'node:path';
import { AppError, type SyncItem, type syncMethods, type SyncOverall, type SyncStatus } from '../../../../shared/contract';
import type { BackendContext, Feature } from '../../platform/feature';
import type { FieldReportSources } from '../reports';
import { SyncAccount } from './account';
import { NETWORK_CODES } from './failure';
import { type OutboxItem, OutboxRepository, SESSION_REPORT } from './outbox';
import { SECRETS_DIR, type SecretStore, UserOnlyFileSecretStore } from './secret-store';
import type { ServerClientOptions } from './server-client';
import { OutboxWorker, type WorkerOptions } from './worker';

export interface SyncFeatureOptions {
  /** Electron passes its safeStorage store; serve mode and the CLI default to a user-only file. */
  secretStore?: SecretStore | undefined;

  worker?: Partial<WorkerOptions>;
  client?: Partial<ServerClientOptions>;
  /** Start the background worker with the back end (off for the CLI's one-shot commands). */
  autoStart?: boolean;
}

export interface SyncFeature extends Feature<keyof typeof syncMethods> {
  readonly outbox: OutboxRepository;
  readonly worker: OutboxWorker;
}

/** Progress events at most this often per item: the UI needs a moving bar, not every chunk. */
const PROGRESS_EVENT_MS = 200;

/**
 * `sources` is what is uploaded: the reports feature's own (`reports.sources`), so the server gets
 * exactly the report the PDF and the exports are made from. Sync has no diagnosis source of its own.
 */
export function syncFeature(ctx: BackendContext, sources: FieldReportSources, options: SyncFeatureOptions = {}): SyncFeature {
  const secrets = options.secretStore ?? new UserOnlyFileSecretStore(path.join(ctx.dataDir, SECRETS_DIR));
  const outbox = new OutboxRepository(ctx.db, ctx.now);
  const reader = sources.reader;
  const account = new SyncAccount(ctx.db, secrets, () => ctx.settings.get(), ctx.log, ctx.now, options.client);

  const toItem = (stored: OutboxItem): SyncItem => {
    const live = outboxWorker.liveProgress(stored.id);
    const item = live ? { ...stored, progress: live } : stored;
    const context = reader.context(item.entityId);
    return {
      id: item.id,
      sessionId: item.entityId,
      state: item.state,
      attempts: item.attempts,
      nextAttemptAt: item.state === 'waiting' ? item.nextAttemptAt : null,
      lastError: item.state === 'done' ? null : item.lastError,
      step: item.state === 'uploading' ? (item.progress.step ?? null) : null,
      bytesSent: item.state === 'done' ? (item.progress.snapshot?.bytesTotal ?? 0) : (item.progress.bytesSent ?? 0),
      bytesTotal: item.progress.snapshot?.bytesTotal ?? 0,
      createdAt: item.createdAt,
      updatedAt: item.updatedAt,
      doneAt: item.doneAt,
      assetName: context?.asset.name ?? null,
      siteName: context?.site.name ?? null,
      sessionStartedAt: context?.session.startedAt ?? null,
    };
  };

  const status = (): SyncStatus => {
    const settings = ctx.settings.get();
    const info = account.current();
    const counts = outbox.counts();
    const accountState = account.state();
    let state: SyncOverall;
    if (accountState === 'no_server') state = 'no_server';
    else if (accountState === 'signed_out') state = 'signed_out';
    else if (accountState === 'expired') state = 'expired';
    else if (outboxWorker.active > 0) state = 'syncing';
    else if (outbox.waitingOnNetwork(NETWORK_CODES) > 0) state = 'offline';
    else state = 'idle';
    return {
      state,
      serverUrl: settings.serverUrl,
      account: info ? { username: info.username, displayName: info.displayName, signedInAt: info.signedInAt } : null,
      lastSuccessAt: outbox.lastSuccessAt(),
      counts,
      secretStorage: secrets.kind,
    };
  };

  // Events are coalesced: many changes in one tick make one status event.
  let statusQueued = false;
  let closed = false;
  const emitStatus = () => {
    if (statusQueued || closed) return;
    statusQueued = true;
    setImmediate(() => {
      statusQueued = false;
      if (!closed) ctx.events.emit('sync.statusChanged', status());
    });
  };
  const lastProgressEvent = new Map<string, number>();
  const emitItem = (id: string, progressOnly: boolean) => {
    if (closed) return;
    const now = Date.now();
    if (progressOnly && now - (lastProgressEvent.get(id) ?? 0) < PROGRESS_EVENT_MS) return;
    lastProgressEvent.set(id, now);
    const item = outbox.get(id);
    if (item) ctx.events.emit('sync.itemChanged', toItem(item));
  };

  const outboxWorker = new OutboxWorker(
    { outbox, account, sources, activity: ctx.activity, log: ctx.log, now: ctx.now, onItem: emitItem, onStatus: emitStatus },
    options.worker,
  );

  const enqueueSession = (sessionId: string): SyncItem => {
    if (!reader.context(sessionId)) throw new AppError('not_found', 'This session does not exist (deleted?).', 'sessionId');
    const { item, created } = outbox.enqueue(SESSION_REPORT, sessionId);
    if (created) ctx.log.info({ session: sessionId, item: item.id }, 'session queued for upload');
    emitItem(item.id, false);
    emitStatus();
    outboxWorker.kick();
    return toItem(item);
  };

  // The server address may change in Settings: the state (and which account applies) changes with it.
  const unsubscribers = [
    ctx.events.subscribe((message) => {
      if (message.event === 'settings.changed') {
        emitStatus();
        outboxWorker.kick();
      }
    }),
    // A closed visit is queued; a change to a visit queued before (signed, new PDF, notes) is sent too.
    ctx.bus.on('visit.closed', ({ visitId }) => enqueueSession(visitId)),
    ctx.bus.on('visit.changed', ({ visitId }) => {
      if (outbox.latestFor(SESSION_REPORT, visitId)) enqueueSession(visitId);
    }),
    // Its files are being read while it uploads.
    ctx.bus.guard('visit.delete', ({ visitId }) => {
      if (outbox.active(SESSION_REPORT, visitId)?.state === 'uploading') {
        throw new AppError('unavailable', 'This visit is being uploaded right now. Delete it when the upload has finished (see Sync).', 'id');
      }
    }),
    // What was still waiting to be sent of a deleted visit is dropped.
    ctx.bus.on('visit.deleted', ({ visitId }) => {
      if (outbox.dropUnfinished(SESSION_REPORT, visitId) > 0) emitStatus();
    }),
  ];

  return {
    outbox,
    worker: outboxWorker,
    handlers: {
      'sync.status': () => status(),
      'sync.signIn': async (p) => {
        await account.signIn(p.username, p.password);
        emitStatus();
        outboxWorker.kick();
        return status();
      },
      'sync.signOut': async () => {
        await account.signOut();
        emitStatus();
        return status();
      },
      'sync.items': (p) => outbox.list({ includeDone: p.includeDone, limit: p.limit }).map(toItem),
      'sync.enqueueSession': (p) => enqueueSession(p.sessionId),
      'sync.retry': (p) => {
        const targets = p.id ? [outbox.get(p.id)].filter((i): i is OutboxItem => i !== null) : outbox.list({ limit: 1000 });
        if (p.id && targets.length === 0) throw new AppError('not_found', 'This upload does not exist.', 'id');
        let retried = 0;
        for (const item of targets) {
          if (item.state === 'waiting' || item.state === 'failed' || item.state === 'queued') {
            if (outbox.requeue(item.id, item.state === 'failed')) {
              retried += 1;
              emitItem(item.id, false);
            }
          }
        }
        emitStatus();
        outboxWorker.kick();
        return { retried };
      },
    },
    start: () => {
      if (secrets.kind === 'user_only_file') {
        ctx.log.warn('the server sign-in is kept in a file readable only by this user, not encrypted (serve mode)');
      }
      if (options.autoStart !== false) outboxWorker.start();
    },
    close: async () => {
      for (const unsubscribe of unsubscribers) unsubscribe();
      await outboxWorker.close();
      closed = true;
    },
  };
}
