import { useTranslation } from 'react-i18next';
import { useApiMutation } from '../app/api';
import { ErrorBanner } from '../components/common';

/** "Export diagnostics bundle" on the About page: a zip for support, without customer data. */
export function DiagnosticsPanel() {
  const { t } = useTranslation();
  const exportBundle = useApiMutation('diagnostics.export');
  const bundle = exportBundle.data;
  return (
    <section aria-labelledby="diagnostics-title" className="panel">
      <h2 id="diagnostics-title">{t('shipping.diagnostics.title')}</h2>
      <p className="field-hint">{t('shipping.diagnostics.hint')}</p>
      <div className="actions">
        <button type="button" disabled={exportBundle.isPending} onClick={() => exportBundle.mutate({})}>
          {exportBundle.isPending ? t('shipping.diagnostics.exporting') : t('shipping.diagnostics.export')}
        </button>
      </div>
      <ErrorBanner error={exportBundle.error} />
      {bundle ? (
        <p role="status" className="saved-path">
          <span className="mono">{t('shipping.diagnostics.saved', { path: bundle.path })}</span>
          {bundle.downloadPath ? (
            <>
              {' '}
              <a href={bundle.downloadPath} download={bundle.fileName}>
                {t('shipping.diagnostics.download', { fileName: bundle.fileName })}
              </a>
            </>
          ) : null}
        </p>
      ) : null}
    </section>
  );
}
