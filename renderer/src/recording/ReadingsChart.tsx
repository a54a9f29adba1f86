import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ReadingPoint, Recording } from '../../../shared/contract';
import { useApiQuery } from '../app/api';
import { QueryState } from '../components/common';

type Quantity = 'temperature' | 'current' | 'power' | 'vibration' | 'sound' | 'suctionPressure' | 'dischargePressure';

const QUANTITIES: { key: Quantity; value: (p: ReadingPoint, fahrenheit: boolean) => number | null; unit: (fahrenheit: boolean) => string }[] = [
  { key: 'temperature', value: (p, f) => (p.temperatureC === null ? null : f ? p.temperatureC * 1.8 + 32 : p.temperatureC), unit: (f) => (f ? '°F' : '°C') },
  { key: 'current', value: (p) => p.currentA, unit: () => 'A' },
  { key: 'power', value: (p) => p.powerW, unit: () => 'W' },
  {
    key: 'vibration',
    value: (p) => (p.vibXG === null || p.vibYG === null || p.vibZG === null ? null : Math.hypot(p.vibXG, p.vibYG, p.vibZG)),
    unit: () => 'g',
  },
  { key: 'sound', value: (p) => p.audioLevelDb, unit: () => 'dB' },
  // As the transducer measures it: absolute, so the label says so (a gauge reads 101 kPa less).
  { key: 'suctionPressure', value: (p) => p.suctionKpa, unit: () => 'kPa(a)' },
  { key: 'dischargePressure', value: (p) => p.dischargeKpa, unit: () => 'kPa(a)' },
];

/** Readings over time, one small chart per quantity the sensor measured (averaged by the back end to fit). */
export function ReadingsChart({ recording }: { recording: Recording }) {
  const { t } = useTranslation();
  const settings = useApiQuery('settings.get', {});
  const readings = useApiQuery('recordings.readings', { id: recording.id, maxPoints: 600 });
  const fahrenheit = settings.data?.temperatureUnit === 'fahrenheit';
  return (
    <QueryState query={readings}>
      {({ points, total }) => {
        const t0 = points[0]?.tUs ?? 0;
        const present = QUANTITIES.filter((q) => points.some((p) => q.value(p, fahrenheit) !== null));
        if (present.length === 0) return <p className="empty">{t('recording.readings.none')}</p>;
        return (
          <div className="readings" data-readings={total}>
            <p className="muted">{t('recording.readings.count', { count: total })}</p>
            {present.map((q) => {
              const data = points.map((p) => ({ s: (p.tUs - t0) / 1e6, v: q.value(p, fahrenheit) }));
              const label = `${t(`recording.readings.${q.key}`)} (${q.unit(fahrenheit)})`;
              return (
                <figure key={q.key} className="readings-chart" aria-label={label}>
                  <figcaption>{label}</figcaption>
                  <ResponsiveContainer width="100%" height={150}>
                    <LineChart data={data} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
                      <CartesianGrid strokeDasharray="3 3" />
                      <XAxis dataKey="s" type="number" domain={['dataMin', 'dataMax']} unit=" s" tickFormatter={(v: number) => v.toFixed(0)} />
                      <YAxis width={56} domain={['auto', 'auto']} tickFormatter={(v: number) => v.toFixed(1)} />
                      <Tooltip formatter={(v) => [typeof v === 'number' ? v.toFixed(2) : String(v), label]} labelFormatter={(s) => `${Number(s).toFixed(1)} s`} />
                      <Line type="monotone" dataKey="v" dot={false} isAnimationActive={false} strokeWidth={2} connectNulls={false} />
                    </LineChart>
                  </ResponsiveContainer>
                </figure>
              );
            })}
          </div>
        );
      }}
    </QueryState>
  );
}
