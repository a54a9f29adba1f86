import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiMutation, useApiQuery } from '../app/api';
import { formatSeconds } from './format';

/**
 * After a crash or power cut, says what was interrupted and recovered when the app started again,
 * with a link to each visit; and what start-up repaired (a database rebuilt from the recordings,
 * files re-attached or quarantined). The back end keeps both until the technician dismisses them.
 */
export function RecoveryBanner() {
  const { t } = useTranslation();
  const recoveries = useApiQuery('recordings.recoveries', {});
  const storage = useApiQuery('storage.status', {});
  const dismiss = useApiMutation('storage.dismissNotices');
  const [dismissed, setDismissed] = useState(false);
  const list = recoveries.data ?? [];
  const repair = storage.data?.repair ?? null;
  if (dismissed || (list.length === 0 && repair === null)) return null;
  const sessions = [...new Map(list.map((r) => [r.sessionId, r])).values()];
  const onDismiss = () => {
    setDismissed(true);
    dismiss.mutate({});
  };
  return (
    <div className="banner banner-warn" role="status">
      <span aria-hidden="true">{'▲ '}</span>
      {list.length > 0 && t('recording.recovery.message', { count: list.filter((r) => r.status === 'recovered').length })}
      {repair && repair.reattached > 0 && (
        <p>{t(`storage.repair.${repair.database}`, { reattached: repair.reattached, sessions: repair.sessionsRebuilt })}</p>
      )}
      {repair && repair.quarantined > 0 && (
        <p>
          {t('storage.repair.quarantined', { count: repair.quarantined })} <Link to="/about">{t('nav.about')}</Link>
        </p>
      )}
      <ul>
        {sessions.map((r) => (
          <li key={r.sessionId}>
            <Link to={`/sessions/${r.sessionId}`}>{r.assetName}</Link>
            {` · ${list
              .filter((x) => x.sessionId === r.sessionId)
              .map((x) => `${t(`recording.streams.${x.stream}`)} ${x.status === 'recovered' ? formatSeconds(x.durationS) : t('recording.status.failed')}`)
              .join(', ')}`}
          </li>
        ))}
      </ul>
      <button type="button" onClick={onDismiss}>
        {t('recording.recovery.dismiss')}
      </button>
    </div>
  );
}
