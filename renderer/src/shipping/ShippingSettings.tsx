import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsPatch } from '../../../shared/contract';
import { useApiMutation, useApiQuery } from '../app/api';
import { ErrorBanner, SavedMark } from '../components/common';

/** Settings: crash reports, update channel, background download. Each change is saved at once. */
export function ShippingSettings() {
  const { t } = useTranslation();
  const id = useId();
  const settings = useApiQuery('settings.get', {});
  const crash = useApiQuery('crash.status', {});
  const update = useApiMutation('settings.update');
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const s = settings.data;
  if (!s) return null;

  const save = (patch: SettingsPatch) => {
    setSaved(false);
    // Shown at once; the back end's settings.changed event confirms it (or a failure restores it).
    queryClient.setQueryData(['settings.get', {}], { ...s, ...patch });
    update.mutate(patch, {
      onError: () => void settings.refetch(),
      onSuccess: () => {
        setSaved(true);
        void crash.refetch();
      },
    });
  };

  return (
    <fieldset className="shipping-settings">
      <legend>{t('shipping.settings.section')}</legend>
      <div className="field">
        <label htmlFor={`${id}-crash`}>{t('shipping.crash.setting')}</label>
        <select
          id={`${id}-crash`}
          value={s.crashReports === 'on' ? 'on' : 'off'}
          disabled={crash.data?.configured === false}
          onChange={(e) => save({ crashReports: e.target.value === 'on' ? 'on' : 'off' })}
        >
          <option value="on">{t('shipping.crash.on')}</option>
          <option value="off">{s.crashReports === 'ask' ? t('shipping.crash.ask') : t('shipping.crash.off')}</option>
        </select>
        <p className="field-hint">{crash.data?.configured === false ? t('shipping.crash.notConfigured') : t('shipping.crash.hint')}</p>
        {crash.data && crash.data.queued > 0 ? <p className="field-hint">{t('shipping.crash.queued', { count: crash.data.queued })}</p> : null}
      </div>
      <div className="field">
        <label htmlFor={`${id}-channel`}>{t('shipping.updates.channel')}</label>
        <select id={`${id}-channel`} value={s.updateChannel} onChange={(e) => save({ updateChannel: e.target.value === 'beta' ? 'beta' : 'stable' })}>
          <option value="stable">{t('shipping.settings.channelStable')}</option>
          <option value="beta">{t('shipping.settings.channelBeta')}</option>
        </select>
        <p className="field-hint">{t('shipping.settings.channelHint')}</p>
      </div>
      <div className="field">
        <label className="checkbox">
          <input type="checkbox" checked={s.updateAutoDownload} onChange={(e) => save({ updateAutoDownload: e.target.checked })} />
          {t('shipping.settings.autoDownload')}
        </label>
        <p className="field-hint">{t('shipping.settings.autoDownloadHint')}</p>
      </div>
      <ErrorBanner error={update.error} />
      <SavedMark shown={saved} />
    </fieldset>
  );
}
