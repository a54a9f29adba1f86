import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CycleQuantity,
  type CycleReading,
  CycleReadingInput,
  PRESSURE_QUANTITIES,
  REFRIGERANTS,
  type ReadingUnit,
  type SensorValue,
  type SystemDiagnosis,
  unitsFor,
} from '../../../shared/contract';
import { useApi, useApiQuery } from '../app/api';
import { QueryState, SavedMark } from '../components/common';
import { formatDateTime } from '../components/format';
import { Alert } from '../recording/Alert';
import { recordingErrorMessage } from '../recording/errors';
import { FindingList } from './FindingList';
import { RefrigerantRecordForm } from './RefrigerantRecordForm';
import { fillFromSensor, sensorValuesFor } from './sensor-fill';
import './refrigeration.css';

/**
 * Refetches the refrigeration queries when the back end says a visit's readings or record changed,
 * and the sensors' latest values when a recording ends (they are read from what was recorded).
 */
export function useRefrigerationLive(): void {
  const { client } = useApi();
  const queryClient = useQueryClient();
  useEffect(() => {
    const offChanged = client.on('refrigeration.changed', () => {
      void queryClient.invalidateQueries({ predicate: (q) => typeof q.queryKey[0] === 'string' && q.queryKey[0].startsWith('refrigeration.') });
    });
    const offStopped = client.on('capture.stopped', () => {
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'refrigeration.sensorValues' });
    });
    return () => {
      offChanged();
      offStopped();
    };
  }, [client, queryClient]);
}

interface Row {
  value: string;
  unit: ReadingUnit;
  reference: 'gauge' | 'absolute';
  source: 'typed' | 'sensor';
  deviceId: string | null;
  measuredAt: string | null;
}

const SENSOR_REFRESH_MS = 3000;

const isPressure = (q: CycleQuantity) => (PRESSURE_QUANTITIES as readonly string[]).includes(q);

function rowsFrom(readings: CycleReading[]): Record<CycleQuantity, Row> {
  const rows = {} as Record<CycleQuantity, Row>;
  for (const q of CycleQuantity.options) {
    const r = readings.find((x) => x.quantity === q);
    rows[q] = r
      ? { value: String(r.value), unit: r.unit, reference: r.pressureReference ?? 'gauge', source: r.source, deviceId: r.deviceId, measuredAt: r.measuredAt }
      : { value: '', unit: unitsFor(q)[isPressure(q) ? 2 : 0]!, reference: 'gauge', source: 'typed', deviceId: null, measuredAt: null };
  }
  return rows;
}

