import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { Deviation } from '../../../shared/contract';

const LEVEL_SHAPE = { within: '●', moderate: '◆', large: '▲' } as const;

/** How far this recording is from the machine's own healthy sound, and what moved: bands and orders in dB, a difference spectrum, and the measures that changed most. */
export function DeviationView({ deviation: d }: { deviation: Deviation }) {
  const { t } = useTranslation();
  const data = d.difference.db.map((db, i) => ({ hz: d.difference.fromHz + (i + 0.5) * d.difference.stepHz, db }));
  const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(1)}`;
  return (
    <section className="deviation" aria-label={t('insight.deviation.title')} data-deviation={d.level}>
      <h4>{t('insight.deviation.title')}</h4>
      <p>
        <span className={`deviation-level deviation-${d.level}`}>
          <span aria-hidden="true">{LEVEL_SHAPE[d.level]}</span> {t(`insight.deviation.level.${d.level}`)}
        </span>{' '}
        <span data-score={d.score}>{t('insight.deviation.score', { score: d.score.toFixed(1), count: d.baselineRecordings })}</span>
      </p>
      <h5>{t('insight.deviation.changed')}</h5>
      {d.changed.length === 0 ? (
        <p className="muted">{t('insight.deviation.nothing')}</p>
      ) : (
        <table className="list-table changed-table">
          <thead>
            <tr>
              <th scope="col">{t('insight.deviation.where')}</th>
              <th scope="col" className="numeric">
                {t('insight.deviation.change')}
              </th>
            </tr>
          </thead>
          <tbody>
            {d.changed.map((c) => (
              <tr key={`${c.kind}-${c.loHz}`} data-changed={c.kind}>
                <td>
                  {c.kind === 'order'
                    ? t('insight.deviation.order', { order: c.order, hz: ((c.loHz + c.hiHz) / 2).toFixed(1) })
                    : t('insight.deviation.band', { lo: Math.round(c.loHz), hi: Math.round(c.hiHz) })}
                </td>
                <td className="numeric">
                  <span aria-hidden="true">{c.deltaDb > 0 ? '▲ ' : '▼ '}</span>
                  {t('insight.deviation.delta', { delta: signed(c.deltaDb) })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {d.features.length > 0 ? (
        <>
          <h5>{t('insight.deviation.features')}</h5>
          <ul className="changed-features">
            {d.features.map((f) => (
              <li key={f.name}>
                {t('ui.deviation.feature', {
                  what: t(`ui.deviation.family.${featureFamily(f.name)}`),
                  direction: f.z > 0 ? t('insight.deviation.higher') : t('insight.deviation.lower'),
                })}
                <span className="muted">{` (z ${Math.abs(f.z).toFixed(1)})`}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <figure className="insight-chart" data-chart="difference" aria-label={t('insight.deviation.difference')}>
        <figcaption>{t('insight.deviation.difference')}</figcaption>
        <ResponsiveContainer width="100%" height={160}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="hz" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => v.toFixed(0)} />
            <YAxis width={40} domain={['auto', 'auto']} />
            <ReferenceLine y={0} stroke="#555" />
            <Line type="linear" dataKey="db" dot={false} isAnimationActive={false} strokeWidth={1} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </section>
  );
}

/**
 * What a feature measures, in the technician's words. Feature names (env_high_peak_prom_db,
 * mel03_rel_db...) are the engine's, never shown; a family of them is named instead.
 */
export function featureFamily(name: string): 'knock' | 'band' | 'order' | 'level' | 'texture' | 'other' {
  if (/^env|kurt|crest|impuls|peak/.test(name)) return 'knock';
  if (/^mel|band|octave/.test(name)) return 'band';
  if (/order|harm|1x|2x|line/.test(name)) return 'order';
  if (/rms|level|loud|energy/.test(name)) return 'level';
  if (/flat|centroid|rolloff|spread|entropy|zcr|floor/.test(name)) return 'texture';
  return 'other';
}
