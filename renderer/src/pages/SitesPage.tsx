import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../app/api';
import { ArchivedMark, QueryState, SearchBar } from '../components/common';
import { formatDate } from '../components/format';

export function SitesPage() {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [includeArchived, setIncludeArchived] = useState(false);
  const deferred = useDeferredValue(query.trim());
  const sites = useApiQuery('sites.list', { ...(deferred ? { query: deferred } : {}), includeArchived });

  return (
    <section aria-labelledby="sites-title">
      <div className="page-header">
        <h1 id="sites-title">{t('sites.title')}</h1>
        <Link className="button button-primary" to="/sites/new">
          {t('sites.new')}
        </Link>
      </div>
      <SearchBar
        label={t('sites.searchLabel')}
        query={query}
        onQuery={setQuery}
        includeArchived={includeArchived}
        onIncludeArchived={setIncludeArchived}
      />
      <QueryState query={sites}>
        {(list) =>
          list.length === 0 ? (
            <p className="empty">{deferred ? t('common.noResults', { query: deferred }) : t('sites.empty')}</p>
          ) : (
            <table className="list-table">
              <thead>
                <tr>
                  <th scope="col">{t('sites.name')}</th>
                  <th scope="col">{t('sites.customer')}</th>
                  <th scope="col">{t('sites.address')}</th>
                  <th scope="col" className="numeric">
                    {t('sites.assetCount')}
                  </th>
                  <th scope="col">{t('sites.lastService')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((site) => (
                  <tr key={site.id}>
                    <td>
                      <Link to={`/sites/${site.id}`}>{site.name}</Link>
                      {site.archivedAt ? <ArchivedMark /> : null}
                    </td>
                    <td>{site.customerName ?? t('common.none')}</td>
                    <td>{site.address ?? t('common.none')}</td>
                    <td className="numeric">{site.assetCount}</td>
                    <td>{formatDate(site.lastServiceAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryState>
    </section>
  );
}
