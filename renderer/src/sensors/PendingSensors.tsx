import { useTranslation } from 'react-i18next';
import type { IngestConsentState, PendingIngestDevice } from '../../../shared/contract';
import { useApiMutation } from '../app/api';
import { ErrorBanner } from '../components/common';
import { formatDateTime } from '../components/format';
import { usePendingIngest, useStorePendingState } from './useSensors';

/**
 * Sensors that posted to the HTTP ingest and wait for the technician's decision (issue 14,
 * case 6): nothing of theirs is kept until accepted. Shown only when there is something to decide
 * or to know (a full list, refused requests, ignored sensors).
 */
export function PendingSensors() {
  const query = usePendingIngest();
  const state = query.data;
  if (!state || (state.pending.length === 0 && state.ignored.length === 0 && state.dropped === 0 && state.limited === 0)) return null;
  return <PendingPanel state={state} />;
}

function PendingPanel({ state }: { state: IngestConsentState }) {
  const { t } = useTranslation();
  const unignore = useApiMutation('sensors.pending.unignore');
  const store = useStorePendingState();
  return (
    <section className="pending-panel" aria-labelledby="pending-title">
      <h2 id="pending-title">{t('sensors.pending.title')}</h2>
      <p className="field-hint">{t('sensors.pending.explain')}</p>
      {state.dropped > 0 ? (
        <div className="banner banner-warn" role="status">
          <span aria-hidden="true">{'▲ '}</span>
          {t('sensors.pending.dropped', { count: state.dropped, cap: state.cap })}
        </div>
      ) : null}
      {state.limited > 0 ? <p className="field-hint">{t('sensors.pending.limited', { count: state.limited })}</p> : null}
      {state.pending.length > 0 ? (
        <table className="list-table pending-table">
          <thead>
            <tr>
              <th scope="col">{t('sensors.pending.columns.sensor')}</th>
              <th scope="col">{t('sensors.pending.columns.address')}</th>
              <th scope="col">{t('sensors.pending.columns.sends')}</th>
              <th scope="col">{t('sensors.pending.columns.seen')}</th>
              <th scope="col">{t('sensors.pending.columns.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {state.pending.map((device) => (
              <PendingRow key={device.deviceId} device={device} />
            ))}
          </tbody>
        </table>
      ) : null}
      {state.ignored.length > 0 ? (
        <details className="pending-ignored">
          <summary>
            {t('sensors.pending.ignoredTitle')} ({state.ignored.length})
          </summary>
          <ul>
            {state.ignored.map((deviceId) => (
              <li key={deviceId}>
                <span className="mono">{deviceId}</span>{' '}
                <button type="button" disabled={unignore.isPending} onClick={() => unignore.mutate({ deviceId }, { onSuccess: store })}>
                  {t('sensors.pending.unignore')}
                </button>
              </li>
            ))}
          </ul>
          <ErrorBanner error={unignore.error} />
        </details>
      ) : null}
    </section>
  );
}

function PendingRow({ device }: { device: PendingIngestDevice }) {
  const { t } = useTranslation();
  const accept = useApiMutation('sensors.pending.accept');
  const ignore = useApiMutation('sensors.pending.ignore');
  const store = useStorePendingState();
  const busy = accept.isPending || ignore.isPending;
  return (
    <tr data-pending={device.deviceId} aria-label={device.deviceId}>
      <th scope="row">
        <span className="mono sensor-id">{device.deviceId}</span>
      </th>
      <td className="mono">{device.address}</td>
      <td>{device.streams.map((s) => t(`sensors.pending.streams.${s}`)).join(', ')}</td>
      <td>
        <span className="sensor-source">{t('sensors.pending.requests', { count: device.requests })}</span>
        <span className="sensor-source">{t('sensors.pending.lastSeen', { time: formatDateTime(new Date(device.lastSeenMs).toISOString()) })}</span>
      </td>
      <td>
        <div className="actions">
          <button type="button" className="button-primary" disabled={busy} onClick={() => accept.mutate({ deviceId: device.deviceId }, { onSuccess: store })}>
            {t('sensors.pending.accept')}
          </button>
          <button type="button" disabled={busy} onClick={() => ignore.mutate({ deviceId: device.deviceId }, { onSuccess: store })}>
            {t('sensors.pending.ignore')}
          </button>
        </div>
        <ErrorBanner error={accept.error ?? ignore.error} />
      </td>
    </tr>
  );
}
