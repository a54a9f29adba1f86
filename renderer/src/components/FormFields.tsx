import type { FieldErrors } from './errors';
import { Field } from './Field';

interface FormLike<V extends Record<string, string>> {
  values: V;
  errors: FieldErrors;
  set: (field: keyof V & string, value: string) => void;
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
  return (
    <Field label={props.label} error={form.errors[field]} hint={props.hint} required={props.required ?? false}>
      {({ id, describedBy, invalid }) =>
        props.multiline ? (
          <textarea
            id={id}
            name={field}
            rows={4}
            value={form.values[field]}
            onChange={(e) => form.set(field, e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={invalid}
          />
        ) : (
          <input
            id={id}
            name={field}
            type={props.type ?? 'text'}
            value={form.values[field]}
            onChange={(e) => form.set(field, e.target.value)}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            list={props.list}
            autoComplete="off"
          />
        )
      }
    </Field>
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
  return (
    <Field label={props.label} error={form.errors[field]} hint={props.hint} required={props.required ?? false}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          name={field}
          value={form.values[field]}
          onChange={(e) => form.set(field, e.target.value)}
          aria-describedby={describedBy}
          aria-invalid={invalid}
        >
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function FormActions({ saveLabel, cancelLabel, onCancel }: { saveLabel: string; cancelLabel: string; onCancel: () => void }) {
  return (
    <div className="form-actions">
      <button type="submit" className="button-primary">
        {saveLabel}
      </button>
      <button type="button" onClick={onCancel}>
        {cancelLabel}
      </button>
    </div>
  );
}

export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div className="banner banner-error" role="alert">
      <span aria-hidden="true">{'✖ '}</span>
      {message}
    </div>
  );
}
