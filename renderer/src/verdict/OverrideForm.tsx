import { Button, Group, NativeSelect, Radio, Stack, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, OverrideVerdictParams, type Severity } from '../../../shared/contract';
import { useApi } from '../app/api';
import { apiErrorMessage } from '../components/errors';
import { useLocalized } from '../insight/live';

type Status = 'fault' | 'watch' | 'healthy' | 'not_diagnosable';
const STATUSES: Status[] = ['fault', 'watch', 'healthy', 'not_diagnosable'];
const SEVERITIES: Severity[] = ['watch', 'warning', 'critical'];

/**
 * The technician's own verdict, with the reason (required). It is kept beside the app's (both go
 * to the report and the server); the same schema as the back end checks the form, so a missing
 * reason, severity or condition is marked at its field before anything is sent.
 */
export function OverrideForm({ visitId, conditions, onDone }: { visitId: string; conditions: { key: string; name: { ko: string; en: string } }[]; onDone: () => void }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const { client } = useApi();
  const [status, setStatus] = useState<Status | ''>('');
  const [severity, setSeverity] = useState<Severity | ''>('');
  const [conditionKey, setConditionKey] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Partial<Record<'status' | 'severity' | 'conditionKey' | 'reason' | 'form', string>>>({});
  const needsFinding = status === 'fault' || status === 'watch';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (status === '') next.status = t('ui.override.pickStatus');
    if (needsFinding && severity === '') next.severity = t('ui.override.pickSeverity');
    if (needsFinding && conditionKey === '') next.conditionKey = t('ui.override.pickCondition');
    if (reason.trim() === '') next.reason = t('ui.override.needReason');
    setErrors(next);
    if (Object.keys(next).length > 0 || status === '') return;
    const params = OverrideVerdictParams.safeParse({
      visitId,
      status,
      ...(needsFinding ? { severity, conditionKey } : {}),
      reason,
    });
    if (!params.success) {
      setErrors({ form: t('common.code.invalid_params') });
      return;
    }
    try {
      await client.call('visits.overrideVerdict', params.data);
      onDone();
    } catch (e) {
      const field = e instanceof ApiError ? e.field : null;
      if (field === 'reason' || field === 'severity' || field === 'conditionKey') setErrors({ [field]: apiErrorMessage(e, t) });
      else setErrors({ form: apiErrorMessage(e, t) });
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label={t('ui.override.title')} className="override-form">
      <Stack gap="sm">
        <Radio.Group label={t('ui.override.status')} value={status} onChange={(v) => setStatus(v as Status)} error={errors.status} required>
          <Group gap="md" mt="xs">
            {STATUSES.map((s) => (
              <Radio key={s} value={s} label={t(`ui.verdict.status.${s}`)} />
            ))}
          </Group>
        </Radio.Group>
        {needsFinding ? (
          <Group grow wrap="wrap" align="flex-start">
            <NativeSelect
              label={t('ui.override.severity')}
              value={severity}
              error={errors.severity}
              required
              onChange={(e) => setSeverity(e.currentTarget.value as Severity | '')}
              data={[{ value: '', label: t('ui.label.choose') }, ...SEVERITIES.map((s) => ({ value: s, label: t(`insight.severity.${s}`) }))]}
            />
            <NativeSelect
              label={t('ui.override.condition')}
              value={conditionKey}
              error={errors.conditionKey}
              required
              onChange={(e) => setConditionKey(e.currentTarget.value)}
              data={[
                { value: '', label: t('ui.label.choose') },
                ...conditions.filter((c) => c.key !== 'normal').map((c) => ({ value: c.key, label: local(c.name) })),
                { value: 'other', label: t('insight.label.other') },
              ]}
            />
          </Group>
        ) : null}
        <Textarea label={t('ui.override.reason')} value={reason} error={errors.reason} required maxLength={2000} autosize={false} minRows={2} onChange={(e) => setReason(e.currentTarget.value)} />
        {errors.form ? (
          <p role="alert" className="field-error">
            {errors.form}
          </p>
        ) : null}
        <Group>
          <Button type="submit">{t('ui.override.save')}</Button>
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
