import { Group, Table, Text, TextInput, Title } from '@mantine/core';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../../app/api';
import { QueryState } from '../../components/common';
import { formatDateTime } from '../../components/format';
import { ListHead, ListTable } from '../../components/ListTable';
import { useReportEvents } from './events';
import './reports.css';

/** Visits, newest first, with whether they are signed, have a PDF, and reached the server. */
export function ReportsPage() {
  const { t } = useTranslation();
  useReportEvents();
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query.trim());
  // Visits are recorded and uploaded while this list is closed.
  const sessions = useApiQuery('reports.sessions', deferred ? { query: deferred } : {}, { refetchOnMount: 'always' });

  return (
    <section aria-labelledby="reports-title">
      <Title order={1} id="reports-title" mb="sm">
        {t('reports.title')}
      </Title>
      <Group role="search" mb="md">
        <TextInput className="search-input" type="search" label={t('reports.searchLabel')} value={query} onChange={(e) => setQuery(e.currentTarget.value)} placeholder={t('common.search')} />
      </Group>
      <QueryState query={sessions}>
        {(list) =>
          list.length === 0 ? (
            <Text className="empty">{deferred ? t('common.noResults', { query: deferred }) : t('reports.empty')}</Text>
          ) : (
            <ListTable minWidth={860}>
              <ListHead columns={[t('reports.columns.date'), t('reports.columns.asset'), t('reports.columns.site'), t('reports.columns.customer'), t('reports.columns.signed'), { label: t('reports.columns.reports'), numeric: true }, t('reports.columns.sync')]} />
              <Table.Tbody>
                {list.map((s) => (
                  <Table.Tr key={s.sessionId}>
                    <Table.Td>{formatDateTime(s.startedAt)}</Table.Td>
                    <Table.Td>
                      <Link to={`/reports/${s.sessionId}`}>{s.assetName}</Link>
                    </Table.Td>
                    <Table.Td>{s.siteName}</Table.Td>
                    <Table.Td>{s.customerName ?? t('common.none')}</Table.Td>
                    <Table.Td>{s.signed ? t('reports.yes') : t('reports.no')}</Table.Td>
                    <Table.Td ta="right">{s.reportCount}</Table.Td>
                    <Table.Td>{s.syncState ? t(`sync.itemState.${s.syncState}`) : t('reports.notQueued')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </ListTable>
          )
        }
      </QueryState>
    </section>
  );
}
