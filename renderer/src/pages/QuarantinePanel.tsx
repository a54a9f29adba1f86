import { useTranslation } from 'react-i18next';
import { useApiQuery } from '../app/api';
import { QueryState } from '../components/common';
import { formatBytes } from '../components/format';

/** Files start-up could not re-attach to any visit: kept in the data folder's quarantine, never deleted (issue 14). */
export function QuarantinePanel() {
  const { t } = useTranslation();
  const status = useApiQuery('storage.status', {});
  return (
    <section aria-labelledby="quarantine-title" className="quarantine">
      <h2 id="quarantine-title">{t('storage.quarantine.title')}</h2>
      <QueryState query={status}>
        {(s) =>
          s.quarantined.length === 0 ? (
            <p>{t('storage.quarantine.empty')}</p>
          ) : (
            <>
              <p>{t('storage.quarantine.intro', { dir: s.quarantineDir })}</p>
              <table className="list-table" data-testid="quarantine-list">
                <thead>
                  <tr>
                    <th scope="col">{t('storage.quarantine.file')}</th>
                    <th scope="col">{t('storage.quarantine.size')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.quarantined.map((f) => (
                    <tr key={f.path}>
                      <td className="mono">{f.path}</td>
                      <td>{formatBytes(f.bytes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )
        }
      </QueryState>
    </section>
  );
}
