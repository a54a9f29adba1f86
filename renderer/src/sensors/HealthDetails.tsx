import { useTranslation } from 'react-i18next';
import type { SensorLinkHealth } from '../../../shared/contract';
import { Detail } from '../components/common';
import { formatBytes } from '../components/format';

const num = (n: number, language: string) => new Intl.NumberFormat(language).format(n);

/** Every link-health counter, worded; the same figures a recording stores with its session. */
export function HealthDetails({ health }: { health: SensorLinkHealth }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => num(v, i18n.language);
  const or = (v: number | null, key: string) => (v === null ? null : t(key, { value: n(v) }));
  return (
    <dl className="details health-details" data-testid="link-health">
      <Detail label={t('sensors.health.frames')} value={<span data-health="frames">{n(health.frames)}</span>} />
      <Detail label={t('sensors.health.bytes')} value={formatBytes(health.bytes)} />
      <Detail label={t('sensors.health.framesLost')} value={<span data-health="framesLost">{n(health.framesLost)}</span>} />
      <Detail label={t('sensors.health.badFrames')} value={<span data-health="badFrames">{n(health.badFrames)}</span>} />
      <Detail label={t('sensors.health.crcErrors')} value={<span data-health="crc">{n(health.bad.crc)}</span>} />
      <Detail label={t('sensors.health.gaps')} value={<span data-health="gaps">{n(health.gaps)}</span>} />
      <Detail label={t('sensors.health.lostAudio')} value={n(health.lostSamples.audio)} />
      <Detail label={t('sensors.health.reconnects')} value={<span data-health="reconnects">{n(health.reconnects)}</span>} />
      <Detail label={t('sensors.health.reboots')} value={n(health.reboots)} />
      <Detail label={t('sensors.health.latency')} value={or(health.latencyMs, 'sensors.health.msValue')} />
      <Detail label={t('sensors.health.drift')} value={or(health.clockDriftPpm, 'sensors.health.ppmValue')} />
      <Detail label={t('sensors.health.battery')} value={or(health.device?.batteryPercent ?? null, 'sensors.health.percentValue')} />
      <Detail label={t('sensors.health.rssi')} value={or(health.device?.rssiDbm ?? null, 'sensors.health.dbmValue')} />
    </dl>
  );
}

/** One line for the list: the counters a technician glances at. */
export function HealthSummary({ health }: { health: SensorLinkHealth }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => num(v, i18n.language);
  const parts = [
    t('sensors.healthSummary.frames', { count: health.frames, formatted: n(health.frames) }),
    t('sensors.healthSummary.lost', { count: health.framesLost }),
    t('sensors.healthSummary.bad', { count: health.badFrames }),
    t('sensors.healthSummary.reconnects', { count: health.reconnects }),
  ];
  if (health.latencyMs !== null) parts.push(t('sensors.healthSummary.latency', { ms: health.latencyMs.toFixed(1) }));
  return <span className="health-summary">{parts.join(' · ')}</span>;
}
