import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useApi } from '../app/api';
import { recordingErrorMessage } from './errors';
import { Alert } from './Alert';

/** On an asset's page: opens a new visit to it and goes there, ready to record. */
export function StartVisitButton({ assetId, disabled }: { assetId: string; disabled: boolean }) {
  const { t } = useTranslation();
  const { client } = useApi();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button-primary"
        disabled={disabled || busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          client
            .call('sessions.create', { assetId })
            .then((s) => navigate(`/sessions/${s.id}`))
            .catch((e: unknown) => setError(recordingErrorMessage(e, t)))
            .finally(() => setBusy(false));
        }}
      >
        {t('recording.startVisit')}
      </button>
      <Alert message={error} />
    </>
  );
}
