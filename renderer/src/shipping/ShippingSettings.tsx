import { useQueryClient } from '@tanstack/react-query';
import { Checkbox, Fieldset, NativeSelect, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsPatch } from '../../../shared/contract';
import { useApiMutation, useApiQuery } from '../app/api';
import { ErrorBanner, SavedMark } from '../components/common';

/** Settings: crash reports, update channel, background download. Each change is saved at once. */
export function ShippingSettings() {
  const { t } = useTranslation();
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

  const crashHint = crash.data?.configured === false ? t('shipping.crash.notConfigured') : t('shipping.crash.hint');
  const queued = crash.data && crash.data.queued > 0 ? t('shipping.crash.queued', { count: crash.data.queued }) : null;
  return (
    <Fieldset legend={t('shipping.settings.section')} maw={640} mt="lg">
      <Stack gap="md">
        <NativeSelect
          label={t('shipping.crash.setting')}
          description={queued ? `${crashHint} ${queued}` : crashHint}
          value={s.crashReports === 'on' ? 'on' : 'off'}
          disabled={crash.data?.configured === false}
          onChange={(e) => save({ crashReports: e.currentTarget.value === 'on' ? 'on' : 'off' })}
          data={[
            { value: 'on', label: t('shipping.crash.on') },
            { value: 'off', label: s.crashReports === 'ask' ? t('shipping.crash.ask') : t('shipping.crash.off') },
          ]}
        />
        <NativeSelect
          label={t('shipping.updates.channel')}
          description={t('shipping.settings.channelHint')}
          value={s.updateChannel}
          onChange={(e) => save({ updateChannel: e.currentTarget.value === 'beta' ? 'beta' : 'stable' })}
          data={[
            { value: 'stable', label: t('shipping.settings.channelStable') },
            { value: 'beta', label: t('shipping.settings.channelBeta') },
          ]}
        />
        <Checkbox
          className="touch-checkbox"
          label={t('shipping.settings.autoDownload')}
          description={t('shipping.settings.autoDownloadHint')}
          checked={s.updateAutoDownload}
          onChange={(e) => save({ updateAutoDownload: e.currentTarget.checked })}
        />
        <ErrorBanner error={update.error} />
        <SavedMark shown={saved} />
      </Stack>
    </Fieldset>
  );
}
