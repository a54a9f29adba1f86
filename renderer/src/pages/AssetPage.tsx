import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useApiMutation, useApiQuery } from '../app/api';
import { ArchivedMark, Detail, ErrorBanner, QueryState } from '../components/common';
import { formatDate } from '../components/format';
import { SessionHistory } from '../recording/SessionHistory';
import { StartVisitButton } from '../recording/StartVisitButton';
import { AssetTrends } from '../insight/AssetTrends';
import { CycleTrend } from '../refrigeration/CycleTrend';
import { FactsDetails } from '../equipment/FactsDetails';

export function AssetPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const asset = useApiQuery('assets.get', { id });
  const archive = useApiMutation('assets.setArchived');

  return (
    <QueryState query={asset}>
      {(a) => (
        <section aria-labelledby="asset-title">
          <p className="breadcrumb">
            <Link to={`/sites/${a.siteId}`}>{a.siteName}</Link>
          </p>
          <div className="page-header">
            <h1 id="asset-title">
              {a.name}
              {a.archivedAt ? <ArchivedMark /> : null}
            </h1>
            <div className="actions">
              <StartVisitButton assetId={a.id} disabled={a.archivedAt !== null} />
              <Link className="button" to={`/assets/${a.id}/edit`}>
                {t('common.edit')}
              </Link>
              <button type="button" onClick={() => archive.mutate({ id: a.id, archived: !a.archivedAt })}>
                {a.archivedAt ? t('common.restore') : t('common.archive')}
              </button>
            </div>
          </div>
          <ErrorBanner error={archive.error} />
          <dl className="details">
            <Detail label={t('assets.kind')} value={t(`assets.kinds.${a.kind}`)} />
            <Detail label={t('assets.assetTag')} value={a.assetTag ? <span className="mono">{a.assetTag}</span> : null} />
            <Detail label={t('assets.maker')} value={a.maker} />
            <Detail label={t('assets.model')} value={a.model} />
            <Detail label={t('assets.serialNumber')} value={a.serialNumber} />
            <Detail label={t('assets.refrigerant')} value={a.refrigerant} />
            <Detail label={t('assets.location')} value={a.location} />
            <Detail label={t('assets.lastService')} value={formatDate(a.lastServiceAt)} />
            <Detail label={t('assets.notes')} value={a.notes} />
          </dl>
          <FactsDetails facts={a.facts} />
          <h2>{t('assets.sessions')}</h2>
          <SessionHistory assetId={a.id} />
          <AssetTrends assetId={a.id} />
          <CycleTrend assetId={a.id} />
        </section>
      )}
    </QueryState>
  );
}
