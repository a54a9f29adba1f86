import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrendPoint } from '../../../shared/contract';
import { useApiQuery } from '../app/api';
import { QueryState } from '../components/common';
import { formatDate, formatDateTime } from '../components/format';
import { useInsightLive } from './live';
import './insight.css';

type Key = 'severityRank' | 'deviation' | 'level' | 'order1xDb' | 'temperatureC' | 'currentA';
const SERIES: { key: Key; label: string }[] = [
  { key: 'severityRank', label: 'insight.trend.severity' },
  { key: 'deviation', label: 'insight.trend.deviation' },
  { key: 'level', label: 'insight.trend.level' },
  { key: 'order1xDb', label: 'insight.trend.order1x' },
  { key: 'temperatureC', label: 'insight.trend.temperature' },
  { key: 'currentA', label: 'insight.trend.current' },
];

/** Key indicators of one asset over its visits (months), one small chart each, with every visit marked. */
export function AssetTrends({ assetId }: { assetId: string }) {
  const { t } = useTranslation();
  useInsightLive();
  const trend = useApiQuery('insight.trend', { assetId });
  return (
    <section aria-labelledby="trends-title" className="trends">
      <h2 id="trends-title">{t('insight.trend.title')}</h2>
      <QueryState query={trend}>
        {({ points }) => (points.length === 0 ? <p className="empty">{t('insight.trend.none')}</p> : <TrendCharts points={points} />)}
      </QueryState>
    </section>
  );
}

function TrendCharts({ points }: { points: TrendPoint[] }) {
  const { t } = useTranslation();
  const data = points.map((p) => ({ ...p, x: Date.parse(p.at) }));
  const visits = [...new Map(data.map((p) => [p.sessionId, p.x])).values()];
  return (
    <div className="trend-charts" data-points={points.length}>
      {SERIES.filter((s) => data.some((p) => p[s.key] !== null)).map((s) => (
        <figure key={s.key} className="insight-chart" data-chart={`trend-${s.key}`} aria-label={t(s.label)}>
          <figcaption>{t(s.label)}</figcaption>
          <ResponsiveContainer width="100%" height={140}>
            <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" />
              <XAxis dataKey="x" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => formatDate(new Date(v).toISOString())} />
              <YAxis width={48} domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(1)} />
              <Tooltip labelFormatter={(v) => formatDateTime(new Date(Number(v)).toISOString())} formatter={(v) => [typeof v === 'number' ? v.toFixed(2) : String(v), t(s.label)]} />
              {visits.map((x) => (
                <ReferenceLine key={x} x={x} stroke="#999" strokeDasharray="2 4" />
              ))}
              <Line type="monotone" dataKey={s.key} isAnimationActive={false} strokeWidth={2} connectNulls />
            </LineChart>
          </ResponsiveContainer>
        </figure>
      ))}
    </div>
  );
}
