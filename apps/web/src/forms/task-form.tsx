import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { dutchDate } from '../../../../libs/domain/src/candidate-dates';
import { payloadErrors } from '../../../../libs/domain/src/payload/payload-errors';
import type { TaskType } from '../api/client';
import { ErrorSummary, type SummaryItem } from '../components/error-summary';
import { fieldErrorText } from '../components/problem-text';
import { useCorrectedFields } from '../components/use-corrected-fields';
import { parseNumber } from '../i18n';
import { Button } from '@utrecht/button-react';
import { FormLabel } from '@utrecht/form-label-react';
import { FormFieldErrorMessage } from '@utrecht/form-field-error-message-react';
import { FormFieldDescription } from '@utrecht/form-field-description-react';

export interface Organisation {
  id: string;
  name: string;
}

type Field = TaskType['fields'][string];
/** The part of a payload's JSON Schema the form reads (`GET /task-types` serves all of it). */
type JsonSchema = {
  type?: string;
  required?: string[];
  properties?: Record<string, JsonSchema>;
  maxLength?: number;
};
type Value = string | string[] | boolean;
type Lang = 'nl' | 'en';

export interface TaskFormProps {
  entry: TaskType;
  /** Organisations to choose from for `organisation` fields (by organisation type). */
  organisations?: Record<string, Organisation[]>;
  /** Workplaces with a free place, for `workplace` fields: those of the host chosen in the field it names are offered. */
  workplaces?: (Organisation & { employerId: string })[];
  /** Field errors the API answered (payload field -> message). */
  serverErrors?: Record<string, string>;
  busy?: boolean;
  onSubmit: (payload: Record<string, unknown>) => void;
}

function propertySchema(entry: TaskType, name: string): JsonSchema {
  return ((entry.payloadSchema as JsonSchema).properties ?? {})[name] ?? {};
}

function initialValue(field: Field, schema: JsonSchema): Value {
  if (schema.type === 'array') return [];
  if (field.input === 'checkbox') return false;
  return '';
}

/** The form values as the task's payload: numbers as numbers (a decimal comma too), empty optional fields left out, hidden fields left out. */
export function toPayload(entry: TaskType, values: Record<string, Value>, visible: (name: string) => boolean): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const name of Object.keys(entry.fields)) {
    if (!visible(name)) continue;
    const schema = propertySchema(entry, name);
    const value = values[name];
    if (schema.type === 'array') {
      const list = (value as string[]) ?? [];
      if (list.length || (entry.payloadSchema as JsonSchema).required?.includes(name)) payload[name] = list;
    } else if (schema.type === 'boolean') {
      payload[name] = value === true;
    } else if (schema.type === 'integer') {
      if (value !== '') payload[name] = /^-?\d+$/.test(String(value)) ? Number(value) : Number.NaN;
    } else if (schema.type === 'number') {
      if (value !== '') payload[name] = parseNumber(String(value));
    } else if (value !== '') {
      payload[name] = value;
    }
  }
  return payload;
}

/**
 * A task's form, rendered from its catalogue entry (GET /task-types): Dutch or English labels,
 * codes as labelled choices, errors at each field and in a summary at the top, both before
 * sending (by the validator of the entry's schema that the API runs too) and from the API's field
 * errors, each worded from its code.
 */
