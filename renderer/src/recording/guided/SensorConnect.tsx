import { Button, Card, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../../app/api';
import { apiErrorMessage } from '../../components/errors';
import { useSensors } from '../../sensors/useSensors';

/**
 * Connecting a sensor without leaving the visit: the sensors the app has found (USB, the local
 * network), each one press from connected. Adding one by address stays on the Sensors page.
 */
export function SensorConnect({ id, onConnected }: { id: string; onConnected?: () => void }) {
  const { t } = useTranslation();
  const { client } = useApi();
  const sensors = useSensors();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const entries = (sensors.data?.entries ?? []).filter((e) => e.state !== 'connected');

  const connect = async (key: string) => {
    setBusy(key);
    setError(null);
    try {
      await client.call('sensors.connect', { key });
      onConnected?.();
    } catch (e) {
      setError(apiErrorMessage(e, t));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card withBorder padding="md" id={id} tabIndex={-1} component="section" aria-labelledby={`${id}-title`} className="sensor-connect">
      <Stack gap="xs">
        <Text fw={700} id={`${id}-title`}>
          {t('ui.sensor.connectTitle')}
        </Text>
        {entries.length === 0 ? (
          <Text role="status">{t('ui.sensor.searching')}</Text>
        ) : (
          <ul className="plain-list" aria-label={t('ui.sensor.found')}>
            {entries.map((e) => (
              <li key={e.key} data-sensor={e.key}>
                <Group gap="sm" wrap="wrap">
                  <Text className="mono" fw={700}>
                    {e.deviceId ?? e.address}
                  </Text>
                  <Text c="dimmed">{t(`ui.sensor.via.${e.transport}`)}</Text>
                  <Button
                    size="md"
                    loading={busy === e.key || e.state === 'connecting'}
                    onClick={() => void connect(e.key)}
                    aria-label={t('ui.sensor.connectNamed', { name: e.deviceId ?? e.address })}
                  >
                    {t('ui.sensor.connect')}
                  </Button>
                </Group>
              </li>
            ))}
          </ul>
        )}
        {error ? (
          <Text role="alert" className="text-fail" fw={700}>
            {error}
          </Text>
        ) : null}
        <Text size="sm">
          <Link to="/sensors">{t('ui.sensor.more')}</Link>
        </Text>
      </Stack>
    </Card>
  );
}
