import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UpdatePhase } from '../../../shared/contract';
import { useApi } from '../app/api';

type UpdateCall = 'updates.check' | 'updates.download' | 'updates.install' | 'updates.cancelInstall';

/** Runs one updater call, with its busy flag and error, for the banner and the About panel. */
export function useUpdateCall() {
  const { client } = useApi();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (method: UpdateCall) => {
    setBusy(true);
    setError(null);
    try {
      await client.call(method, {});
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

/** The technician's controls for where the updater is: download, install, or withdraw a waiting install. */
export function UpdateActions({ phase, busy, run }: { phase: UpdatePhase; busy: boolean; run: (method: UpdateCall) => Promise<void> }) {
  const { t } = useTranslation();
  const canDownload = phase.state === 'available' || (phase.state === 'error' && phase.release !== null);
  return (
    <>
      {canDownload ? (
        <button type="button" disabled={busy} onClick={() => void run('updates.download')}>
          {t('shipping.updates.download')}
        </button>
      ) : null}
      {phase.state === 'ready' ? (
        <button type="button" className="button-primary" disabled={busy} onClick={() => void run('updates.install')}>
          {t('shipping.updates.install')}
        </button>
      ) : null}
      {phase.state === 'waiting' ? (
        <button type="button" disabled={busy} onClick={() => void run('updates.cancelInstall')}>
          {t('shipping.updates.cancelInstall')}
        </button>
      ) : null}
    </>
  );
}
