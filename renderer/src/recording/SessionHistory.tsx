import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApiQuery } from '../app/api';
import { QueryState } from '../components/common';
import { formatDateTime } from '../components/format';
import { formatSeconds } from './format';

/** The visits to one asset, or to every asset of one site, newest first. */
export function SessionHistory({ assetId, siteId }: { assetId?: string; siteId?: string }) {
  const { t } = useTranslation();
  const sessions = useApiQuery('sessions.list', assetId ? { assetId } : { siteId: siteId! });
  return (
    <QueryState query={sessions}>
      {(list) =>
        list.length === 0 ? (
          <p className="empty">{assetId ? t('assets.noSessions') : t('recording.history.noneAtSite')}</p>
        ) : (
          <table className="list-table" aria-label={t('recording.history.label')}>
            <thead>
              <tr>
                <th scope="col">{t('recording.history.date')}</th>
                {siteId ? <th scope="col">{t('recording.history.asset')}</th> : null}
                <th scope="col">{t('recording.history.technician')}</th>
                <th scope="col" className="numeric">
                  {t('recording.history.recordings')}
                </th>
                <th scope="col" className="numeric">
                  {t('recording.history.recorded')}
                </th>
                <th scope="col">{t('recording.history.state')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/sessions/${s.id}`}>{formatDateTime(s.startedAt)}</Link>
                  </td>
                  {siteId ? <td>{s.assetName}</td> : null}
                  <td>{s.technician ?? t('common.none')}</td>
                  <td className="numeric">{s.recordingCount}</td>
                  <td className="numeric">{formatSeconds(s.recordedS)}</td>
                  <td>
                    {t(`recording.session.status.${s.status}`)}
                    {s.needsAttention ? <span className="tag tag-attention">{t('recording.history.attention')}</span> : null}
                    {s.tags.map((tag) => (
                      <span key={tag} className="tag tag-plain">
                        {tag}
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </QueryState>
  );
}
