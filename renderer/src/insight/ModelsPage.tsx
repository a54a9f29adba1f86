import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type ExportDatasetResult } from '../../../shared/contract';
import { useApi, useApiQuery } from '../app/api';
import { Detail, QueryState } from '../components/common';
import { formatDateTime } from '../components/format';
import { Alert } from '../recording/Alert';
import { useLocalized } from './live';
import { apiErrorMessage } from '../components/errors';
import './insight.css';

/** The installed models (version, status, what they know), installing a checked model set from disk, and exporting labelled recordings for training. */
export function ModelsPage() {
  const { t } = useTranslation();
  const local = useLocalized();
  const { client } = useApi();
  const queryClient = useQueryClient();
  const info = useApiQuery('diagnosis.modelInfo', {});
  const [source, setSource] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<ExportDatasetResult | null>(null);

  const install = async () => {
    setBusy(true);
    setMessage(null);
    setError(null);
    try {
      const result = await client.call('insight.installModel', { path: source });
      queryClient.setQueryData(['diagnosis.modelInfo', {}], result);
      setMessage(t('insight.models.installed', { version: result.version ?? '' }));
    } catch (e) {
      // The back end's reason is precise (which model, which check failed): shown after the localised line.
      setError(t('insight.models.refusedInstall', { reason: e instanceof ApiError && e.code === 'invalid_file' ? e.message : apiErrorMessage(e, t) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="models-title">
      <h1 id="models-title">{t('insight.models.title')}</h1>
      <QueryState query={info}>
        {(m) => (
          <>
            <dl className="details">
              <Detail label={t('insight.models.version')} value={<span data-model-version={m.version ?? ''}>{m.version}</span>} />
              <Detail label={t('insight.models.modelStatus')} value={<span data-model-status={m.status}>{t(`insight.models.status.${m.status}`)}</span>} />
              <Detail label={t('insight.models.directory')} value={m.directory ? <span className="mono">{m.directory}</span> : null} />
              <Detail label={t('recording.session.started')} value={m.createdAt ? formatDateTime(m.createdAt) : null} />
            </dl>
            <table className="list-table">
              <thead>
                <tr>
                  <th scope="col">{t('insight.models.model')}</th>
                  <th scope="col">{t('insight.models.modelStatus')}</th>
                  <th scope="col">{t('insight.models.classes')}</th>
                  <th scope="col" className="numeric">
                    {t('insight.models.features')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {m.models.map((model) => (
                  <tr key={model.id}>
                    <td className="mono">{model.id}</td>
                    <td>{model.status === 'ready' ? t('insight.models.status.ready') : t('insight.models.refused', { problem: model.problem ?? '' })}</td>
                    <td>{model.classes.map((c) => local(c.name)).join(', ')}</td>
                    <td className="numeric">{model.featureSchema.features}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </QueryState>

      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void install();
        }}
      >
        <h2>{t('insight.models.install')}</h2>
        <div className="field">
          <label htmlFor="model-path">{t('insight.models.path')}</label>
          <input id="model-path" className="mono" value={source} onChange={(e) => setSource(e.target.value)} required />
        </div>
        <div className="form-actions">
          <button type="submit" disabled={busy || source.trim() === ''}>
            {busy ? t('insight.models.installing') : t('insight.models.installButton')}
          </button>
          {message ? (
            <span className="saved" role="status">
              {message}
            </span>
          ) : null}
        </div>
        <Alert message={error} />
      </form>

      <h2>{t('insight.models.export')}</h2>
      <p className="muted">{t('insight.models.exportHint')}</p>
      <button
        type="button"
        onClick={() =>
          void (async () => {
            setError(null);
            try {
              setExported(await client.call('insight.exportDataset', {}));
            } catch (e) {
              setError(apiErrorMessage(e, t));
            }
          })()
        }
      >
        {t('insight.models.exportButton')}
      </button>
      {exported ? (
        <p className="saved" role="status" data-export-dir={exported.dir}>
          {t('insight.models.exported', { dir: exported.dir, rows: exported.sets.reduce((n, s) => n + s.rows, 0) })}
          {exported.skipped.length > 0 ? ` ${t('insight.models.skipped', { count: exported.skipped.length })}` : ''}
        </p>
      ) : null}
    </section>
  );
}
