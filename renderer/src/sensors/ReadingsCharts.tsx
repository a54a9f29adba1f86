import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LiveGap, LiveReading } from '../../../shared/contract';
import { downsampleReadings } from './live-store';

/** Points per chart: enough for the eye, few enough that several sensors stay smooth. */
const MAX_POINTS = 240;

/** Lines differ by dash as well as colour. */
const SERIES_STYLE = [
  { stroke: '#1f6fd1', dash: undefined },
  { stroke: '#c2410c', dash: '8 4' },
  { stroke: '#15803d', dash: '2 4' },
];

const EMPTY: LiveReading = {
  hostTimeMs: 0,
  temperatureC: null,
  vibX: null,
  vibY: null,
  vibZ: null,
  currentA: null,
  powerW: null,
  audioLevelDb: null,
  quality: null,
  suctionKpa: null,
  dischargeKpa: null,
};

interface ChartSpec {
  key: string;
  title: string;
  lines: { field: keyof LiveReading; name: string }[];
}

/** Readings over the last minutes (recharts), with gaps as dashed reference lines. */
export function ReadingsCharts({ readings, gaps }: { readings: LiveReading[]; gaps: LiveGap[] }) {
  const { t, i18n } = useTranslation();
  const sampled = downsampleReadings(readings, MAX_POINTS);
  const time = (ms: number) => new Intl.DateTimeFormat(i18n.language, { timeStyle: 'medium' }).format(new Date(ms));
  const from = sampled[0]?.hostTimeMs ?? 0;
  const to = sampled.at(-1)?.hostTimeMs ?? 0;
  // Four evenly spaced time ticks: recharts' own choice crowds them on a time axis.
  const ticks = to > from ? [0, 1, 2, 3].map((i) => from + ((to - from) * i) / 3) : [from];
  const shownGaps = gaps.filter((g) => g.hostTimeMs >= from && (g.stream === 'all' || g.stream === 'reading'));
  // An empty point just before each gap's end breaks the lines there: the two sides are never joined.
  const data = [...sampled, ...shownGaps.map((g) => ({ ...EMPTY, hostTimeMs: g.hostTimeMs - 1 }))].sort((a, b) => a.hostTimeMs - b.hostTimeMs);
  const charts: ChartSpec[] = [
    { key: 'temperature', title: t('sensors.live.chart.temperature'), lines: [{ field: 'temperatureC', name: t('sensors.live.chart.temperature') }] },
    { key: 'current', title: t('sensors.live.chart.current'), lines: [{ field: 'currentA', name: t('sensors.live.chart.current') }] },
    {
      key: 'vibration',
      title: t('sensors.live.chart.vibration'),
      lines: [
        { field: 'vibX', name: t('sensors.live.chart.x') },
        { field: 'vibY', name: t('sensors.live.chart.y') },
        { field: 'vibZ', name: t('sensors.live.chart.z') },
      ],
    },
    { key: 'audio', title: t('sensors.live.chart.audioLevel'), lines: [{ field: 'audioLevelDb', name: t('sensors.live.chart.audioLevel') }] },
    {
      key: 'pressure',
      title: t('sensors.live.chart.pressure'),
      lines: [
        { field: 'suctionKpa', name: t('sensors.live.chart.suction') },
        { field: 'dischargeKpa', name: t('sensors.live.chart.discharge') },
      ],
    },
  ];
  return (
    <div className="readings-charts">
      {charts
        .filter((c) => c.lines.some((l) => data.some((p) => p[l.field] !== null)))
        .map((chart) => (
          <figure key={chart.key} className="readings-chart" data-chart={chart.key}>
            <figcaption>{chart.title}</figcaption>
            <ResponsiveContainer width="100%" height={180}>
              <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="hostTimeMs" type="number" domain={[from, to]} ticks={ticks} tickFormatter={time} interval={0} />
                <YAxis width={56} domain={['auto', 'auto']} tickFormatter={(v: number) => String(Math.round(v * 100) / 100)} />
                <Tooltip labelFormatter={(v) => time(Number(v))} isAnimationActive={false} />
                {chart.lines.length > 1 ? <Legend /> : null}
                {shownGaps.map((g) => (
                  <ReferenceLine key={`${g.hostTimeMs}-${g.reason}`} x={g.hostTimeMs} stroke="#b00020" strokeDasharray="6 4" strokeWidth={2} />
                ))}
                {chart.lines.map((line, i) => (
                  <Line
                    key={line.field}
                    type="linear"
                    dataKey={line.field}
                    name={line.name}
                    stroke={SERIES_STYLE[i]!.stroke}
                    strokeDasharray={SERIES_STYLE[i]!.dash}
                    strokeWidth={2}
                    dot={false}
                    connectNulls={false}
                    isAnimationActive={false}
                  />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </figure>
        ))}
    </div>
  );
}
