import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AddSensorParams, type SensorIngestStatus, type SensorEntry, type SensorsSnapshot } from '../../../shared/contract';
import { useApi, useApiMutation } from '../app/api';
import { ErrorBanner, QueryState } from '../components/common';
import { Field } from '../components/Field';
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
      <div className="page-header">
        <h1 id="sensors-title">{t('sensors.title')}</h1>
      </div>
      <QueryState query={sensors}>
        {(snapshot) => (
          <>
            <ServiceNotices snapshot={snapshot} />
            <PendingSensors />
            {snapshot.entries.length === 0 ? <p className="empty">{t('sensors.empty')}</p> : <SensorTable entries={snapshot.entries} />}
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
  if (snapshot.serial.state === 'stopped' && snapshot.serial.lastExit) notices.push(t('sensors.serialProcess.stopped', { reason: snapshot.serial.lastExit }));
  else if (snapshot.serial.restarts > 0) notices.push(t('sensors.serialProcess.restarted', { count: snapshot.serial.restarts }));
  if (snapshot.mdns.error) notices.push(t('sensors.mdnsError', { reason: snapshot.mdns.error }));
  return (
    <>
      {notices.map((text) => (
        <div key={text} className="banner banner-warn" role="status">
          <span aria-hidden="true">{'▲ '}</span>
          {text}
        </div>
      ))}
    </>
  );
}

function SensorTable({ entries }: { entries: SensorEntry[] }) {
  const { t } = useTranslation();
  return (
    <table className="list-table sensors-table">
      <thead>
        <tr>
          <th scope="col">{t('sensors.columns.sensor')}</th>
          <th scope="col">{t('sensors.columns.link')}</th>
          <th scope="col">{t('sensors.columns.state')}</th>
          <th scope="col">{t('sensors.columns.health')}</th>
          <th scope="col">{t('sensors.columns.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <SensorRow key={entry.key} entry={entry} />
        ))}
      </tbody>
    </table>
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
    <tr data-sensor={entry.key} aria-label={entry.deviceId ?? entry.address}>
      <th scope="row">
        <span className="sensor-name">{name}</span>
        <span className="mono sensor-id">{entry.deviceId ?? entry.address}</span>
        {entry.firmwareVersion ? <span className="sensor-fw mono">{entry.firmwareVersion}</span> : null}
      </th>
      <td>
        <span>{t(`sensors.transport.${entry.transport}`)}</span>
        <span className="mono sensor-address">{entry.address}</span>
        <span className="sensor-source">{t(`sensors.source.${entry.source}`)}</span>
      </td>
      <td>
        <LinkStateBadge state={entry.state} />
        {entry.problem ? <p className="sensor-problem">{t(`sensors.problem.${entry.problem.code}`)}</p> : null}
        {entry.state === 'waiting' ? <p className="field-hint sensor-waiting">{t('sensors.waitingHint')}</p> : null}
      </td>
      <td>{entry.health ? <HealthSummary health={entry.health} /> : t('common.none')}</td>
      <td>
        <div className="actions">
          {canConnect ? (
            <button type="button" className="button-primary" disabled={connect.isPending} onClick={() => connect.mutate({ key: entry.key })}>
              {entry.state === 'waiting' ? t('sensors.tryNow') : t('sensors.connect')}
            </button>
          ) : null}
          {live || entry.state === 'connecting' ? (
            entry.deviceId && entry.health ? (
              <button type="button" disabled={disconnect.isPending} onClick={() => disconnect.mutate({ key: entry.key })}>
                {t('sensors.disconnect')}
              </button>
            ) : null
          ) : null}
          {live && entry.deviceId ? (
            <>
              <Link className="button" to={`/sensors/${encodeURIComponent(entry.deviceId)}`}>
                {t('sensors.openLive')}
              </Link>
              {entry.transport !== 'http-ingest' ? (
                <button
                  type="button"
                  disabled={identify.isPending}
                  onClick={() =>
                    identify.mutate(
                      { deviceId: entry.deviceId! },
                      { onSuccess: (r) => setIdentifyResult(r.acknowledged ? t('sensors.identified') : t('sensors.notIdentified')) },
                    )
                  }
                >
                  {t('sensors.identify')}
                </button>
              ) : null}
              {entry.transport !== 'http-ingest' ? (
                <button type="button" aria-expanded={setupOpen} onClick={() => setSetupOpen((open) => !open)}>
                  {t('sensors.setup.open')}
                </button>
              ) : null}
            </>
          ) : null}
          {entry.source === 'manual' || entry.source === 'ingest' ? (
            <button type="button" disabled={forget.isPending} onClick={() => forget.mutate({ key: entry.key })}>
              {t('sensors.forget')}
            </button>
          ) : null}
        </div>
        {identifyResult ? (
          <p className="notice" role="status">
            {identifyResult}
          </p>
        ) : null}
        <ErrorBanner error={connect.error ?? disconnect.error ?? identify.error ?? forget.error} />
      </td>
    </tr>
    {setupOpen && live && entry.deviceId ? (
      <tr className="provision-row">
        <td colSpan={5}>
          <ProvisionPanel deviceId={entry.deviceId} />
          <FirmwareUpdatePanel deviceId={entry.deviceId} />
        </td>
      </tr>
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
    <form className="form sensor-add" onSubmit={(e) => void submit(e)} noValidate>
      <h2>{t('sensors.add.title')}</h2>
      <Field label={t('sensors.add.kind')}>
        {({ id }) => (
          <select id={id} value={values.kind} onChange={(e) => set('kind', e.target.value)}>
            <option value="tcp">{t('sensors.add.kindTcp')}</option>
            <option value="serial">{t('sensors.add.kindSerial')}</option>
          </select>
        )}
      </Field>
      {values.kind === 'tcp' ? (
        <div className="sensor-add-row">
          <Field label={t('sensors.add.host')} error={errors.host} required>
            {({ id, describedBy, invalid }) => (
              <input id={id} value={values.host} onChange={(e) => set('host', e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} autoComplete="off" spellCheck={false} />
            )}
          </Field>
          <Field label={t('sensors.add.port')} error={errors.port} required>
            {({ id, describedBy, invalid }) => (
              <input id={id} inputMode="numeric" value={values.port} onChange={(e) => set('port', e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} />
            )}
          </Field>
        </div>
      ) : (
        <Field label={t('sensors.add.path')} error={errors.path} hint={t('sensors.add.pathHint')} required>
          {({ id, describedBy, invalid }) => (
            <input id={id} className="mono" value={values.path} onChange={(e) => set('path', e.target.value)} aria-describedby={describedBy} aria-invalid={invalid} spellCheck={false} />
          )}
        </Field>
      )}
      {formError ? (
        <p className="field-error" role="alert">
          {formError}
        </p>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {t('sensors.add.submit')}
        </button>
        {added ? (
          <span className="saved" role="status">
            {t('sensors.add.added')}
          </span>
        ) : null}
      </div>
    </form>
  );
}

function IngestPanel({ status }: { status: SensorIngestStatus }) {
  const { t } = useTranslation();
  const update = useApiMutation('sensors.ingest.update');
  const [port, setPort] = useState(String(status.port));
  return (
    <section className="ingest-panel" aria-labelledby="ingest-title">
      <h2 id="ingest-title">{t('sensors.ingest.title')}</h2>
      <p className="field-hint">{t('sensors.ingest.explain')}</p>
      <p className="status" data-ingest={status.listening ? 'listening' : 'off'}>
        <span aria-hidden="true" className="status-shape">
          {status.listening ? '●' : '○'}
        </span>
        {status.listening ? t('sensors.ingest.listening') : t('sensors.ingest.notListening')}
      </p>
      {status.urls.length > 0 ? (
        <ul className="ingest-urls">
          {status.urls.map((u) => (
            <li key={u} className="mono">
              {u}
            </li>
          ))}
        </ul>
      ) : null}
      {status.error ? (
        <div className="banner banner-error" role="alert">
          <span aria-hidden="true">{'✖ '}</span>
          {status.error}
        </div>
      ) : null}
      <label className="checkbox">
        <input type="checkbox" checked={status.enabled} disabled={update.isPending} onChange={(e) => update.mutate({ enabled: e.target.checked })} />
        {t('sensors.ingest.enabled')}
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={status.lan} disabled={update.isPending || !status.enabled} onChange={(e) => update.mutate({ lan: e.target.checked })} />
        {t('sensors.ingest.lan')}
      </label>
      {status.lan ? (
        <p className="banner banner-warn">
          <span aria-hidden="true">{'▲ '}</span>
          {t('sensors.ingest.lanWarning')}
        </p>
      ) : null}
      <div className="sensor-add-row">
        <Field label={t('sensors.ingest.port')}>
          {({ id }) => <input id={id} inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} />}
        </Field>
        <button type="button" disabled={update.isPending || !/^\d+$/.test(port)} onClick={() => update.mutate({ port: Number(port) })}>
          {t('sensors.ingest.save')}
        </button>
      </div>
      {update.error ? (
        <p className="field-error" role="alert">
          {apiErrorMessage(update.error, t)}
        </p>
      ) : null}
    </section>
  );
}
