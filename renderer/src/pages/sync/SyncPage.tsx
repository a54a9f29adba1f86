import { Anchor, Button, Checkbox, Group, Progress, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, type SyncError, type SyncItem, type SyncStatus } from '../../../../shared/contract';
import { useApi, useApiQuery } from '../../app/api';
import { Detail, QueryState } from '../../components/common';
import { apiErrorMessage } from '../../components/errors';
import { FormStack, useFieldError } from '../../components/FormFields';
import { ListHead, ListTable } from '../../components/ListTable';
import { Notice } from '../../components/Notice';
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
      <Title order={1} id="sync-title" mb="sm">
        {t('sync.title')}
      </Title>
      <QueryState query={status}>
        {(s) => (
          <>
            <StatusPanel status={s} items={items.data ?? null} />
            {s.state === 'signed_out' || s.state === 'expired' ? <SignInForm again={s.state === 'expired'} /> : null}
          </>
        )}
      </QueryState>

      <Group justify="space-between" align="center" wrap="wrap" mt="lg" mb="sm">
        <Title order={2} size="h3">
          {t('sync.queue.title')}
        </Title>
        <Group gap="md" wrap="wrap">
          <Checkbox className="touch-checkbox" label={t('sync.queue.showDone')} checked={showDone} onChange={(e) => setShowDone(e.currentTarget.checked)} />
          <Button variant="default" onClick={() => void retry()}>
            {t('sync.queue.retryAll')}
          </Button>
        </Group>
      </Group>
      <QueryState query={items}>
        {(list) =>
          list.length === 0 ? (
            <Text className="empty">{t('sync.queue.empty')}</Text>
          ) : (
            <ListTable label={t('sync.queue.title')} minWidth={760}>
              <ListHead columns={[t('sync.queue.visit'), t('sync.queue.status'), t('sync.queue.problem'), { label: t('sync.queue.attempts'), numeric: true }, <VisuallyHidden key="retry">{t('sync.queue.retry')}</VisuallyHidden>]} />
              <Table.Tbody>
                {list.map((item) => (
                  <ItemRow key={item.id} item={item} onRetry={() => void retry(item.id)} />
                ))}
              </Table.Tbody>
            </ListTable>
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
    <Stack gap="xs" mb="md">
      {(() => {
        const summary = syncSummary(status, items);
        return (
          <Text className={`status overall ${summary.className}`} role="status" data-sync-state={status.state} data-sync-summary={summary.key.split('.').at(-1)}>
            {summary.shape ? <span aria-hidden="true">{summary.shape}</span> : null}
            {t(summary.key, { count: summary.count })}
          </Text>
        );
      })()}
      {status.serverUrl === null ? (
        <Text>
          {t('sync.noServer')}{' '}
          <Anchor component={Link} to="/settings" fw={600}>
            {t('sync.openSettings')}
          </Anchor>
        </Text>
      ) : null}
      <dl className="details">
        <Detail label={t('sync.server')} value={status.serverUrl ? <span className="mono">{status.serverUrl}</span> : null} />
        <Detail label={t('sync.lastSuccess')} value={formatDateTime(status.lastSuccessAt)} />
        <Detail label={t('sync.queue.title')} value={`${t('sync.itemState.queued')} ${status.counts.queued + status.counts.waiting + status.counts.uploading} · ${t('sync.itemState.failed')} ${status.counts.failed} · ${t('sync.itemState.done')} ${status.counts.done}`} />
      </dl>
      {status.account ? (
        <Group gap="md" wrap="wrap">
          <Text>{t('sync.signedInAs', { name: status.account.displayName })}</Text>
          <Button variant="default" onClick={() => void signOut()}>
            {t('sync.signIn.signOut')}
          </Button>
        </Group>
      ) : null}
      {status.secretStorage === 'os_encrypted' ? (
        <Text c="dimmed" size="sm">
          {t(`sync.storage.${status.secretStorage}`)}
        </Text>
      ) : (
        <Notice tone="warn">{t(`sync.storage.${status.secretStorage}`)}</Notice>
      )}
    </Stack>
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
  const errorOf = useFieldError();

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
      // The back end's own words are English (for logs): the technician reads the app's sentence for its code.
      else setError(t('sync.signIn.failed', { detail: apiErrorMessage(e, t) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <Title order={2} size="h3" id={`${id}-title`} mb="sm">
        {again ? t('sync.signIn.again') : t('sync.signIn.title')}
      </Title>
      <FormStack onSubmit={(e) => void onSubmit(e)}>
        <TextInput label={t('sync.signIn.username')} name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.currentTarget.value)} />
        <TextInput
          type="password"
          label={t('sync.signIn.password')}
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          {...errorOf(error)}
        />
        <Group>
          <Button type="submit" disabled={busy}>
            {t('sync.signIn.submit')}
          </Button>
        </Group>
      </FormStack>
    </section>
  );
}

function ItemRow({ item, onRetry }: { item: SyncItem; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Table.Tr data-sync-item={item.id} data-state={item.state}>
      <Table.Td>
        {item.assetName ? <Link to={`/reports/${item.sessionId}`}>{item.assetName}</Link> : t('sync.queue.deleted')}
        <Text c="dimmed" size="sm">
          {[item.siteName, item.sessionStartedAt ? formatDateTime(item.sessionStartedAt) : null].filter(Boolean).join(' · ')}
        </Text>
      </Table.Td>
      <Table.Td>
        <span className="status">
          <span aria-hidden="true">{STATE_SHAPE[item.state]}</span>
          {t(`sync.itemState.${item.state}`)}
        </span>
        {item.state === 'uploading' ? (
          <Stack gap={4} mt={4}>
            {item.step ? (
              <Text c="dimmed" size="sm">
                {t(`sync.step.${item.step}`)}
              </Text>
            ) : null}
            {item.bytesTotal > 0 ? (
              <>
                <Progress value={(100 * item.bytesSent) / item.bytesTotal} size="lg" maw={240} aria-label={t('sync.queue.progress')} />
                <Text c="dimmed" size="sm">{`${formatBytes(item.bytesSent)} / ${formatBytes(item.bytesTotal)}`}</Text>
              </>
            ) : null}
          </Stack>
        ) : null}
        {item.state === 'waiting' && item.nextAttemptAt ? (
          <Text c="dimmed" size="sm">
            {t('sync.queue.nextTry', { time: formatDateTime(item.nextAttemptAt) })}
          </Text>
        ) : null}
        {item.state === 'done' && item.doneAt ? (
          <Text c="dimmed" size="sm">
            {t('sync.queue.uploadedAt', { time: formatDateTime(item.doneAt) })}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>{item.lastError ? <span className="sync-problem">{syncErrorText(t, item.lastError)}</span> : t('common.none')}</Table.Td>
      <Table.Td ta="right">{item.attempts}</Table.Td>
      <Table.Td>
        {item.state === 'waiting' || item.state === 'failed' ? (
          <Button variant="default" onClick={onRetry}>
            {t('sync.queue.retry')}
          </Button>
        ) : null}
      </Table.Td>
    </Table.Tr>
  );
}
