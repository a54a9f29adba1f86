import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../app/api';
import { formatSeconds } from './format';

/**
 * After a crash or power cut, says what was interrupted and recovered when the app started again,
 * with a link to each visit, until dismissed.
 */
export function RecoveryBanner() {
  const { t } = useTranslation();
  const recoveries = useApiQuery('recordings.recoveries', {});
  const [dismissed, setDismissed] = useState(false);
  const list = recoveries.data ?? [];
  if (dismissed || list.length === 0) return null;
  const sessions = [...new Map(list.map((r) => [r.sessionId, r])).values()];
  return (
    <div className="banner banner-warn" role="status">
      <span aria-hidden="true">{'▲ '}</span>
      {t('recording.recovery.message', { count: list.filter((r) => r.status === 'recovered').length })}
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
      <button type="button" onClick={() => setDismissed(true)}>
        {t('recording.recovery.dismiss')}
      </button>
    </div>
  );
}
