import { Text, Title } from '@mantine/core';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../app/api';
import { AssetTable } from '../components/AssetTable';
import { QueryState, SearchBar } from '../components/common';
import { useVerdictLive } from '../verdict/useVerdict';

export function AssetsPage() {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [includeArchived, setIncludeArchived] = useState(false);
  const deferred = useDeferredValue(query.trim());
  const assets = useApiQuery('assets.list', { ...(deferred ? { query: deferred } : {}), includeArchived });
  // Ranked by each machine's latest visit verdict, as the site page and the home screen are.
  const urgency = useApiQuery('insight.urgency', {});
  useVerdictLive();

  return (
    <section aria-labelledby="assets-title">
      <Title order={1} id="assets-title" mb="md">
        {t('assets.title')}
      </Title>
      <SearchBar
        label={t('assets.searchLabel')}
        query={query}
        onQuery={setQuery}
        includeArchived={includeArchived}
        onIncludeArchived={setIncludeArchived}
      />
      <QueryState query={assets}>
        {(list) =>
          list.length === 0 ? (
            <Text className="empty">{deferred ? t('common.noResults', { query: deferred }) : t('assets.empty')}</Text>
          ) : (
            <AssetTable assets={list} showSite urgency={urgency.data?.assets} />
          )
        }
      </QueryState>
    </section>
  );
}
