import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, type SyncError, type SyncItem, type SyncStatus } from '../../../../shared/contract';
import { useApi, useApiQuery } from '../../app/api';
import { Detail, QueryState } from '../../components/common';
import { formatBytes, formatDateTime } from '../../components/format';

import { STATE_SHAPE, syncSummary } from './sync-summary';

/** The words for an upload problem; the server's own words only when it refused the data. */
export function syncErrorText(t: TFunction, error: SyncError): string {
  if (error.code === 'server_error') return t('sync.error.server_error', { status: error.status ?? '' });
  if (error.code === 'rejected') return t('sync.error.rejected', { detail: error.detail });
  return t(`sync.error.${error.code}`);
}

/** Keeps the sync queries current from the back end's events, without polling. */
function useSyncEvents() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  useEffect(() => {
    const offStatus = client.on('sync.statusChanged', (status) => queryClient.setQueryData(['sync.status', {}], status));
    const offItem = client.on('sync.itemChanged', (item) => {
      let found = false;
      queryClient.setQueriesData<SyncItem[]>({ predicate: (q) => q.queryKey[0] === 'sync.items' }, (list) => {
        if (!list) return list;
        const index = list.findIndex((i) => i.id === item.id);
        if (index < 0) return list;
        found = true;
        return list.map((i) => (i.id === item.id ? item : i));
      });
      if (!found) void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'sync.items' });
    });
    return () => {
      offStatus();
      offItem();
    };
  }, [client, queryClient]);
}

export function SyncPage() {
  const { t } = useTranslation();
  useSyncEvents();
  // Uploads move on while this screen is closed: always start from the back end's view.
  const status = useApiQuery('sync.status', {}, { refetchOnMount: 'always' });
  const [showDone, setShowDone] = useState(false);
  const items = useApiQuery('sync.items', { includeDone: showDone }, { refetchOnMount: 'always', staleTime: 0 });
  const { client } = useApi();
  const queryClient = useQueryClient();

  const retry = async (id?: string) => {
    await client.call('sync.retry', id ? { id } : {});
    await queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'sync.items' });
  };

  return (
    <section aria-labelledby="sync-title">
      <h1 id="sync-title">{t('sync.title')}</h1>
      <QueryState query={status}>
        {(s) => (
          <>
            <StatusPanel status={s} items={items.data ?? null} />
            {s.state === 'signed_out' || s.state === 'expired' ? <SignInForm again={s.state === 'expired'} /> : null}
          </>
        )}
      </QueryState>

      <div className="page-header">
        <h2>{t('sync.queue.title')}</h2>
        <div className="actions">
          <label className="checkbox">
            <input type="checkbox" checked={showDone} onChange={(e) => setShowDone(e.target.checked)} />
            {t('sync.queue.showDone')}
          </label>
          <button type="button" onClick={() => void retry()}>
            {t('sync.queue.retryAll')}
          </button>
        </div>
      </div>
      <QueryState query={items}>
        {(list) =>
          list.length === 0 ? (
            <p className="empty">{t('sync.queue.empty')}</p>
          ) : (
            <table className="list-table" aria-label={t('sync.queue.title')}>
              <thead>
                <tr>
                  <th scope="col">{t('sync.queue.visit')}</th>
                  <th scope="col">{t('sync.queue.status')}</th>
                  <th scope="col">{t('sync.queue.problem')}</th>
                  <th scope="col" className="numeric">
                    {t('sync.queue.attempts')}
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">{t('sync.queue.retry')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((item) => (
                  <ItemRow key={item.id} item={item} onRetry={() => void retry(item.id)} />
                ))}
              </tbody>
            </table>
          )
        }
      </QueryState>
    </section>
  );
}

