import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../app/api';
import { QueryState } from '../components/common';
import { formatDate } from '../components/format';
import { AssetVerdictCertainty, AssetVerdictState } from '../verdict/AssetVerdict';
import { useVerdictLive } from '../verdict/useVerdict';
import { useLocalized } from './live';
import './insight.css';

/**
 * A site's equipment, most urgent first, each by its latest visit verdict (worst finding of the
 * visit, how sure, the technician's verdict when set), then the largest deviation from its own
 * baseline. The back end orders them; this shows the verdict's own words.
 */
export function SiteUrgency({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const urgency = useApiQuery('insight.siteUrgency', { siteId });
  useVerdictLive();
  return (
    <section aria-labelledby="urgency-title">
      <h2 id="urgency-title">{t('insight.urgency.title')}</h2>
      <QueryState query={urgency}>
        {({ assets }) => (
          <table className="list-table urgency-table">
            <thead>
              <tr>
                <th scope="col">{t('insight.urgency.asset')}</th>
                <th scope="col">{t('insight.urgency.state')}</th>
                <th scope="col">{t('insight.urgency.condition')}</th>
                <th scope="col">{t('insight.urgency.howSure')}</th>
                <th scope="col" className="numeric">
                  {t('insight.urgency.deviation')}
                </th>
                <th scope="col">{t('insight.urgency.when')}</th>
              </tr>
            </thead>
            <tbody>
              {assets.map((a) => (
                <tr key={a.assetId} data-asset={a.assetId}>
                  <td>
                    <Link to={`/assets/${a.assetId}`}>{a.assetName}</Link>
                  </td>
                  <td>
                    <AssetVerdictState urgency={a} />
                  </td>
                  <td>{a.condition ? local(a.condition) : ''}</td>
                  <td data-certainty={a.certainty ?? undefined}><AssetVerdictCertainty urgency={a} /></td>
                  <td className="numeric">{a.deviation !== null ? a.deviation.toFixed(1) : ''}</td>
                  <td>{a.visitId && a.lastDiagnosedAt ? <Link to={`/sessions/${a.visitId}`}>{formatDate(a.lastDiagnosedAt)}</Link> : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </section>
  );
}
