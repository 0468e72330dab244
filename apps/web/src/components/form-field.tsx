import type { ReactNode } from 'react';
import { FormLabel } from '@utrecht/form-label-react';
import { FormFieldErrorMessage } from '@utrecht/form-field-error-message-react';

/** What a field's control needs to be named by its label and described by its error. */
export interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/**
 * A Utrecht form field: the label, the error under it (when there is one) and the control, which
 * gets the id, aria-invalid and aria-describedby that tie the three together.
 */
export function FormField({ id, label, error, children }: { id: string; label: ReactNode; error?: string; children: (control: ControlProps) => ReactNode }) {
  return (
    <div className={`utrecht-form-field${error ? ' utrecht-form-field--invalid' : ''}`}>
      <FormLabel htmlFor={id}>
        {label}
      </FormLabel>
      {error ? (
        <FormFieldErrorMessage id={`${id}-error`}>
          {error}
        </FormFieldErrorMessage>
      ) : null}
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : undefined })}
    </div>
  );
}

/** A select field: a first, empty choice (its text says what choosing nothing means) and the options. */
export function SelectField({
  id,
  label,
  error,
  name,
  value,
  empty,
  options,
  onChange,
}: {
  id: string;
  label: ReactNode;
  error?: string;
  name?: string;
  value: string;
  empty: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <FormField id={id} label={label} error={error}>
      {(control) => (
        <select {...control} name={name} className="utrecht-select utrecht-select--html-select" value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{empty}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}