/** The visit's refrigerant side: a touch-friendly form of cycle readings, what they work out to, and the system diagnosis. */
export function CyclePanel({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  useRefrigerationLive();
  const diagnosis = useApiQuery('refrigeration.diagnosis', { sessionId });
  return (
    <section aria-labelledby="cycle-title" className="panel cycle-panel">
      <h2 id="cycle-title">{t('refrigeration.title')}</h2>
      <QueryState query={diagnosis}>{(d) => <CycleView key={d.readings.map((r) => r.measuredAt).join()} sessionId={sessionId} diagnosis={d} />}</QueryState>
      <RefrigerantRecordForm sessionId={sessionId} />
    </section>
  );
}

function CycleView({ sessionId, diagnosis: d }: { sessionId: string; diagnosis: SystemDiagnosis }) {
  const { t } = useTranslation();
  const { client } = useApi();
  const [rows, setRows] = useState(() => rowsFrom(d.readings));
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<string, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  // A connected sensor's values move: asked again every few seconds so "take from sensor" fills
  // what it reads now (one small query; the buttons also say when each value was read).
  const sensors = useApiQuery('refrigeration.sensorValues', { sessionId }, { refetchInterval: SENSOR_REFRESH_MS });

  const set = (q: CycleQuantity, patch: Partial<Row>) => {
    setSaved(false);
    setRows((old) => ({ ...old, [q]: { ...old[q], ...patch } }));
    setFieldErrors((e) => ({ ...e, [q]: undefined }));
  };

  const save = async () => {
    setError(null);
    const errors: Record<string, string> = {};
    const readings: CycleReadingInput[] = [];
    for (const q of CycleQuantity.options) {
      const row = rows[q];
      if (row.value.trim() === '') continue;
      const value = Number(row.value.replace(',', '.'));
      const input = {
        quantity: q,
        value,
        unit: row.unit,
        ...(isPressure(q) ? { pressureReference: row.reference } : {}),
        source: row.source,
        ...(row.source === 'sensor' ? { deviceId: row.deviceId, ...(row.measuredAt ? { measuredAt: row.measuredAt } : {}) } : {}),
      };
      const parsed = CycleReadingInput.safeParse(input);
      if (!parsed.success || !Number.isFinite(value)) errors[q] = t('errors.field.format');
      else readings.push(input);
    }
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    try {
      await client.call('refrigeration.saveReadings', { sessionId, readings });
      setSaved(true);
    } catch (e) {
      setError(recordingErrorMessage(e, t));
    }
  };

  if (!d.refrigerant) {
    return <p className="empty">{t('refrigeration.noRefrigerant', { list: REFRIGERANTS.join(', ') })}</p>;
  }
  const issueOf = (q: CycleQuantity) => d.issues.find((i) => i.quantity === q);
  return (
    <>
      <p className="muted">
        {t('refrigeration.refrigerant', { refrigerant: d.refrigerant })} · {t('refrigeration.hint')}
      </p>
      <form
        className="form cycle-form"
        aria-label={t('refrigeration.title')}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div className="cycle-grid">
          {CycleQuantity.options.map((q) => (
            <ReadingField
              key={q}
              quantity={q}
              row={rows[q]}
              onChange={(patch) => set(q, patch)}
              error={fieldErrors[q] ?? (issueOf(q) ? t(`refrigeration.issue.${issueOf(q)!.code}`, issueOf(q)!.values) : null)}
              sensors={sensorValuesFor(q, sensors.data ?? [])}
            />
          ))}
        </div>
        <div className="actions">
          <button type="submit" className="button-primary">
            {t('refrigeration.save')}
          </button>
          <SavedMark shown={saved} />
        </div>
        <Alert message={error} />
      </form>
      <CycleValuesView diagnosis={d} />
      <FindingList diagnosis={d} />
    </>
  );
}

function ReadingField({ quantity: q, row, onChange, error, sensors }: { quantity: CycleQuantity; row: Row; onChange: (patch: Partial<Row>) => void; error: string | null; sensors: SensorValue[] }) {
  const { t } = useTranslation();
  const id = `cycle-${q}`;
  return (
    <div className={`field cycle-field${error ? ' field-invalid' : ''}`} data-quantity={q}>
      <label htmlFor={id}>{t(`refrigeration.quantity.${q}`)}</label>
      <div className="cycle-inputs">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          value={row.value}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => onChange({ value: e.target.value, source: 'typed', deviceId: null, measuredAt: null })}
        />
        <select aria-label={`${t(`refrigeration.quantity.${q}`)} · ${t('refrigeration.record.capacityUnit')}`} value={row.unit} onChange={(e) => onChange({ unit: e.target.value as ReadingUnit })}>
          {unitsFor(q).map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
        {isPressure(q) ? (
          <select aria-label={`${t(`refrigeration.quantity.${q}`)} · ${t('refrigeration.reference.gauge')}/${t('refrigeration.reference.absolute')}`} value={row.reference} onChange={(e) => onChange({ reference: e.target.value as Row['reference'] })}>
            <option value="gauge">{t('refrigeration.reference.gauge')}</option>
            <option value="absolute">{t('refrigeration.reference.absolute')}</option>
          </select>
        ) : null}
      </div>
      {row.value !== '' ? (
        <span className="muted small">
          {row.source === 'sensor' && row.measuredAt
            ? t('refrigeration.takenFrom', { device: row.deviceId ?? t('refrigeration.source.sensor'), time: formatDateTime(row.measuredAt) })
            : t(`refrigeration.source.${row.source}`)}
        </span>
      ) : null}
      {sensors.map((s) => {
        // In the field's own unit: the technician chose psi or bar and keeps it.
        const fill = fillFromSensor(q, row.unit, s);
        const shown = `${fill.value} ${fill.unit}${fill.reference ? ` ${t(`refrigeration.reference.${fill.reference}`)}` : ''}`;
        return (
          <button
            key={`${s.recordingId ?? 'live'}-${s.deviceId ?? ''}-${s.kind}`}
            type="button"
            className="button-small"
            onClick={() => onChange({ value: String(fill.value), unit: fill.unit, ...(fill.reference ? { reference: fill.reference } : {}), source: 'sensor', deviceId: fill.deviceId, measuredAt: fill.measuredAt })}
          >
            {t('refrigeration.useSensor', { value: shown, device: s.deviceId ?? t('refrigeration.source.sensor'), time: formatDateTime(s.measuredAt) })}
          </button>
        );
      })}
      {error ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

const VALUE_KEYS = ['evaporatingTemp', 'condensingDewTemp', 'condensingBubbleTemp', 'superheat', 'subcooling', 'compressionRatio', 'dischargeSuperheat', 'evaporatorSplit', 'condenserSplit', 'gasCoolerOutletTemp', 'optimumHighSide'] as const;

function CycleValuesView({ diagnosis: d }: { diagnosis: SystemDiagnosis }) {
  const { t } = useTranslation();
  const v = d.values;
  return (
    <>
      {v.transcritical ? <p className="banner">{t('refrigeration.transcritical')}</p> : null}
      <dl className="details cycle-values" aria-label={t('refrigeration.report.calculated')}>
        {VALUE_KEYS.map((k) => {
          const value = v[k];
          const notApplicable = v.transcritical && (k === 'subcooling' || k === 'condensingDewTemp' || k === 'condensingBubbleTemp' || k === 'dischargeSuperheat');
          if (!value && !notApplicable) return null;
          const label = k === 'condenserSplit' && v.transcritical ? t('refrigeration.value.gasCoolerApproach') : t(`refrigeration.value.${k}`);
          return (
            <div key={k} data-value={k}>
              <dt>{label}</dt>
              <dd>{value ? `${value.value.toFixed(1)}${value.unit ? ` ${value.unit}` : ''}` : t('refrigeration.notApplicable')}</dd>
            </div>
          );
        })}
      </dl>
    </>
  );
}
