import { useTranslation } from 'react-i18next';
import type { SessionDevice } from '../../../shared/contract';

/** How each sensor's link held up during the visit: what arrived, what went missing, drop-outs, reboots. */
export function LinkHealthTable({ devices }: { devices: SessionDevice[] }) {
  const { t } = useTranslation();
  if (devices.length === 0) return <p className="empty">{t('recording.health.none')}</p>;
  return (
    <table className="list-table" aria-label={t('recording.health.title')}>
      <thead>
        <tr>
          <th scope="col">{t('recording.health.device')}</th>
          <th scope="col">{t('recording.health.link')}</th>
          <th scope="col" className="numeric">{t('recording.health.chunks')}</th>
          <th scope="col" className="numeric">{t('recording.health.readings')}</th>
          <th scope="col" className="numeric">{t('recording.health.gaps')}</th>
          <th scope="col" className="numeric">{t('recording.health.missing')}</th>
          <th scope="col" className="numeric">{t('recording.health.disconnects')}</th>
          <th scope="col" className="numeric">{t('recording.health.reboots')}</th>
        </tr>
      </thead>
      <tbody>
        {devices.map(({ deviceId, linkHealth: h }) => {
          const trouble = h.gaps + h.disconnects + h.reboots > 0;
          return (
            <tr key={deviceId}>
              <td className="mono">{deviceId}</td>
              <td>
                {[h.transport, h.address].filter(Boolean).join(' ')}
                {h.firmwareVersion ? <span className="muted">{` · ${h.firmwareVersion}`}</span> : null}
              </td>
              <td className="numeric">{h.audioChunks + h.vibrationChunks}</td>
              <td className="numeric">{h.readings}</td>
              <td className="numeric">
                {trouble ? <span className="status status-warn">{`▲ ${h.gaps}`}</span> : <span className="status status-ok">{'✔ 0'}</span>}
              </td>
              <td className="numeric">{h.missingSamples}</td>
              <td className="numeric">{h.disconnects}</td>
              <td className="numeric">{h.reboots}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
