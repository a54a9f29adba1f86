import { Box, Button, Checkbox, Group, List, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AddSensorParams, type SensorIngestStatus, type SensorEntry, type SensorsSnapshot } from '../../../shared/contract';
import { useApi, useApiMutation } from '../app/api';
import { ErrorBanner, QueryState } from '../components/common';
import { FormError, FormStack, useFieldDecor, useFieldError } from '../components/FormFields';
import { ListHead, ListTable } from '../components/ListTable';
import { Notice } from '../components/Notice';
import { apiErrorField, apiErrorMessage } from '../components/errors';
import { HealthSummary } from './HealthDetails';
import { LinkStateBadge } from './LinkStateBadge';
import { PendingSensors } from './PendingSensors';
import { FirmwareUpdatePanel } from './FirmwareUpdatePanel';
import { ProvisionPanel } from './ProvisionPanel';
import { useSensors } from './useSensors';
import './sensors.css';

export function SensorsPage() {
  const { t } = useTranslation();
  const sensors = useSensors();
  return (
    <section aria-labelledby="sensors-title">
      <Title order={1} id="sensors-title" mb="sm">
        {t('sensors.title')}
      </Title>
      <QueryState query={sensors}>
        {(snapshot) => (
          <>
            <ServiceNotices snapshot={snapshot} />
            <PendingSensors />
            {snapshot.entries.length === 0 ? <Text className="empty">{t('sensors.empty')}</Text> : <SensorTable entries={snapshot.entries} />}
            <AddSensorForm />
            <IngestPanel status={snapshot.ingest} />
          </>
        )}
      </QueryState>
    </section>
  );
}

function ServiceNotices({ snapshot }: { snapshot: SensorsSnapshot }) {
  const { t } = useTranslation();
  const notices: string[] = [];
  if (snapshot.serial.state === 'stopped' && snapshot.serial.lastExit) notices.push(t('sensors.serialProcess.stopped'));
  else if (snapshot.serial.restarts > 0) notices.push(t('sensors.serialProcess.restarted', { count: snapshot.serial.restarts }));
  if (snapshot.mdns.error) notices.push(t(`sensors.mdnsError.${snapshot.mdns.error}`));
  return (
    <>
      {notices.map((text) => (
        <Notice key={text} tone="warn">
          {text}
        </Notice>
      ))}
    </>
  );
}

function SensorTable({ entries }: { entries: SensorEntry[] }) {
  const { t } = useTranslation();
  return (
    <ListTable className="sensors-table" minWidth={900}>
      <ListHead columns={[t('sensors.columns.sensor'), t('sensors.columns.link'), t('sensors.columns.state'), t('sensors.columns.health'), t('sensors.columns.actions')]} />
      <Table.Tbody>
        {entries.map((entry) => (
          <SensorRow key={entry.key} entry={entry} />
        ))}
      </Table.Tbody>
    </ListTable>
  );
}

