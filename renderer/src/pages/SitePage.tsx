import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApiMutation, useApiQuery } from '../app/api';
import { AssetTable } from '../components/AssetTable';
import { ArchivedMark, Detail, ErrorBanner, QueryState } from '../components/common';
import { formatDate } from '../components/format';
import { SessionHistory } from '../recording/SessionHistory';
import { SiteUrgency } from '../insight/SiteUrgency';
import { YearlyRecordExport } from '../refrigeration/YearlyRecordExport';

export function SitePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const site = useApiQuery('sites.get', { id });
  const assets = useApiQuery('assets.list', { siteId: id, includeArchived: true });
  const archive = useApiMutation('sites.setArchived');

  return (
    <QueryState query={site}>
      {(s) => (
        <section aria-labelledby="site-title">
          <div className="page-header">
            <h1 id="site-title">
              {s.name}
              {s.archivedAt ? <ArchivedMark /> : null}
            </h1>
            <div className="actions">
              <Link className="button" to={`/sites/${s.id}/edit`}>
                {t('common.edit')}
              </Link>
              <button type="button" onClick={() => archive.mutate({ id: s.id, archived: !s.archivedAt })}>
                {s.archivedAt ? t('common.restore') : t('common.archive')}
              </button>
            </div>
          </div>
          <ErrorBanner error={archive.error} />
          <dl className="details">
            <Detail label={t('sites.customer')} value={s.customerName} />
            <Detail label={t('sites.address')} value={s.address} />
            <Detail label={t('sites.contactName')} value={s.contactName} />
            <Detail label={t('sites.contactPhone')} value={s.contactPhone} />
            <Detail label={t('sites.lastService')} value={formatDate(s.lastServiceAt)} />
            <Detail label={t('sites.notes')} value={s.notes} />
          </dl>

          <div className="page-header">
            <h2>{t('sites.assets')}</h2>
            {s.archivedAt ? null : (
              <Link className="button button-primary" to={`/sites/${s.id}/assets/new`}>
                {t('assets.new')}
              </Link>
            )}
          </div>
          {s.archivedAt ? <p className="notice">{t('sites.archivedNotice')}</p> : null}
          <QueryState query={assets}>
            {(list) => (list.length === 0 ? <p className="empty">{t('sites.noAssets')}</p> : <AssetTable assets={list} showSite={false} />)}
          </QueryState>
          <SiteUrgency siteId={s.id} />
          <YearlyRecordExport siteId={s.id} />
          <h2>{t('recording.history.siteTitle')}</h2>
          <SessionHistory siteId={s.id} />
        </section>
      )}
    </QueryState>
  );
}
