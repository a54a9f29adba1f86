import { Button, Group, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, ProvisionSensorParams, type SensorBoardInfo } from '../../../shared/contract';
import { useApi, useApiQuery } from '../app/api';
import { QueryState } from '../components/common';
import { FormError, FormStack, useFieldError } from '../components/FormFields';
import { Notice } from '../components/Notice';

type FieldName = 'name' | 'ssid' | 'password';

/**
 * Setting a sensor up over its USB cable: its name and the site's Wi-Fi. The password field is
 * emptied after saving; nothing here keeps it, and the sensor never shows it again.
 */
export function ProvisionPanel({ deviceId }: { deviceId: string }) {
  const { t } = useTranslation();
  const info = useApiQuery('sensors.info', { deviceId }, { retry: false });
  return (
    <section className="provision-panel" aria-label={t('sensors.setup.title', { deviceId })}>
      <Title order={2} size="h4" mb="sm">
        {t('sensors.setup.title', { deviceId })}
      </Title>
      <QueryState query={info}>{(facts) => <ProvisionForm facts={facts} />}</QueryState>
    </section>
  );
}

function ProvisionForm({ facts }: { facts: SensorBoardInfo }) {
  const { t } = useTranslation();
  const { client } = useApi();
  const queryClient = useQueryClient();
  const [values, setValues] = useState({ name: facts.name, ssid: '', password: '' });
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const errorOf = useFieldError();
  const set = (field: FieldName, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
    setSaved(false);
  };
  const save = async (params: ProvisionSensorParams) => {
    const parsed = ProvisionSensorParams.safeParse(params);
    if (!parsed.success) {
      const next: typeof errors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === 'name' || field === 'ssid' || field === 'password') next[field] ??= t(`sensors.setup.invalid.${field}`);
      }
      setErrors(next);
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      const after = await client.call('sensors.provision', parsed.data);
      queryClient.setQueryData(['sensors.info', { deviceId: facts.deviceId }], after);
      setValues((v) => ({ ...v, ssid: '', password: '' }));
      setSaved(true);
    } catch (error) {
      const field = error instanceof ApiError ? error.field : null;
      if (field === 'name' || field === 'ssid' || field === 'password') setErrors({ [field]: t(`sensors.setup.invalid.${field}`) });
      else setFormError(error instanceof ApiError && error.code === 'conflict' ? t('sensors.setup.usbOnly') : t('sensors.setup.noAnswer'));
    } finally {
      setBusy(false);
    }
  };
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const params: ProvisionSensorParams = { deviceId: facts.deviceId };
    if (values.name.trim() !== facts.name) params.name = values.name;
    if (values.ssid !== '' || values.password !== '') {
      params.ssid = values.ssid;
      params.password = values.password;
    }
    void save(params);
  };
  const wifiState = facts.wifiConfigured ? (facts.wifiConnected ? t('sensors.setup.wifiConnected') : t('sensors.setup.wifiSet')) : t('sensors.setup.wifiNotSet');
  const none = t('common.none');
  return (
    <>
      <dl className="provision-facts">
        <dt>{t('sensors.setup.firmware')}</dt>
        <dd className="mono">{facts.firmwareVersion || none}</dd>
        <dt>{t('sensors.setup.chip')}</dt>
        <dd>{facts.chip || none}</dd>
        <dt>{t('sensors.setup.mac')}</dt>
        <dd className="mono">{facts.mac}</dd>
        <dt>{t('sensors.setup.ip')}</dt>
        <dd className="mono">{facts.ip || none}</dd>
        <dt>{t('sensors.setup.accessPoint')}</dt>
        <dd className="mono">{facts.apSsid || none}</dd>
        <dt>{t('sensors.setup.wifi')}</dt>
        <dd data-wifi={facts.wifiConfigured ? 'set' : 'unset'}>{wifiState}</dd>
      </dl>
      {!facts.canProvision ? (
        <Notice tone="warn">{t('sensors.setup.usbOnly')}</Notice>
      ) : (
        <FormStack onSubmit={submit}>
          <TextInput
            label={t('sensors.setup.name')}
            description={t('sensors.setup.nameHint')}
            {...errorOf(errors.name)}
            value={values.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            autoComplete="off"
          />
          <Group grow align="flex-start" wrap="wrap">
            <TextInput
              label={t('sensors.setup.ssid')}
              {...errorOf(errors.ssid)}
              value={values.ssid}
              onChange={(e) => set('ssid', e.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
            />
            <TextInput
              type="password"
              label={t('sensors.setup.password')}
              {...errorOf(errors.password)}
              value={values.password}
              onChange={(e) => set('password', e.currentTarget.value)}
              autoComplete="new-password"
            />
          </Group>
          <Text c="dimmed" size="sm">
            {t('sensors.setup.passwordHint')}
          </Text>
          <FormError message={formError} />
          <Group gap="md">
            <Button type="submit" disabled={busy}>
              {t('sensors.setup.save')}
            </Button>
            {facts.wifiConfigured ? (
              <Button variant="default" disabled={busy} onClick={() => void save({ deviceId: facts.deviceId, forgetWifi: true })}>
                {t('sensors.setup.forgetWifi')}
              </Button>
            ) : null}
            {saved ? (
              <Text className="saved" role="status">
                {t('sensors.setup.saved')}
              </Text>
            ) : null}
          </Group>
        </FormStack>
      )}
    </>
  );
}
