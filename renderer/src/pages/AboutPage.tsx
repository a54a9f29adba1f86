import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../app/api';
import { Detail, QueryState } from '../components/common';
import { formatBytes } from '../components/format';
import { StatusBadge } from '../components/StatusBadge';
import { DiagnosticsPanel } from '../shipping/DiagnosticsPanel';
import { UpdatePanel } from '../shipping/UpdatePanel';
import { QuarantinePanel } from './QuarantinePanel';

export function AboutPage() {
  const { t, i18n } = useTranslation();
  const health = useApiQuery('health.get', {});

  return (
    <section aria-labelledby="about-title">
      <div className="page-header">
        <h1 id="about-title">{t('about.title')}</h1>
        <button type="button" onClick={() => void health.refetch()} disabled={health.isFetching}>
          {t('about.refresh')}
        </button>
      </div>
      <QueryState query={health}>
        {(report) => (
          <>
            <p className={`overall overall-${report.status}`} role="status">
              <StatusBadge status={report.status} /> {t(`about.overall.${report.status}`)}
            </p>
            <dl className="details">
              <Detail label={t('about.version')} value={report.app.appVersion} />
              <Detail label={t('about.schema')} value={String(report.app.schemaVersion)} />
              <Detail label={t('about.runtime')} value={report.app.runtime} />
              <Detail label={t('about.platform')} value={`${report.app.platform}, Node ${report.app.nodeVersion}`} />
              <Detail label={t('about.dataDir')} value={<span className="mono">{report.app.dataDir}</span>} />
              <Detail label={t('about.database')} value={<span className="mono">{report.databasePath}</span>} />
              <Detail label={t('about.databaseSize')} value={formatBytes(report.databaseBytes)} />
            </dl>
            <h2>{t('about.checks')}</h2>
            <table className="list-table checks">
              <tbody>
                {report.checks.map((check) => (
                  <tr key={check.id} data-check={check.id}>
                    <th scope="row">
                      {i18n.exists(`about.checkNames.${check.id}`) ? t(`about.checkNames.${check.id}`) : check.id}
                    </th>
                    <td>
                      <StatusBadge status={check.status} />
                    </td>
                    <td>{check.detail}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </QueryState>
      <QuarantinePanel />
      <UpdatePanel />
      <DiagnosticsPanel />
    </section>
  );
}
