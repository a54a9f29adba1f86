import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi, useApiMutation, useApiQuery } from '../app/api';
import { startRendererCrashReporting } from './crash-reporting';

/**
 * First run: asks once whether crash reports may be sent (nothing is sent until the technician
 * says yes). Also starts the UI's own crash reporting once they have agreed.
 */
export function CrashConsentBanner() {
  const { t } = useTranslation();
  const { client } = useApi();
  const settings = useApiQuery('settings.get', {});
  const crash = useApiQuery('crash.status', {});
  const update = useApiMutation('settings.update');
  const consent = settings.data?.crashReports;
  const configured = crash.data?.configured === true;

  useEffect(() => {
    if (consent === 'on' && configured) void startRendererCrashReporting(client);
  }, [consent, configured, client]);

  if (consent !== 'ask' || !configured) return null;
  return (
    <div className="banner banner-consent" role="region" aria-label={t('shipping.crash.title')}>
      <p>{t('shipping.crash.askBanner')}</p>
      <div className="actions">
        <button type="button" className="button-primary" disabled={update.isPending} onClick={() => update.mutate({ crashReports: 'on' })}>
          {t('shipping.crash.allow')}
        </button>
        <button type="button" disabled={update.isPending} onClick={() => update.mutate({ crashReports: 'off' })}>
          {t('shipping.crash.deny')}
        </button>
      </div>
    </div>
  );
}
