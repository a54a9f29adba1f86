import { memo, useDeferredValue, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { LiveGap, LiveReading, LiveView, SensorEntry } from '../../../shared/contract';
import { useApiMutation } from '../app/api';
import { ErrorBanner } from '../components/common';
import { HealthDetails } from './HealthDetails';
import { LinkStateBadge } from './LinkStateBadge';
import type { LiveStore } from './live-store';
import { ReadingsCharts } from './ReadingsCharts';
import { Spectrogram, SPECTROGRAM_MIN_HZ } from './Spectrogram';
import { useLiveStore, useSensorPart, useThrottledVersion } from './useSensors';
import { Waveform } from './Waveform';
import './sensors.css';

const SOUND_VIEWS: LiveView[] = ['waveform', 'spectrogram', 'readings'];
const READING_VIEWS: LiveView[] = ['readings'];
/** Redrawn only when the readings or gaps it is given change (not on every page render). */
const MemoCharts = memo(ReadingsCharts);

/** What the page itself shows of the sensor's entry; its link-health counters render on their own. */
const headerOf = (e: SensorEntry | undefined) =>
  e && { state: e.state, model: e.model, streams: e.streams };
const healthOf = (e: SensorEntry | undefined) => e?.health;

/** One sensor, live: values, sound waveform and spectrogram, readings charts, link health, gaps. */
export function LivePage() {
  const { t } = useTranslation();
  const deviceId = decodeURIComponent(useParams().deviceId ?? '');
  const entry = useSensorPart(deviceId, headerOf);
  const hasSound = entry?.streams?.audioSampleRate !== null;
  // Only what this page shows is sent to it.
  const store = useLiveStore(deviceId, hasSound ? SOUND_VIEWS : READING_VIEWS);
  useThrottledVersion(store);
  // Charts render in the background (interruptible), so a chart update never blocks a frame.
  const readings = useDeferredValue(store.readings);
  const gaps = useDeferredValue(store.gaps);
  const connect = useApiMutation('sensors.connect');
  const disconnect = useApiMutation('sensors.disconnect');
  const live = entry?.state === 'connected' || entry?.state === 'reconnecting';
  const name = entry?.model ?? t('sensors.unnamed');
  const maxHz = (entry?.streams?.audioSampleRate ?? 16_000) / 2;

  return (
    <section aria-labelledby="live-title" className="live-page">
      <p className="breadcrumb">
        <Link to="/sensors">{t('sensors.live.back')}</Link>
      </p>
      <div className="page-header">
        <h1 id="live-title">
          {name} <span className="mono sensor-id">{deviceId}</span>
          {entry ? <LinkStateBadge state={entry.state} /> : null}
        </h1>
        <div className="actions">
          {live ? (
            <button type="button" onClick={() => disconnect.mutate({ key: deviceId })} disabled={disconnect.isPending}>
              {t('sensors.disconnect')}
            </button>
          ) : (
            <button type="button" className="button-primary" onClick={() => connect.mutate({ key: deviceId })} disabled={connect.isPending}>
              {t('sensors.connect')}
            </button>
          )}
        </div>
      </div>
      <ErrorBanner error={connect.error ?? disconnect.error} />
      {!live ? (
        <div className="banner banner-warn" role="status">
          <span aria-hidden="true">{'▲ '}</span>
          {t('sensors.live.notConnected')}
        </div>
      ) : null}

      <LiveValues store={store} />

      {!hasSound ? (
        <p className="notice">{t('sensors.live.noAudio')}</p>
      ) : (
        <>
          <h2>{t('sensors.live.waveform')}</h2>
          <Waveform store={store} label={t('sensors.live.waveformLabel', { device: deviceId })} />
          <h2>{t('sensors.live.spectrogram')}</h2>
          <Spectrogram store={store} maxHz={maxHz} label={t('sensors.live.spectrogramLabel', { device: deviceId })} />
          <p className="field-hint">{t('sensors.live.spectrogramScale', { minHz: SPECTROGRAM_MIN_HZ, maxHz })}</p>
          <p className="field-hint">{t('sensors.live.gapMarked')}</p>
        </>
      )}

      <h2>{t('sensors.live.readings')}</h2>
      {readings.length === 0 ? <p className="notice">{t('sensors.live.waiting')}</p> : <ChartsWhenOnScreen readings={readings} gaps={gaps} />}

      <LiveHealth deviceId={deviceId} />

      <h2>{t('sensors.live.gaps')}</h2>
      <GapList gaps={store.gaps} rates={{ audio: entry?.streams?.audioSampleRate ?? null, vibration: entry?.streams?.vibrationSampleRate ?? null }} />
    </section>
  );
}

/** The charts follow the readings while they are on screen; scrolled away, they keep what they showed and cost nothing. */
function ChartsWhenOnScreen({ readings, gaps }: { readings: LiveReading[]; gaps: LiveGap[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const [onScreen, setOnScreen] = useState(true);
  useEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const observer = new IntersectionObserver((entries) => setOnScreen(entries.some((e) => e.isIntersecting)));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const [shown, setShown] = useState({ readings, gaps });
  // Adjusted while rendering (React's pattern for state derived from props), not in an effect.
  if (onScreen && (shown.readings !== readings || shown.gaps !== gaps)) setShown({ readings, gaps });
  return (
    <div ref={ref}>
      <MemoCharts readings={shown.readings} gaps={shown.gaps} />
    </div>
  );
}

/** The link-health counters, re-rendered alone when the snapshot brings new ones. */
function LiveHealth({ deviceId }: { deviceId: string }) {
  const { t } = useTranslation();
  const health = useSensorPart(deviceId, healthOf);
  if (!health) return null;
  return (
    <>
      <h2>{t('sensors.health.title')}</h2>
      <HealthDetails health={health} />
    </>
  );
}

function LiveValues({ store }: { store: LiveStore }) {
  const { t, i18n } = useTranslation();
  const last: LiveReading | undefined = store.readings.at(-1);
  const fmt = (v: number | null | undefined, digits: number, unit: string) =>
    v === null || v === undefined ? t('common.none') : `${new Intl.NumberFormat(i18n.language, { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v)} ${unit}`;
  const vib = store.vibrationRmsG ?? (last && last.vibX !== null ? { x: last.vibX, y: last.vibY ?? 0, z: last.vibZ ?? 0 } : null);
  const values: [string, string, string][] = [
    ['temperature', t('sensors.live.values.temperature'), fmt(last?.temperatureC, 1, '°C')],
    ['current', t('sensors.live.values.current'), fmt(last?.currentA, 2, 'A')],
    ['power', t('sensors.live.values.power'), fmt(last?.powerW, 0, 'W')],
    ['vibration', t('sensors.live.values.vibration'), vib ? `${fmt(vib.x, 3, '')} / ${fmt(vib.y, 3, '')} / ${fmt(vib.z, 3, 'g')}` : t('common.none')],
    ['audioLevel', t('sensors.live.values.audioLevel'), fmt(last?.audioLevelDb, 1, 'dB')],
    // Only a sensor with pressure transducers sends them (HELLO capability bit 6).
    ...(last && (last.suctionKpa !== null || last.dischargeKpa !== null)
      ? ([
          ['suction', t('sensors.live.values.suction'), fmt(last.suctionKpa, 0, 'kPa')],
          ['discharge', t('sensors.live.values.discharge'), fmt(last.dischargeKpa, 0, 'kPa')],
        ] as [string, string, string][])
      : []),
  ];
  return (
    <dl className="live-values">
      {values.map(([key, label, value]) => (
        <div key={key} className={`live-value live-value-${key}`} data-value={key}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function GapList({ gaps, rates }: { gaps: LiveGap[]; rates: { audio: number | null; vibration: number | null } }) {
  const { t, i18n } = useTranslation();
  if (gaps.length === 0) return <p className="notice">{t('sensors.live.noGaps')}</p>;
  const time = (ms: number) => new Intl.DateTimeFormat(i18n.language, { timeStyle: 'medium' }).format(new Date(ms));
  return (
    <ul className="gap-list">
      {[...gaps].reverse().map((g, i) => {
        const rate = g.stream === 'audio' ? rates.audio : g.stream === 'vibration' ? rates.vibration : null;
        const what =
          g.missingSamples !== null && rate !== null
            ? t('sensors.live.gapSamples', { count: g.missingSamples, seconds: (g.missingSamples / rate).toFixed(2) })
            : g.missingFrames !== null
              ? t('sensors.live.gapFrames', { count: g.missingFrames })
              : t('sensors.live.gapUnknown');
        return (
          <li key={`${g.hostTimeMs}-${i}`} data-gap={g.reason}>
            <span aria-hidden="true">{'┆ '}</span>
            {t('sensors.live.gapLine', { time: time(g.hostTimeMs), reason: `${t(`sensors.live.gapReason.${g.reason}`)} (${t(`sensors.live.gapStream.${g.stream}`)})`, what })}
          </li>
        );
      })}
    </ul>
  );
}
