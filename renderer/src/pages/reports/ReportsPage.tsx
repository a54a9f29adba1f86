import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../../app/api';
import { QueryState } from '../../components/common';
import { formatDateTime } from '../../components/format';
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
      <h1 id="reports-title">{t('reports.title')}</h1>
      <div className="search-bar" role="search">
        <label htmlFor="reports-q">{t('reports.searchLabel')}</label>
        <input id="reports-q" type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('common.search')} />
      </div>
      <QueryState query={sessions}>
        {(list) =>
          list.length === 0 ? (
            <p className="empty">{deferred ? t('common.noResults', { query: deferred }) : t('reports.empty')}</p>
          ) : (
            <table className="list-table">
              <thead>
                <tr>
                  <th scope="col">{t('reports.columns.date')}</th>
                  <th scope="col">{t('reports.columns.asset')}</th>
                  <th scope="col">{t('reports.columns.site')}</th>
                  <th scope="col">{t('reports.columns.customer')}</th>
                  <th scope="col">{t('reports.columns.signed')}</th>
                  <th scope="col" className="numeric">
                    {t('reports.columns.reports')}
                  </th>
                  <th scope="col">{t('reports.columns.sync')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.sessionId}>
                    <td>{formatDateTime(s.startedAt)}</td>
                    <td>
                      <Link to={`/reports/${s.sessionId}`}>{s.assetName}</Link>
                    </td>
                    <td>{s.siteName}</td>
                    <td>{s.customerName ?? t('common.none')}</td>
                    <td>{s.signed ? t('reports.yes') : t('reports.no')}</td>
                    <td className="numeric">{s.reportCount}</td>
                    <td>{s.syncState ? t(`sync.itemState.${s.syncState}`) : t('reports.notQueued')}</td>
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
