import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { apiErrorField, apiErrorMessage, type FieldErrors, fieldErrorsFromZod } from './errors';

type Values = Record<string, string>;

/**
 * Form state for the register forms. Validation runs the same shared zod schema the back end
 * runs, so a mistake is shown at the field before anything is sent; a back-end refusal that names
 * a field (a duplicate tag) lands on that field too.
 */
export function useForm<V extends Values>(initial: V) {
  const { t } = useTranslation();
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  const set = (field: keyof V & string, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  /** Validates `input` (built from the values by the caller); returns the parsed data or null. */
  function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> | null {
    const parsed = schema.safeParse(input);
    if (parsed.success) {
      setErrors({});
      setFormError(null);
      return parsed.data;
    }
    setErrors(fieldErrorsFromZod(parsed.error, t));
    return null;
  }

  const showApiError = (error: unknown) => {
    const field = apiErrorField(error);
    const message = apiErrorMessage(error, t);
    if (field && field in values) setErrors((e) => ({ ...e, [field]: message }));
    else setFormError(message);
  };

  return { values, set, errors, formError, validate, showApiError, reset: setValues };
}

/** Empty inputs are sent as null (cleared), which the shared schemas expect. */
export const orNull = (value: string): string | null => (value.trim() === '' ? null : value);
