import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClassProbability, SessionInsight } from '../../../shared/contract';
import { useApi } from '../app/api';
import { formatDateTime } from '../components/format';
import { Alert } from '../recording/Alert';
import { recordingErrorMessage } from '../recording/errors';
import { useLocalized } from './live';

/**
 * The technician's word on a diagnosis: right or wrong, what was found and repaired, and whether
 * this visit checks an earlier repair. Nothing is chosen in advance (a preselected "right" gets
 * saved unread), and "wrong" with the app's own condition is refused at the field.
 */
export function LabelForm({ sessionId, diagnosisId, suggested, classes, earlier }: { sessionId: string; diagnosisId: string; suggested: string | null; classes: ClassProbability[]; earlier: SessionInsight['earlierSessions'] }) {
  const { t } = useTranslation();
  const local = useLocalized();
  const { client } = useApi();
  const [verdict, setVerdict] = useState<'confirmed' | 'corrected' | null>(null);
  const [condition, setCondition] = useState('');
  const [fieldError, setFieldError] = useState<{ field: 'verdict' | 'condition'; message: string } | null>(null);
  const [found, setFound] = useState('');
  const [repaired, setRepaired] = useState('');
  const [afterRepairOf, setAfterRepairOf] = useState('');
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = `label-${diagnosisId}`;

  const save = async () => {
    setSaved(false);
    setError(null);
    setFieldError(null);
    if (verdict === null) {
      setFieldError({ field: 'verdict', message: t('ui.label.pickVerdict') });
      return;
    }
    if (verdict === 'corrected' && condition === '') {
      setFieldError({ field: 'condition', message: t('ui.label.pickCondition') });
      return;
    }
    if (verdict === 'corrected' && suggested !== null && condition === suggested) {
      setFieldError({ field: 'condition', message: t('ui.label.sameAsApp') });
      return;
    }
    try {
      await client.call('insight.label', {
        sessionId,
        diagnosisId,
        verdict,
        condition: verdict === 'confirmed' ? (suggested ?? 'other') : condition,
        ...(found.trim() ? { found } : {}),
        ...(repaired.trim() ? { repaired } : {}),
        ...(afterRepairOf ? { afterRepairOf } : {}),
      });
      setSaved(true);
    } catch (e) {
      setError(recordingErrorMessage(e, t));
    }
  };

  return (
    <form
      className="form label-form"
      aria-label={t('insight.label.title')}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h5>{t('insight.label.title')}</h5>
      <fieldset className={`field${fieldError?.field === 'verdict' ? ' field-invalid' : ''}`} aria-describedby={fieldError?.field === 'verdict' ? `${id}-verdict-error` : undefined}>
        <legend>{t('insight.label.verdict')}</legend>
        {(['confirmed', 'corrected'] as const).map((v) => (
          <label key={v} className="radio">
            <input
              type="radio"
              name={`${id}-verdict`}
              value={v}
              checked={verdict === v}
              onChange={() => {
                setVerdict(v);
                setFieldError(null);
              }}
            />{' '}
            {t(`insight.label.${v}`)}
          </label>
        ))}
        {fieldError?.field === 'verdict' ? (
          <p id={`${id}-verdict-error`} className="field-error" role="alert">
            {fieldError.message}
          </p>
        ) : null}
      </fieldset>
      {verdict === 'corrected' ? (
        <div className={`field${fieldError?.field === 'condition' ? ' field-invalid' : ''}`}>
          <label htmlFor={`${id}-condition`}>{t('insight.label.condition')}</label>
          <select
            id={`${id}-condition`}
            value={condition}
            aria-invalid={fieldError?.field === 'condition' ? true : undefined}
            aria-describedby={fieldError?.field === 'condition' ? `${id}-condition-error` : undefined}
            onChange={(e) => {
              setCondition(e.target.value);
              setFieldError(null);
            }}
          >
            <option value="">{t('ui.label.choose')}</option>
            {classes.map((c) => (
              <option key={c.key} value={c.key} disabled={c.key === suggested}>
                {local(c.name)}
              </option>
            ))}
            <option value="other">{t('insight.label.other')}</option>
          </select>
          {fieldError?.field === 'condition' ? (
            <p id={`${id}-condition-error`} className="field-error" role="alert">
              {fieldError.message}
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-found`}>{t('insight.label.found')}</label>
        <textarea id={`${id}-found`} value={found} maxLength={2000} onChange={(e) => setFound(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-repaired`}>{t('insight.label.repaired')}</label>
        <textarea id={`${id}-repaired`} value={repaired} maxLength={2000} onChange={(e) => setRepaired(e.target.value)} />
      </div>
      {earlier.length > 0 ? (
        <div className="field">
          <label htmlFor={`${id}-after`}>{t('insight.label.afterRepairOf')}</label>
          <select id={`${id}-after`} value={afterRepairOf} onChange={(e) => setAfterRepairOf(e.target.value)}>
            <option value="">{t('insight.label.noPair')}</option>
            {earlier.map((s) => (
              <option key={s.id} value={s.id}>
                {formatDateTime(s.startedAt)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="form-actions">
        <button type="submit">{t('insight.label.save')}</button>
        {saved ? (
          <span className="saved" role="status">
            {t('insight.label.saved')}
          </span>
        ) : null}
      </div>
      <Alert message={error} />
    </form>
  );
}
