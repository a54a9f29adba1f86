import { Button, Fieldset, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSetting, SettingsPatch, TemperatureUnit, VibrationUnit } from '../../../shared/contract';
import { useApi, useApiQuery } from '../app/api';
import { Detail, QueryState, SavedMark } from '../components/common';
import { FormError, FormStack, SelectField, TextField } from '../components/FormFields';
import { orNull, useForm } from '../components/useForm';
import { ShippingSettings } from '../shipping/ShippingSettings';
import { type ColorScheme, useColorScheme } from '../app/theme';
import { apiErrorMessage } from '../components/errors';

const EMPTY = { language: 'system', serverUrl: '', technicianName: '', technicianCompany: '', technicianLicence: '', temperatureUnit: 'celsius', vibrationUnit: 'mm_s' };

export function SettingsPage() {
  const { t } = useTranslation();
  const { client } = useApi();
  const settings = useApiQuery('settings.get', {});
  const info = useApiQuery('app.info', {});
  const form = useForm(EMPTY);
  const { reset } = form;
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    const s = settings.data;
    if (!s) return;
    reset({
      language: s.language,
      serverUrl: s.serverUrl ?? '',
      technicianName: s.technicianName ?? '',
      technicianCompany: s.technicianCompany ?? '',
      technicianLicence: s.technicianLicence ?? '',
      temperatureUnit: s.temperatureUnit,
      vibrationUnit: s.vibrationUnit,
    });
  }, [settings.data, reset]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const v = form.values;
    const patch = form.validate(SettingsPatch, {
      language: v.language,
      serverUrl: orNull(v.serverUrl),
      technicianName: orNull(v.technicianName),
      technicianCompany: orNull(v.technicianCompany),
      technicianLicence: orNull(v.technicianLicence),
      temperatureUnit: v.temperatureUnit,
      vibrationUnit: v.vibrationUnit,
    });
    if (!patch) return;
    try {
      // The back end broadcasts settings.changed; the shell applies the language from it.
      await client.call('settings.update', patch);
      setSaved(true);
    } catch (error) {
      form.showApiError(error);
    }
  };

  return (
    <section aria-labelledby="settings-title">
      <Title order={1} id="settings-title" mb="sm">
        {t('settings.title')}
      </Title>
      <ThemeChoice />
      <QueryState query={settings}>
        {() => (
          <FormStack onSubmit={(e) => void onSubmit(e)}>
            <FormError message={form.formError} />
            <SelectField
              form={form}
              field="language"
              label={t('settings.language')}
              options={LanguageSetting.options.map((l) => ({
                value: l,
                // Language names are written in their own language, so anyone can find theirs.
                label: l === 'system' ? t('settings.languageSystem') : l === 'ko' ? '한국어' : 'English',
              }))}
            />
            <TextField form={form} field="technicianName" label={t('settings.technicianName')} />
            <TextField form={form} field="technicianCompany" label={t('ui.profile.company')} />
            <TextField form={form} field="technicianLicence" label={t('ui.profile.licence')} />
            <TextField form={form} field="serverUrl" type="url" label={t('settings.serverUrl')} hint={t('settings.serverUrlHint')} />
            <Fieldset legend={t('settings.units')}>
              <Stack gap="md">
                <SelectField
                  form={form}
                  field="temperatureUnit"
                  label={t('settings.temperatureUnit')}
                  options={TemperatureUnit.options.map((u) => ({ value: u, label: t(`settings.${u}`) }))}
                />
                <SelectField
                  form={form}
                  field="vibrationUnit"
                  label={t('settings.vibrationUnit')}
                  options={VibrationUnit.options.map((u) => ({ value: u, label: t(`settings.${u}`) }))}
                />
              </Stack>
            </Fieldset>
            <Group gap="md">
              <Button type="submit">{t('common.save')}</Button>
              <SavedMark shown={saved} />
            </Group>
          </FormStack>
        )}
      </QueryState>
      <ShippingSettings />
      <dl className="details">
        <Detail label={t('settings.dataDir')} value={info.data ? <span className="mono">{info.data.dataDir}</span> : null} />
      </dl>
      <Text c="dimmed" size="sm">
        {t('settings.dataDirHint')}
      </Text>
    </section>
  );
}

/** Light for sunlight, dark for plant rooms: applied at once, stored in the settings (every window and browser follows). */
function ThemeChoice() {
  const { t } = useTranslation();
  const { scheme, setScheme } = useColorScheme();
  const [error, setError] = useState<string | null>(null);
  const choose = (next: ColorScheme) => {
    setError(null);
    setScheme(next).catch((err: unknown) => setError(apiErrorMessage(err, t)));
  };
  return (
    <Stack component="section" aria-labelledby="theme-title" gap="xs" mb="md" align="flex-start">
      <Title order={2} size="h3" id="theme-title">
        {t('ui.theme.title')}
      </Title>
      <SegmentedControl
        aria-label={t('ui.theme.label')}
        value={scheme}
        onChange={(v) => choose(v as ColorScheme)}
        data={[
          { value: 'light', label: t('ui.theme.light') },
          { value: 'dark', label: t('ui.theme.dark') },
        ]}
      />
      <FormError message={error} />
    </Stack>
  );
}
