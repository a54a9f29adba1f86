import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api';
import { saveDownload } from '../components/download';
import { Alert } from '../recording/Alert';
import { recordingErrorMessage } from '../recording/errors';

/** The site's yearly 냉매관리기록부 as PDF or CSV. */
export function YearlyRecordExport({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const { client } = useApi();
  const [year, setYear] = useState(new Date().getFullYear());
  const [error, setError] = useState<string | null>(null);
  const download = async (format: 'pdf' | 'csv') => {
    setError(null);
    try {
      saveDownload(await client.call('refrigeration.exportYearlyRecord', { siteId, year, format }));
    } catch (e) {
      setError(recordingErrorMessage(e, t));
    }
  };
  return (
    <section aria-labelledby="yearly-record-title" className="panel">
      <h2 id="yearly-record-title">{t('refrigeration.record.export')}</h2>
      <div className="actions">
        <label htmlFor="yearly-record-year">{t('refrigeration.record.year')}</label>
        <input id="yearly-record-year" type="number" inputMode="numeric" min={2000} max={2100} value={year} onChange={(e) => setYear(Number(e.target.value))} />
        <button type="button" onClick={() => void download('pdf')}>
          {t('refrigeration.record.exportPdf')}
        </button>
        <button type="button" onClick={() => void download('csv')}>
          {t('refrigeration.record.exportCsv')}
        </button>
      </div>
      <Alert message={error} />
    </section>
  );
}
