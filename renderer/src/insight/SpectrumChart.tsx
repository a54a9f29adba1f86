import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SpectrumView } from '../../../shared/contract';
import { useLocalized } from './live';

/** A spectrum or envelope spectrum of the diagnosis, with the frequencies its evidence points at marked and named. */
export function SpectrumChart({ view, title, kind }: { view: SpectrumView; title: string; kind: string }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const data = view.db.map((db, i) => ({ hz: view.fromHz + (i + 0.5) * view.stepHz, db }));
  return (
    <figure className="insight-chart" data-chart={kind} aria-label={title}>
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={data} margin={{ top: 16, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="hz" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => v.toFixed(0)} />
          <YAxis width={48} domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(0)} />
          <Tooltip formatter={(v) => [typeof v === 'number' ? `${v.toFixed(1)} dB` : String(v), t('insight.result.level')]} labelFormatter={(hz) => `${Number(hz).toFixed(1)} Hz`} />
          <Line type="linear" dataKey="db" dot={false} isAnimationActive={false} strokeWidth={1} />
          {view.markers.slice(0, 12).map((m) => (
            <ReferenceLine key={`${m.kind}-${m.hz}`} x={m.hz} stroke="#b45309" strokeDasharray="4 2" label={{ value: local(m.label), position: 'top', fontSize: 10 }} />
          ))}
        </LineChart>
      </ResponsiveContainer>
      <ul className="chart-marks">
        {view.markers.slice(0, 12).map((m) => (
          <li key={`${m.kind}-${m.hz}`} data-mark={m.kind}>
            {`${local(m.label)} · ${m.hz.toFixed(1)} Hz${m.levelDb !== null ? ` · ${m.levelDb.toFixed(1)} dB` : ''}`}
          </li>
        ))}
      </ul>
    </figure>
  );
}