export function TaskForm({ entry, organisations = {}, workplaces = [], serverErrors = {}, busy = false, onSubmit }: TaskFormProps) {
  const { t, i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'nl';
  const formId = useId().replace(/:/g, '');
  const [values, setValues] = useState<Record<string, Value>>(() =>
    Object.fromEntries(Object.entries(entry.fields).map(([name, field]) => [name, initialValue(field, propertySchema(entry, name))])),
  );
  const [problems, setProblems] = useState<Record<string, string>>({});
  const summaryRef = useRef<HTMLDivElement>(null);
  const corrected = useCorrectedFields();

  const visible = (name: string): boolean => {
    const when = entry.fields[name]?.visibleWhen;
    return !when || Object.entries(when).every(([other, allowed]) => allowed.includes(String(values[other] ?? '')));
  };

  const messages: Record<string, string> = corrected.open({ ...problems, ...serverErrors });
  const summary: SummaryItem[] = Object.entries(messages)
    .filter(([name]) => name in entry.fields)
    .map(([name, message]) => ({ href: `#${formId}-${name}`, text: `${entry.fields[name].label[lang]}: ${message}` }));
  const general = Object.entries(serverErrors).filter(([name]) => !(name in entry.fields));

  useEffect(() => {
    if (Object.keys(serverErrors).length) summaryRef.current?.focus();
  }, [serverErrors]);

  function submit(event: FormEvent): void {
    event.preventDefault();
    const payload = toPayload(entry, values, visible);
    // The one validator of the task's schema that the API runs too: the same errors, in the same words.
    const found: Record<string, string> = {};
    for (const error of payloadErrors(entry.type, entry.payloadSchema, payload, { today: dutchDate() })) found[error.field.replace(/\[\d+\]$/, '')] ??= fieldErrorText(t, error);
    setProblems(found);
    corrected.submitted();
    if (Object.keys(found).length) {
      setTimeout(() => summaryRef.current?.focus());
      return;
    }
    onSubmit(payload);
  }

  // A workplace belongs to the host chosen: another host empties the workplace chosen for the first.
  const dependents = (name: string): string[] => Object.entries(entry.fields).flatMap(([other, f]) => (f.workplaceOf === name ? [other] : []));
  const set = (name: string, value: Value): void => {
    setValues((v) => ({ ...v, [name]: value, ...Object.fromEntries(dependents(name).map((d) => [d, ''])) }));
    corrected.change(name);
  };

  return (
    <form noValidate onSubmit={submit} aria-describedby={`${formId}-required`} className="task-form">
      <ErrorSummary ref={summaryRef} items={[...summary, ...general.map(([f, m]) => ({ text: `${f}: ${m}` }))]} />
      <p id={`${formId}-required`} className="utrecht-paragraph">{t('form.requiredNote')}</p>
      {Object.entries(entry.fields).map(([name, field]) =>
        visible(name) ? (
          <FieldInput
            key={name}
            id={`${formId}-${name}`}
            name={name}
            field={field}
            schema={propertySchema(entry, name)}
            required={(entry.payloadSchema as JsonSchema).required?.includes(name) ?? false}
            lang={lang}
            value={values[name]}
            error={messages[name]}
            organisations={
              field.organisationType
                ? (organisations[field.organisationType] ?? [])
                : field.workplaceOf
                  ? workplaces.filter((w) => w.employerId === values[field.workplaceOf!])
                  : []
            }
            onChange={(v) => set(name, v)}
          />
        ) : null,
      )}
      <Button type="submit" appearance="primary-action-button" aria-disabled={busy || undefined}>
        {busy ? t('form.sending') : t('form.submit')}
      </Button>
    </form>
  );
}

interface FieldInputProps {
  id: string;
  name: string;
  field: Field;
  schema: JsonSchema;
  required: boolean;
  lang: Lang;
  value: Value;
  error?: string;
  organisations: Organisation[];
  onChange: (value: Value) => void;
}

function FieldInput({ id, name, field, schema, required, lang, value, error, organisations, onChange }: FieldInputProps) {
  const { t } = useTranslation();
  const label = (
    <>
      {field.label[lang]}
      {required ? '' : ` (${t('form.optional')})`}
    </>
  );
  const help = field.help ? <FormFieldDescription id={`${id}-help`}>{field.help[lang]}</FormFieldDescription> : null;
  const errorText = error ? (
    <FormFieldErrorMessage id={`${id}-error`}>
      {error}
    </FormFieldErrorMessage>
  ) : null;
  const describedBy = [field.help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const options: [string, string][] =
    field.input === 'organisation' || field.input === 'workplace' ? organisations.map((o) => [o.id, o.name]) : Object.entries(field.codes ?? {}).map(([code, l]) => [code, l[lang]]);
  const invalid = error ? 'utrecht-form-field--invalid' : '';

  if (schema.type === 'array' || (field.input === 'choice' && options.length <= 4)) {
    const multiple = schema.type === 'array';
    const selected = multiple ? (value as string[]) : [value as string];
    return (
      <fieldset id={id} tabIndex={-1} className={`utrecht-form-fieldset utrecht-form-field ${invalid}`} aria-describedby={describedBy} aria-invalid={error ? true : undefined}>
        <legend className="utrecht-form-fieldset__legend utrecht-form-label">{label}</legend>
        {help}
        {errorText}
        {options.length === 0 ? <p className="utrecht-paragraph">{t('form.noOptions')}</p> : null}
        {options.map(([code, text]) => (
          <div key={code} className="utrecht-form-field utrecht-form-field--checkbox">
            <input
              type={multiple ? 'checkbox' : 'radio'}
              id={`${id}-${code}`}
              name={name}
              value={code}
              className={multiple ? 'utrecht-checkbox utrecht-checkbox--html-input' : 'utrecht-radio-button utrecht-radio-button--html-input'}
              checked={selected.includes(code)}
              onChange={(e) => onChange(multiple ? (e.target.checked ? [...selected, code] : selected.filter((c) => c !== code)) : code)}
            />
            <FormLabel htmlFor={`${id}-${code}`} type="checkbox">
              {text}
            </FormLabel>
          </div>
        ))}
      </fieldset>
    );
  }

  let control;
  if (field.input === 'choice' || field.input === 'organisation' || field.input === 'workplace') {
    control = (
      <select id={id} name={name} className="utrecht-select utrecht-select--html-select" value={value as string} aria-describedby={describedBy} aria-invalid={error ? true : undefined} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('form.choose')}</option>
        {options.map(([code, text]) => (
          <option key={code} value={code}>
            {text}
          </option>
        ))}
      </select>
    );
  } else if (field.input === 'checkbox') {
    return (
      <div className={`utrecht-form-field utrecht-form-field--checkbox ${invalid}`}>
        <input
          type="checkbox"
          id={id}
          name={name}
          className="utrecht-checkbox utrecht-checkbox--html-input"
          checked={value === true}
          aria-describedby={describedBy}
          aria-invalid={error ? true : undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        <FormLabel htmlFor={id} type="checkbox">
          {label}
        </FormLabel>
        {help}
        {errorText}
      </div>
    );
  } else if (field.input === 'text' && (schema.maxLength ?? 0) > 200) {
    control = (
      <textarea id={id} name={name} className="utrecht-textarea utrecht-textarea--html-textarea" value={value as string} aria-describedby={describedBy} aria-invalid={error ? true : undefined} onChange={(e) => onChange(e.target.value)} />
    );
  } else {
    const type = field.input === 'date' ? 'date' : 'text';
    control = (
      <input
        id={id}
        name={name}
        type={type}
        inputMode={field.input === 'number' ? (schema.type === 'number' ? 'decimal' : 'numeric') : undefined}
        className="utrecht-textbox utrecht-textbox--html-input"
        value={value as string}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div className={`utrecht-form-field ${invalid}`}>
      <FormLabel htmlFor={id}>
        {label}
      </FormLabel>
      {help}
      {errorText}
      {control}
    </div>
  );
}