function SensorRow({ entry }: { entry: SensorEntry }) {
  const { t } = useTranslation();
  const connect = useApiMutation('sensors.connect');
  const disconnect = useApiMutation('sensors.disconnect');
  const identify = useApiMutation('sensors.identify');
  const forget = useApiMutation('sensors.forget');
  const [identifyResult, setIdentifyResult] = useState<string | null>(null);
  const [setupOpen, setSetupOpen] = useState(false);
  const live = entry.state === 'connected' || entry.state === 'reconnecting';
  const canConnect = entry.state === 'found' || entry.state === 'disconnected' || entry.state === 'unavailable' || entry.state === 'waiting';
  const name = entry.model ?? t('sensors.unnamed');
  return (
    <>
    <Table.Tr data-sensor={entry.key} aria-label={entry.deviceId ?? entry.address}>
      <Table.Th scope="row">
        <span className="sensor-name">{name}</span>
        <span className="mono sensor-id">{entry.deviceId ?? entry.address}</span>
        {entry.firmwareVersion ? <span className="sensor-fw mono">{entry.firmwareVersion}</span> : null}
      </Table.Th>
      <Table.Td>
        <span>{t(`sensors.transport.${entry.transport}`)}</span>
        <span className="mono sensor-address">{entry.address}</span>
        <span className="sensor-source">{t(`sensors.source.${entry.source}`)}</span>
      </Table.Td>
      <Table.Td>
        <LinkStateBadge state={entry.state} />
        {entry.problem ? <Text className="sensor-problem">{t(`sensors.problem.${entry.problem.code}`)}</Text> : null}
        {entry.state === 'waiting' ? (
          <Text c="dimmed" size="sm" className="sensor-waiting">
            {t('sensors.waitingHint')}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>{entry.health ? <HealthSummary health={entry.health} /> : t('common.none')}</Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="wrap">
          {canConnect ? (
            <Button disabled={connect.isPending} onClick={() => connect.mutate({ key: entry.key })}>
              {entry.state === 'waiting' ? t('sensors.tryNow') : t('sensors.connect')}
            </Button>
          ) : null}
          {live || entry.state === 'connecting' ? (
            entry.deviceId && entry.health ? (
              <Button variant="default" disabled={disconnect.isPending} onClick={() => disconnect.mutate({ key: entry.key })}>
                {t('sensors.disconnect')}
              </Button>
            ) : null
          ) : null}
          {live && entry.deviceId ? (
            <>
              <Button component={Link} variant="default" to={`/sensors/${encodeURIComponent(entry.deviceId)}`}>
                {t('sensors.openLive')}
              </Button>
              {entry.transport !== 'http-ingest' ? (
                <Button
                  variant="default"
                  disabled={identify.isPending}
                  onClick={() =>
                    identify.mutate(
                      { deviceId: entry.deviceId! },
                      { onSuccess: (r) => setIdentifyResult(r.acknowledged ? t('sensors.identified') : t('sensors.notIdentified')) },
                    )
                  }
                >
                  {t('sensors.identify')}
                </Button>
              ) : null}
              {entry.transport !== 'http-ingest' ? (
                <Button variant="default" aria-expanded={setupOpen} onClick={() => setSetupOpen((open) => !open)}>
                  {t('sensors.setup.open')}
                </Button>
              ) : null}
            </>
          ) : null}
          {entry.source === 'manual' || entry.source === 'ingest' ? (
            <Button variant="default" disabled={forget.isPending} onClick={() => forget.mutate({ key: entry.key })}>
              {t('sensors.forget')}
            </Button>
          ) : null}
        </Group>
        {identifyResult ? (
          <Text role="status" mt="xs">
            {identifyResult}
          </Text>
        ) : null}
        <ErrorBanner error={connect.error ?? disconnect.error ?? identify.error ?? forget.error} />
      </Table.Td>
    </Table.Tr>
    {setupOpen && live && entry.deviceId ? (
      <Table.Tr className="provision-row">
        <Table.Td colSpan={5}>
          <ProvisionPanel deviceId={entry.deviceId} />
          <FirmwareUpdatePanel deviceId={entry.deviceId} />
        </Table.Td>
      </Table.Tr>
    ) : null}
    </>
  );
}

function AddSensorForm() {
  const { t } = useTranslation();
  const { client } = useApi();
  const [values, setValues] = useState({ kind: 'tcp', host: '', port: '', path: '' });
  const [errors, setErrors] = useState<Partial<Record<'host' | 'port' | 'path', string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState(false);
  const decor = useFieldDecor();
  const errorOf = useFieldError();
  const set = (field: keyof typeof values, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setAdded(false);
    setFormError(null);
    const input =
      values.kind === 'tcp'
        ? { kind: 'tcp', host: values.host, port: values.port.trim() === '' ? undefined : Number(values.port) }
        : { kind: 'serial', path: values.path };
    const parsed = AddSensorParams.safeParse(input);
    if (!parsed.success) {
      // The shared schema's words are for logs; each field gets its own sentence here.
      const next: typeof errors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === 'host' || field === 'port' || field === 'path') next[field] ??= t(`sensors.add.invalid.${field}`);
      }
      setErrors(next);
      return;
    }
    setBusy(true);
    try {
      await client.call('sensors.add', parsed.data);
      setAdded(true);
      setValues((v) => ({ ...v, host: '', port: '', path: '' }));
    } catch (error) {
      const field = apiErrorField(error);
      if (field === 'host' || field === 'port' || field === 'path') setErrors({ [field]: apiErrorMessage(error, t) });
      else setFormError(apiErrorMessage(error, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box component="section" className="sensor-add" aria-labelledby="sensor-add-title" mt="xl">
      <Title order={2} size="h3" id="sensor-add-title" mb="sm">
        {t('sensors.add.title')}
      </Title>
      <FormStack onSubmit={(e) => void submit(e)}>
        <NativeSelect
          label={t('sensors.add.kind')}
          value={values.kind}
          onChange={(e) => set('kind', e.currentTarget.value)}
          data={[
            { value: 'tcp', label: t('sensors.add.kindTcp') },
            { value: 'serial', label: t('sensors.add.kindSerial') },
          ]}
        />
        {values.kind === 'tcp' ? (
          <Group grow align="flex-start" wrap="wrap">
            <TextInput
              label={decor.label(t('sensors.add.host'), true)}
              {...errorOf(errors.host)}
              value={values.host}
              onChange={(e) => set('host', e.currentTarget.value)}
              autoComplete="off"
              spellCheck={false}
            />
            <TextInput
              label={decor.label(t('sensors.add.port'), true)}
              {...errorOf(errors.port)}
              inputMode="numeric"
              value={values.port}
              onChange={(e) => set('port', e.currentTarget.value)}
            />
          </Group>
        ) : (
          <TextInput
            label={decor.label(t('sensors.add.path'), true)}
            description={t('sensors.add.pathHint')}
            {...errorOf(errors.path)}
            classNames={{ input: 'mono' }}
            value={values.path}
            onChange={(e) => set('path', e.currentTarget.value)}
            spellCheck={false}
          />
        )}
        <FormError message={formError} />
        <Group gap="md">
          <Button type="submit" disabled={busy}>
            {t('sensors.add.submit')}
          </Button>
          {added ? (
            <Text className="saved" role="status">
              {t('sensors.add.added')}
            </Text>
          ) : null}
        </Group>
      </FormStack>
    </Box>
  );
}

function IngestPanel({ status }: { status: SensorIngestStatus }) {
  const { t } = useTranslation();
  const update = useApiMutation('sensors.ingest.update');
  const [port, setPort] = useState(String(status.port));
  return (
    <Stack component="section" className="ingest-panel" aria-labelledby="ingest-title" gap="sm" maw={720} mt="xl">
      <Title order={2} size="h3" id="ingest-title">
        {t('sensors.ingest.title')}
      </Title>
      <Text c="dimmed">{t('sensors.ingest.explain')}</Text>
      <Text className="status" data-ingest={status.listening ? 'listening' : 'off'}>
        <span aria-hidden="true" className="status-shape">
          {status.listening ? '●' : '○'}
        </span>
        {status.listening ? t('sensors.ingest.listening') : t('sensors.ingest.notListening')}
      </Text>
      {status.urls.length > 0 ? (
        <List className="ingest-urls">
          {status.urls.map((u) => (
            <List.Item key={u} className="mono">
              {u}
            </List.Item>
          ))}
        </List>
      ) : null}
      {status.error ? (
        <Notice tone="error">
          {status.error.code === 'port_in_use'
            ? t('sensors.ingest.portInUse', { port: status.error.port })
            : t('sensors.ingest.notStarted', { port: status.error.port, detail: status.error.detail ?? '' })}
        </Notice>
      ) : null}
      <Checkbox
        className="touch-checkbox"
        label={t('sensors.ingest.enabled')}
        checked={status.enabled}
        disabled={update.isPending}
        onChange={(e) => update.mutate({ enabled: e.currentTarget.checked })}
      />
      <Checkbox
        className="touch-checkbox"
        label={t('sensors.ingest.lan')}
        checked={status.lan}
        disabled={update.isPending || !status.enabled}
        onChange={(e) => update.mutate({ lan: e.currentTarget.checked })}
      />
      {status.lan ? <Notice tone="warn">{t('sensors.ingest.lanWarning')}</Notice> : null}
      <Group align="flex-end" wrap="wrap">
        <TextInput label={t('sensors.ingest.port')} inputMode="numeric" value={port} onChange={(e) => setPort(e.currentTarget.value)} />
        <Button variant="default" disabled={update.isPending || !/^\d+$/.test(port)} onClick={() => update.mutate({ port: Number(port) })}>
          {t('sensors.ingest.save')}
        </Button>
      </Group>
      {update.error ? <FormError message={apiErrorMessage(update.error, t)} /> : null}
    </Stack>
  );
}
