import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../../shared/contract';
import { useApi } from '../app/api';
import { recordingErrorMessage } from './errors';
import { Alert } from './Alert';

/**
 * Starting a visit by the asset's tag: scan the QR or barcode (a scanner types it and presses
 * Enter) or type it. The visit opens straight away, ready to record.
 */
export function NewSessionPage() {
  const { t } = useTranslation();
  const { client } = useApi();
  const navigate = useNavigate();
  const [tag, setTag] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = tag.trim();
    if (trimmed === '') return;
    setBusy(true);
    setError(null);
    try {
      const asset = await client.call('assets.findByTag', { tag: trimmed });
      const session = await client.call('sessions.create', { assetId: asset.id });
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
        </div>
      </form>
    </section>
  );
}
