import { Button, Group, NativeSelect, Stack, Textarea, TextInput } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldErrors } from './errors';
import { Notice } from './Notice';

interface FormLike<V extends Record<string, string>> {
  values: V;
  errors: FieldErrors;
  set: (field: keyof V & string, value: string) => void;
}

/**
 * What every field shows besides its control: "(required)" in words rather than a bare asterisk,
 * and the error announced (role alert) with a shape, not only in red.
 */
export function useFieldDecor() {
  const { t } = useTranslation();
  return {
    label: (label: string, required?: boolean): ReactNode =>
      required ? (
        <>
          {label}
          <span className="field-required">{` (${t('common.required')})`}</span>
        </>
      ) : (
        label
      ),
    error: (error: string | undefined | null): ReactNode =>
      error ? (
        <>
          <span aria-hidden="true">{'⚠ '}</span>
          {error}
        </>
      ) : null,
    errorProps: { role: 'alert' } as const,
  };
}

/** A Mantine input's error props: the decorated message, announced. */
export function useFieldError() {
  const decor = useFieldDecor();
  return (error: string | undefined | null) => ({ error: decor.error(error), errorProps: decor.errorProps });
}

interface TextFieldProps<V extends Record<string, string>> {
  form: FormLike<V>;
  field: keyof V & string;
  label: string;
  required?: boolean;
  hint?: string;
  list?: string;
  type?: 'text' | 'tel' | 'url';
  multiline?: boolean;
}

/** A text input (or textarea) bound to one field of a `useForm` form. */
export function TextField<V extends Record<string, string>>(props: TextFieldProps<V>) {
  const { form, field } = props;
  const decor = useFieldDecor();
  const errorOf = useFieldError();
  const common = {
    name: field,
    label: decor.label(props.label, props.required),
    description: props.hint,
    ...errorOf(form.errors[field]),
    value: form.values[field],
  };
  return props.multiline ? (
    <Textarea {...common} autosize minRows={4} onChange={(e) => form.set(field, e.currentTarget.value)} />
  ) : (
    <TextInput {...common} type={props.type ?? 'text'} list={props.list} autoComplete="off" onChange={(e) => form.set(field, e.currentTarget.value)} />
  );
}

export function SelectField<V extends Record<string, string>>(props: {
  form: FormLike<V>;
  field: keyof V & string;
  label: string;
  options: { value: string; label: string }[];
  required?: boolean;
  hint?: string;
}) {
  const { form, field } = props;
  const decor = useFieldDecor();
  const errorOf = useFieldError();
  return (
    <NativeSelect
      name={field}
      label={decor.label(props.label, props.required)}
      description={props.hint}
      {...errorOf(form.errors[field])}
      value={form.values[field]}
      onChange={(e) => form.set(field, e.currentTarget.value)}
      data={props.options}
    />
  );
}

export function FormActions({ saveLabel, cancelLabel, onCancel }: { saveLabel: string; cancelLabel: string; onCancel: () => void }) {
  return (
    <Group gap="md">
      <Button type="submit">{saveLabel}</Button>
      <Button variant="default" onClick={onCancel}>
        {cancelLabel}
      </Button>
    </Group>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return <Notice tone="error">{message}</Notice>;
}

/** A form laid out as one column of fields, no wider than reads well; validated by the app (noValidate), not the browser. */
export function FormStack({ onSubmit, children, className }: { onSubmit: (event: FormEvent<HTMLFormElement>) => void; children: ReactNode; className?: string }) {
  return (
    <form onSubmit={onSubmit} noValidate className={className}>
      <Stack gap="md" maw={640}>
        {children}
      </Stack>
    </form>
  );
}
