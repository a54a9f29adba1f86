import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CapacityUnit,
  LEAK_CHECK_POINTS,
  LeakCheckMethod,
  LeakCheckResult,
  type RefrigerantRecord,
  RefrigerantRecordInput,
} from '../../../shared/contract';
import { useApi, useApiQuery } from '../app/api';
import { QueryState, SavedMark } from '../components/common';
import { fieldErrorsFromZod } from '../components/errors';
import { Alert } from '../recording/Alert';
import { recordingErrorMessage } from '../recording/errors';

/** The visit's lines of the 냉매관리기록부: leak check, charge, recovery, cooling capacity against the 20 RT threshold. */
export function RefrigerantRecordForm({ sessionId }: { sessionId: string }) {
  const record = useApiQuery('refrigeration.record', { sessionId });
  return <QueryState query={record}>{(r) => <RecordForm key={r?.updatedAt ?? 'new'} sessionId={sessionId} record={r} />}</QueryState>;
}

const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));
const numberOrNull = (s: string) => (s.trim() === '' ? null : Number(s.replace(',', '.')));

function RecordForm({ sessionId, record }: { sessionId: string; record: RefrigerantRecord | null }) {
  const { t } = useTranslation();
  const { client } = useApi();
  const [v, setV] = useState({
    leakCheckResult: record?.leakCheckResult ?? 'no_leak',
    leakCheckPoints: record?.leakCheckPoints ?? [],
    leakCheckMethod: record?.leakCheckMethod ?? 'electronic_detector',
    leakLocation: record?.leakLocation ?? '',
    chargedKg: text(record?.chargedKg),
    chargedCylinder: record?.chargedCylinder ?? '',
    recoveredKg: text(record?.recoveredKg),
    recoveredCylinder: record?.recoveredCylinder ?? '',
    capacity: text(record?.capacity),
    capacityUnit: record?.capacityUnit ?? 'RT',
  });
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<RefrigerantRecord | null>(null);
  const set = (patch: Partial<typeof v>) => {
    setSaved(null);
    setV((old) => ({ ...old, ...patch }));
  };
  const shown = saved ?? record;

  const save = async () => {
    setError(null);
    const input = {
      sessionId,
      leakCheckResult: v.leakCheckResult,
      leakCheckPoints: v.leakCheckPoints,
      leakCheckMethod: v.leakCheckResult === 'not_checked' ? null : v.leakCheckMethod,
      leakLocation: v.leakLocation || null,
      chargedKg: numberOrNull(v.chargedKg),
      chargedCylinder: v.chargedCylinder,
      recoveredKg: numberOrNull(v.recoveredKg),
      recoveredCylinder: v.recoveredCylinder,
      capacity: numberOrNull(v.capacity),
      capacityUnit: v.capacityUnit,
    };
    const parsed = RefrigerantRecordInput.safeParse(input);
    if (!parsed.success) {
      setErrors(fieldErrorsFromZod(parsed.error, t));
      return;
    }
    setErrors({});
    try {
      setSaved(await client.call('refrigeration.saveRecord', input));
    } catch (e) {
      setError(recordingErrorMessage(e, t));
    }
  };

  const fieldError = (k: string) => (errors[k] ? <p className="field-error" role="alert">{errors[k]}</p> : null);
  const numberField = (k: 'chargedKg' | 'recoveredKg' | 'capacity', label: string) => (
    <div className="field">
      <label htmlFor={`record-${k}`}>{label}</label>
      <input id={`record-${k}`} type="text" inputMode="decimal" value={v[k]} onChange={(e) => set({ [k]: e.target.value })} aria-invalid={errors[k] ? true : undefined} />
      {fieldError(k)}
    </div>
  );
  const textField = (k: 'chargedCylinder' | 'recoveredCylinder' | 'leakLocation', label: string) => (
    <div className="field">
      <label htmlFor={`record-${k}`}>{label}</label>
      <input id={`record-${k}`} type="text" value={v[k]} onChange={(e) => set({ [k]: e.target.value })} />
    </div>
  );

  return (
    <form
      className="form record-form"
      aria-label={t('refrigeration.record.title')}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>{t('refrigeration.record.title')}</h3>
      <div className="field">
        <label htmlFor="record-result">{t('refrigeration.record.leakCheckResult')}</label>
        <select id="record-result" value={v.leakCheckResult} onChange={(e) => set({ leakCheckResult: e.target.value as typeof v.leakCheckResult })}>
          {LeakCheckResult.options.map((o) => (
            <option key={o} value={o}>
              {t(`refrigeration.record.results.${o}`)}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="field record-points">
        <legend>{t('refrigeration.record.points')}</legend>
        {LEAK_CHECK_POINTS.map((p) => (
          <label key={p} className="checkbox">
            <input
              type="checkbox"
              checked={v.leakCheckPoints.includes(p)}
              onChange={(e) => set({ leakCheckPoints: e.target.checked ? [...v.leakCheckPoints, p] : v.leakCheckPoints.filter((x) => x !== p) })}
            />{' '}
            {t(`refrigeration.record.point.${p}`)}
          </label>
        ))}
        {fieldError('leakCheckPoints')}
      </fieldset>
      <div className="field">
        <label htmlFor="record-method">{t('refrigeration.record.method')}</label>
        <select id="record-method" value={v.leakCheckMethod} onChange={(e) => set({ leakCheckMethod: e.target.value as typeof v.leakCheckMethod })}>
          {LeakCheckMethod.options.map((o) => (
            <option key={o} value={o}>
              {t(`refrigeration.record.methods.${o}`)}
            </option>
          ))}
        </select>
      </div>
      {textField('leakLocation', t('refrigeration.record.leakLocation'))}
      {numberField('chargedKg', t('refrigeration.record.chargedKg'))}
      {textField('chargedCylinder', t('refrigeration.record.chargedCylinder'))}
      {numberField('recoveredKg', t('refrigeration.record.recoveredKg'))}
      {textField('recoveredCylinder', t('refrigeration.record.recoveredCylinder'))}
      {numberField('capacity', t('refrigeration.record.capacity'))}
      <div className="field">
        <label htmlFor="record-capacity-unit">{t('refrigeration.record.capacityUnit')}</label>
        <select id="record-capacity-unit" value={v.capacityUnit} onChange={(e) => set({ capacityUnit: e.target.value as typeof v.capacityUnit })}>
          {CapacityUnit.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </div>
      {shown?.capacityRt !== null && shown?.capacityRt !== undefined ? (
        <p className={shown.recordRequired ? 'banner banner-warning' : 'muted'} data-testid="record-threshold">
          {t(shown.recordRequired ? 'refrigeration.record.required' : 'refrigeration.record.notRequired', { rt: shown.capacityRt })}
        </p>
      ) : null}
      <div className="actions">
        <button type="submit">{t('refrigeration.record.save')}</button>
        <SavedMark shown={saved !== null} />
      </div>
      <Alert message={error} />
    </form>
  );
}
