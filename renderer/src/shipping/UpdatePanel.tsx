import { useTranslation } from 'react-i18next';
import { Detail, ErrorBanner } from '../components/common';
import { formatDateTime } from '../components/format';
import { UpdateActions, useUpdateCall } from './UpdateActions';
import { describeUpdate, useUpdateStatus } from './useUpdates';

/** The Updates section of the About page: where the updater is, and the technician's controls. */
export function UpdatePanel() {
  const { t } = useTranslation();
  const status = useUpdateStatus();
  const { busy, error, run } = useUpdateCall();
  const data = status.data;
  if (!data) return null;
  const phase = data.phase;
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
          <UpdateActions phase={phase} busy={busy} run={run} />
        </div>
      )}
    </section>
  );
}
