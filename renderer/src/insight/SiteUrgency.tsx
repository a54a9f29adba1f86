import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../app/api';
import { QueryState } from '../components/common';
import { formatDate } from '../components/format';
import { useLocalized } from './live';
import { SeverityBadge } from './SeverityBadge';
import './insight.css';

/** A site's equipment, most urgent first: worst latest severity, then the largest deviation from its own baseline. */
export function SiteUrgency({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const urgency = useApiQuery('insight.siteUrgency', { siteId });
  return (
    <section aria-labelledby="urgency-title">
      <h2 id="urgency-title">{t('insight.urgency.title')}</h2>
      <QueryState query={urgency}>
        {({ assets }) => (
          <table className="list-table urgency-table">
            <thead>
              <tr>
                <th scope="col">{t('insight.urgency.asset')}</th>
                <th scope="col">{t('insight.urgency.severity')}</th>
                <th scope="col">{t('insight.urgency.condition')}</th>
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
                  <td>{a.severity ? <SeverityBadge severity={a.severity} /> : <span className="muted">{t('insight.urgency.never')}</span>}</td>
                  <td>{a.condition ? local(a.condition) : ''}</td>
                  <td className="numeric">{a.deviation !== null ? a.deviation.toFixed(1) : ''}</td>
                  <td>{a.lastDiagnosedAt ? formatDate(a.lastDiagnosedAt) : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </QueryState>
    </section>
  );
}
