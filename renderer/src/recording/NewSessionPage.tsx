import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../../shared/contract';
import { useApi } from '../app/api';
import { recordingErrorMessage } from './errors';
import { Alert } from './Alert';
import { CameraScanner } from '../scan/CameraScanner';

/**
 * Starting a visit by the asset's tag: scan the QR or barcode (with the camera, or a scanner that
 * types it and presses Enter) or type it. The machine's visit in progress opens if it has one (a
 * second visit is never started by accident); otherwise a new visit opens, ready to record.
 */
export function NewSessionPage() {
  const { t } = useTranslation();
  const { client } = useApi();
  const navigate = useNavigate();
  const [tag, setTag] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [camera, setCamera] = useState(false);

  const submit = async (event?: FormEvent, value = tag) => {
    event?.preventDefault();
    const trimmed = value.trim();
    if (trimmed === '') return;
    setBusy(true);
    setError(null);
    try {
      const found = await client.call('visits.findByTag', { tag: trimmed });
      const session = found.openVisit ?? (await client.call('sessions.create', { assetId: found.asset.id }));
      void navigate(`/sessions/${session.id}`);
    } catch (e) {
      setError(e instanceof ApiError && e.code === 'not_found' ? t('quickOpen.notFound', { tag: trimmed }) : recordingErrorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="new-session-title">
      <h1 id="new-session-title">{t('recording.newSession.title')}</h1>
      <p>{t('recording.newSession.intro')}</p>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="new-session-tag">{t('recording.newSession.tag')}</label>
          <input id="new-session-tag" className="mono" value={tag} autoFocus autoComplete="off" spellCheck={false} onChange={(e) => setTag(e.target.value)} />
        </div>
        <Alert message={error} />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={busy}>
            {t('recording.newSession.start')}
          </button>
          <button type="button" onClick={() => setCamera((on) => !on)} aria-pressed={camera}>
            {t('ui.scan.button')}
          </button>
        </div>
      </form>
      {camera ? (
        <CameraScanner
          onClose={() => setCamera(false)}
          onScan={(text) => {
            setCamera(false);
            setTag(text);
            void submit(undefined, text);
          }}
        />
      ) : null}
    </section>
  );
}
