import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../app/api';
import { QueryState } from '../components/common';
import { formatDateTime } from '../components/format';
import { useRefrigerationLive } from './CyclePanel';

const one = (v: number | null) => (v === null ? '—' : v.toFixed(1));

/** Superheat, subcooling and compression ratio per visit of one piece of equipment. */
export function CycleTrend({ assetId }: { assetId: string }) {
  const { t } = useTranslation();
  useRefrigerationLive();
  const trend = useApiQuery('refrigeration.trend', { assetId });
  return (
    <section aria-labelledby="cycle-trend-title" className="panel">
      <h2 id="cycle-trend-title">{t('refrigeration.trend.title')}</h2>
      <QueryState query={trend}>
        {(points) =>
          points.length === 0 ? (
            <p className="empty">{t('refrigeration.trend.none')}</p>
          ) : (
            <table className="list-table">
              <thead>
                <tr>
                  <th scope="col">{t('refrigeration.trend.when')}</th>
                  <th scope="col" className="numeric">{`${t('refrigeration.value.superheat')} (K)`}</th>
                  <th scope="col" className="numeric">{`${t('refrigeration.value.subcooling')} (K)`}</th>
                  <th scope="col" className="numeric">{t('refrigeration.value.compressionRatio')}</th>
                  <th scope="col">{t('refrigeration.trend.fault')}</th>
                </tr>
              </thead>
              <tbody>
                {points.map((p) => (
                  <tr key={p.sessionId}>
                    <td>{formatDateTime(p.startedAt)}</td>
                    <td className="numeric">{one(p.superheat)}</td>
                    <td className="numeric">{one(p.subcooling)}</td>
                    <td className="numeric">{one(p.compressionRatio)}</td>
                    <td>{p.fault ? t(`refrigeration.fault.${p.fault}`) : '—'}</td>
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