function StatusPanel({ status, items }: { status: SyncStatus; items: SyncItem[] | null }) {
  const { t } = useTranslation();
  const { client } = useApi();
  const queryClient = useQueryClient();
  const signOut = async () => {
    queryClient.setQueryData(['sync.status', {}], await client.call('sync.signOut', {}));
  };
  return (
    <div className="sync-panel">
      {(() => {
        const summary = syncSummary(status, items);
        return (
          <p className={`status overall ${summary.className}`} role="status" data-sync-state={status.state} data-sync-summary={summary.key.split('.').at(-1)}>
            {summary.shape ? <span aria-hidden="true">{summary.shape}</span> : null}
            {t(summary.key, { count: summary.count })}
          </p>
        );
      })()}
      {status.serverUrl === null ? (
        <p>
          {t('sync.noServer')}{' '}
          <Link to="/settings">{t('sync.openSettings')}</Link>
        </p>
      ) : null}
      <dl className="details">
        <Detail label={t('sync.server')} value={status.serverUrl ? <span className="mono">{status.serverUrl}</span> : null} />
        <Detail label={t('sync.lastSuccess')} value={formatDateTime(status.lastSuccessAt)} />
        <Detail label={t('sync.queue.title')} value={`${t('sync.itemState.queued')} ${status.counts.queued + status.counts.waiting + status.counts.uploading} · ${t('sync.itemState.failed')} ${status.counts.failed} · ${t('sync.itemState.done')} ${status.counts.done}`} />
      </dl>
      {status.account ? (
        <div className="actions">
          <p>{t('sync.signedInAs', { name: status.account.displayName })}</p>
          <button type="button" onClick={() => void signOut()}>
            {t('sync.signIn.signOut')}
          </button>
        </div>
      ) : null}
      <p className={status.secretStorage === 'os_encrypted' ? 'field-hint' : 'banner banner-warn'}>
        {status.secretStorage === 'os_encrypted' ? null : <span aria-hidden="true">{'▲ '}</span>}
        {t(`sync.storage.${status.secretStorage}`)}
      </p>
    </div>
  );
}

function SignInForm({ again }: { again: boolean }) {
  const { t } = useTranslation();
  const { client } = useApi();
  const queryClient = useQueryClient();
  const id = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (username.trim() === '' || password === '') {
      setError(t('errors.field.required'));
      return;
    }
    setBusy(true);
    try {
      const status = await client.call('sync.signIn', { username, password });
      setPassword('');
      queryClient.setQueryData(['sync.status', {}], status);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'unauthorized') setError(t('sync.signIn.badCredentials'));
      else if (e instanceof ApiError && e.code === 'unavailable') setError(t('sync.signIn.unreachable'));
      else setError(t('sync.signIn.failed', { detail: e instanceof Error ? e.message : '' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{again ? t('sync.signIn.again') : t('sync.signIn.title')}</h2>
      <div className="field">
        <label htmlFor={`${id}-user`}>{t('sync.signIn.username')}</label>
        <input id={`${id}-user`} name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t('sync.signIn.password')}</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? `${id}-error` : undefined}
        />
      </div>
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          <span aria-hidden="true">{'⚠ '}</span>
          {error}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {t('sync.signIn.submit')}
        </button>
      </div>
    </form>
  );
}

function ItemRow({ item, onRetry }: { item: SyncItem; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <tr data-sync-item={item.id} data-state={item.state}>
      <td>
        {item.assetName ? <Link to={`/reports/${item.sessionId}`}>{item.assetName}</Link> : t('sync.queue.deleted')}
        <div className="field-hint">
          {[item.siteName, item.sessionStartedAt ? formatDateTime(item.sessionStartedAt) : null].filter(Boolean).join(' · ')}
        </div>
      </td>
      <td>
        <span className="status">
          <span aria-hidden="true">{STATE_SHAPE[item.state]}</span>
          {t(`sync.itemState.${item.state}`)}
        </span>
        {item.state === 'uploading' ? (
          <div>
            {item.step ? <div className="field-hint">{t(`sync.step.${item.step}`)}</div> : null}
            {item.bytesTotal > 0 ? (
              <>
                <progress max={item.bytesTotal} value={item.bytesSent} aria-label={t('sync.queue.progress')} />{' '}
                <span className="field-hint">{`${formatBytes(item.bytesSent)} / ${formatBytes(item.bytesTotal)}`}</span>
              </>
            ) : null}
          </div>
        ) : null}
        {item.state === 'waiting' && item.nextAttemptAt ? (
          <div className="field-hint">{t('sync.queue.nextTry', { time: formatDateTime(item.nextAttemptAt) })}</div>
        ) : null}
        {item.state === 'done' && item.doneAt ? <div className="field-hint">{t('sync.queue.uploadedAt', { time: formatDateTime(item.doneAt) })}</div> : null}
      </td>
      <td>{item.lastError ? <span className="sync-problem">{syncErrorText(t, item.lastError)}</span> : t('common.none')}</td>
      <td className="numeric">{item.attempts}</td>
      <td>
        {item.state === 'waiting' || item.state === 'failed' ? (
          <button type="button" onClick={onRetry}>
            {t('sync.queue.retry')}
          </button>
        ) : null}
      </td>
    </tr>
  );
}
