import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UpdateActions, useUpdateCall } from './UpdateActions';
import { activityList, useUpdateStatus } from './useUpdates';

/**
 * A non-blocking line under the header when an update needs the technician: available (when
 * background download is off), ready, waiting for running work, installing. "Later" hides it
 * until the next change; nothing here ever interrupts work.
 */
export function UpdateBanner() {
  const { t } = useTranslation();
  const status = useUpdateStatus();
  const { busy, run } = useUpdateCall();
  const [hidden, setHidden] = useState<string | null>(null);
  const phase = status.data?.phase;
  if (!phase || !('release' in phase) || phase.release === null) return null;
  if (phase.state !== 'available' && phase.state !== 'ready' && phase.state !== 'waiting' && phase.state !== 'installing') return null;
  const key = `${phase.state}:${phase.release.version}`;
  if (hidden === key) return null;
  const version = phase.release.version;

  return (
    <div className="banner banner-update" role="status" aria-live="polite" data-update-state={phase.state}>
      <span aria-hidden="true">{'⬆ '}</span>
      {phase.state === 'waiting'
        ? t('shipping.updates.banner.waiting', { version, activities: activityList(phase.activities, t) })
        : t(`shipping.updates.banner.${phase.state}`, { version })}
      <span className="banner-actions">
        <UpdateActions phase={phase} busy={busy} run={run} />
        {phase.state === 'available' || phase.state === 'ready' ? (
          <button type="button" onClick={() => setHidden(key)}>
            {t('shipping.updates.later')}
          </button>
        ) : null}
      </span>
    </div>
  );
}
