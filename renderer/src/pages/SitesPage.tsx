import { Button, Group, Table, Text, Title } from '@mantine/core';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../app/api';
import { ArchivedMark, QueryState, SearchBar } from '../components/common';
import { formatDate } from '../components/format';
import { ListTable } from '../components/ListTable';

export function SitesPage() {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [includeArchived, setIncludeArchived] = useState(false);
  const deferred = useDeferredValue(query.trim());
  const sites = useApiQuery('sites.list', { ...(deferred ? { query: deferred } : {}), includeArchived });

  return (
    <section aria-labelledby="sites-title">
      <Group justify="space-between" align="center" wrap="wrap" mb="md">
        <Title order={1} id="sites-title">
          {t('sites.title')}
        </Title>
        <Button component={Link} to="/sites/new">
          {t('sites.new')}
        </Button>
      </Group>
      <SearchBar label={t('sites.searchLabel')} query={query} onQuery={setQuery} includeArchived={includeArchived} onIncludeArchived={setIncludeArchived} />
      <QueryState query={sites}>
        {(list) =>
          list.length === 0 ? (
            <Text className="empty">{deferred ? t('common.noResults', { query: deferred }) : t('sites.empty')}</Text>
          ) : (
            <ListTable>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('sites.name')}</Table.Th>
                  <Table.Th scope="col">{t('sites.customer')}</Table.Th>
                  <Table.Th scope="col">{t('sites.address')}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t('sites.assetCount')}
                  </Table.Th>
                  <Table.Th scope="col">{t('sites.lastService')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((site) => (
                  <Table.Tr key={site.id}>
                    <Table.Td>
                      <Link to={`/sites/${site.id}`}>{site.name}</Link>
                      {site.archivedAt ? <ArchivedMark /> : null}
                    </Table.Td>
                    <Table.Td>{site.customerName ?? t('common.none')}</Table.Td>
                    <Table.Td>{site.address ?? t('common.none')}</Table.Td>
                    <Table.Td ta="right">{site.assetCount}</Table.Td>
                    <Table.Td>{formatDate(site.lastServiceAt)}</Table.Td>
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
