import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionPhoto } from '../../../shared/contract';
import { useApi } from '../app/api';
import { recordingErrorMessage } from './errors';
import { uploadFile } from './upload';
import { Alert } from './Alert';

/** Photos of the visit (nameplate, installation, damage), taken with the laptop or tablet camera or picked from files. */
export function Photos({ sessionId, photos }: { sessionId: string; photos: SessionPhoto[] }) {
  const { t } = useTranslation();
  const { client } = useApi();
  const id = useId();
  const [caption, setCaption] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const add = async (files: FileList | null) => {
    if (!files || files.length === 0) return;
    setBusy(true);
    setError(null);
    try {
      for (const file of Array.from(files)) {
        const uploadId = await uploadFile(client, file, 'photo');
        await client.call('sessions.addPhoto', { sessionId, uploadId, caption });
      }
      setCaption('');
    } catch (e) {
      setError(recordingErrorMessage(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="photos">
      {photos.length === 0 ? <p className="empty">{t('recording.photos.none')}</p> : null}
      <ul className="photo-grid">
        {photos.map((p) => (
          <li key={p.id}>
            <figure>
              <img src={p.url} alt={p.caption ?? t('recording.photos.untitled')} loading="lazy" />
              <figcaption>{p.caption ?? t('common.none')}</figcaption>
            </figure>
            <button type="button" onClick={() => void client.call('sessions.deletePhoto', { id: p.id })}>
              {t('recording.photos.remove')}
            </button>
          </li>
        ))}
      </ul>
      <div className="photo-add">
        <label htmlFor={`${id}-caption`}>{t('recording.photos.caption')}</label>
        <input id={`${id}-caption`} value={caption} maxLength={300} onChange={(e) => setCaption(e.target.value)} />
        <label className="button" htmlFor={`${id}-file`}>
          {busy ? t('common.loading') : t('recording.photos.add')}
        </label>
        <input id={`${id}-file`} className="visually-hidden" type="file" accept="image/*" capture="environment" multiple disabled={busy} onChange={(e) => void add(e.target.files).then(() => (e.target.value = ''))} />
      </div>
      <Alert message={error} />
    </div>
  );
}
