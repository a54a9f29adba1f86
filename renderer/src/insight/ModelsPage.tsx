import { Button, Group, Table, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type ExportDatasetResult } from '../../../shared/contract';
import { useApi, useApiQuery } from '../app/api';
import { Detail, QueryState } from '../components/common';
import { formatDateTime } from '../components/format';
import { useLocalized } from './live';
import { apiErrorMessage } from '../components/errors';
import { FormError, FormStack } from '../components/FormFields';
import { ListHead, ListTable } from '../components/ListTable';
import './insight.css';

/** The installed models (version, status, what they know), installing a checked model set from disk, and exporting labelled recordings for training. */
export function ModelsPage() {
  const { t, i18n } = useTranslation();
  const english = !i18n.language.startsWith('ko');
  const local = useLocalized();
  const { client } = useApi();
  const queryClient = useQueryClient();
  const info = useApiQuery('diagnosis.modelInfo', {});
  const [source, setSource] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<ExportDatasetResult | null>(null);

  const install = async () => {
    setBusy(true);
    setMessage(null);
    setError(null);
    try {
      const result = await client.call('insight.installModel', { path: source });
      queryClient.setQueryData(['diagnosis.modelInfo', {}], result);
      setMessage(t('insight.models.installed', { version: result.version ?? '' }));
    } catch (e) {
      // The back end's reason is precise (which model, which check failed) but English: shown only to an English reader.
      const precise = e instanceof ApiError && e.code === 'invalid_file' && english;
      setError(t('insight.models.refusedInstall', { reason: precise ? e.message : apiErrorMessage(e, t) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="models-title">
      <Title order={1} id="models-title" mb="sm">
        {t('insight.models.title')}
      </Title>
      <QueryState query={info}>
        {(m) => (
          <>
            <dl className="details">
              <Detail label={t('insight.models.version')} value={<span data-model-version={m.version ?? ''}>{m.version}</span>} />
              <Detail label={t('insight.models.modelStatus')} value={<span data-model-status={m.status}>{t(`insight.models.status.${m.status}`)}</span>} />
              <Detail label={t('insight.models.directory')} value={m.directory ? <span className="mono">{m.directory}</span> : null} />
              <Detail label={t('recording.session.started')} value={m.createdAt ? formatDateTime(m.createdAt) : null} />
            </dl>
            <ListTable minWidth={720}>
              <ListHead columns={[t('insight.models.model'), t('insight.models.modelStatus'), t('insight.models.classes'), { label: t('insight.models.features'), numeric: true }]} />
              <Table.Tbody>
                {m.models.map((model) => (
                  <Table.Tr key={model.id}>
                    <Table.Td className="mono">{model.id}</Table.Td>
                    <Table.Td>
                      {model.status === 'ready'
                        ? t('insight.models.status.ready')
                        : english && model.problem
                          ? t('insight.models.refused', { problem: model.problem })
                          : t('insight.models.status.invalid')}
                    </Table.Td>
                    <Table.Td>{model.classes.map((c) => local(c.name)).join(', ')}</Table.Td>
                    <Table.Td ta="right">{model.featureSchema.features}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </ListTable>
          </>
        )}
      </QueryState>

      <Title order={2} size="h3" mt="xl" mb="sm">
        {t('insight.models.install')}
      </Title>
      <FormStack
        onSubmit={(e) => {
          e.preventDefault();
          void install();
        }}
      >
        <TextInput label={t('insight.models.path')} classNames={{ input: 'mono' }} value={source} onChange={(e) => setSource(e.currentTarget.value)} />
        <Group gap="md">
          <Button type="submit" disabled={busy || source.trim() === ''}>
            {busy ? t('insight.models.installing') : t('insight.models.installButton')}
          </Button>
          {message ? (
            <Text className="saved" role="status">
              {message}
            </Text>
          ) : null}
        </Group>
        <FormError message={error} />
      </FormStack>

      <Title order={2} size="h3" mt="xl" mb="xs">
        {t('insight.models.export')}
      </Title>
      <Text c="dimmed" mb="sm">
        {t('insight.models.exportHint')}
      </Text>
      <Button
        variant="default"
        onClick={() =>
          void (async () => {
            setError(null);
            try {
              setExported(await client.call('insight.exportDataset', {}));
            } catch (e) {
              setError(apiErrorMessage(e, t));
            }
          })()
        }
      >
        {t('insight.models.exportButton')}
      </Button>
      {exported ? (
        <Text className="saved" role="status" data-export-dir={exported.dir} mt="sm">
          {t('insight.models.exported', { dir: exported.dir, rows: exported.sets.reduce((n, s) => n + s.rows, 0) })}
          {exported.skipped.length > 0 ? ` ${t('insight.models.skipped', { count: exported.skipped.length })}` : ''}
        </Text>
      ) : null}
    </section>
  );
}
