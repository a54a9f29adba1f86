import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api';
import { Detail, ErrorBanner } from '../components/common';
import { formatDateTime } from '../components/format';
import { describeUpdate, useUpdateStatus } from './useUpdates';

/** The Updates section of the About page: where the updater is, and the technician's controls. */
export function UpdatePanel() {
  const { t } = useTranslation();
  const { client } = useApi();
  const status = useUpdateStatus();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const data = status.data;
  if (!data) return null;
  const phase = data.phase;

  const run = async (method: 'updates.check' | 'updates.download' | 'updates.install' | 'updates.cancelInstall') => {
    setBusy(true);
    setError(null);
    try {
      await client.call(method, {});
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const canCheck = phase.state === 'idle' || phase.state === 'error' || phase.state === 'available';
  return (
    <section aria-labelledby="updates-title" className="panel" data-update-state={phase.state}>
      <h2 id="updates-title">{t('shipping.updates.title')}</h2>
      <p role="status" className={phase.state === 'error' ? 'update-status update-error' : 'update-status'}>
        {describeUpdate(data, t)}
      </p>
      {phase.state === 'downloading' ? <progress max={100} value={phase.percent} aria-label={t('shipping.updates.title')} /> : null}
      <dl className="details">
        <Detail label={t('shipping.updates.current')} value={data.currentVersion} />
        <Detail label={t('shipping.updates.channel')} value={t(data.channel === 'beta' ? 'shipping.settings.channelBeta' : 'shipping.settings.channelStable')} />
        <Detail label={t('shipping.updates.lastChecked')} value={formatDateTime(data.lastCheckedAt)} />
      </dl>
      {'release' in phase && phase.release?.notes ? (
        <details>
          <summary>{t('shipping.updates.notes')}</summary>
          <p className="release-notes">{phase.release.notes}</p>
        </details>
      ) : null}
      <ErrorBanner error={error} />
      {phase.state === 'unsupported' ? null : (
        <div className="actions">
          {canCheck ? (
            <button type="button" disabled={busy} onClick={() => void run('updates.check')}>
              {t('shipping.updates.check')}
            </button>
          ) : null}
          {phase.state === 'available' || (phase.state === 'error' && phase.release) ? (
            <button type="button" disabled={busy} onClick={() => void run('updates.download')}>
              {t('shipping.updates.download')}
            </button>
          ) : null}
          {phase.state === 'ready' ? (
            <button type="button" className="button-primary" disabled={busy} onClick={() => void run('updates.install')}>
              {t('shipping.updates.install')}
            </button>
          ) : null}
          {phase.state === 'waiting' ? (
            <button type="button" disabled={busy} onClick={() => void run('updates.cancelInstall')}>
              {t('shipping.updates.cancelInstall')}
            </button>
          ) : null}
        </div>
      )}
    </section>
  );
}
