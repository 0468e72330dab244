import { useRef, useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ProblemError } from '../../api/client';
import { ErrorSummary } from '../../components/error-summary';
import { ProblemMessage } from '../../components/problem';
import { Confirmation } from '../../components/confirmation';
import { useCommand } from '../../components/use-command';
import { useCorrectedFields } from '../../components/use-corrected-fields';
import { Button } from '@utrecht/button-react';
import { FormLabel } from '@utrecht/form-label-react';
import { FormFieldErrorMessage } from '@utrecht/form-field-error-message-react';
import { FormFieldDescription } from '@utrecht/form-field-description-react';

/**
 * A field of a venue's form. Its name is the API's field name; `money` is typed in euros and sent
 * in cents, `hours` a number with two decimals at most, `percent` typed as a percentage and sent
 * in basis points, `integer` a whole number from 0 to `max`, `month` as YYYY-MM.
 */
export interface FieldSpec {
  name: string;
  label: string;
  type: 'text' | 'money' | 'hours' | 'percent' | 'integer' | 'date' | 'month' | 'select' | 'radio' | 'checkbox';
  options?: { value: string; label: string }[];
  optional?: boolean;
  /** The largest number allowed (hours, integer). */
  max?: number;
  hint?: string;
  /** Shown (and sent) only when this holds for the values. */
  when?: (values: Values) => boolean;
}
export type Values = Record<string, string | boolean>;

/** Euros as typed the Dutch way or the English way (`1.234,50`, `1234,5`, `1234.50`) to cents; undefined when it is no amount. */
export function eurosToCents(text: string): number | undefined {
  const s = text.replace(/[\s€]/g, '');
  let normal: string | undefined;
  if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(s)) normal = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d+([.,]\d{1,2})?$/.test(s)) normal = s.replace(',', '.');
  return normal === undefined ? undefined : Math.round(Number(normal) * 100);
}

function parseDecimal(text: string): number | undefined {
  const s = text.trim().replace(',', '.');
  return /^\d+(\.\d{1,2})?$/.test(s) ? Number(s) : undefined;
}

/** The form's fields in the API's terms, or the errors in words per field. */
function toBody(fields: FieldSpec[], values: Values, t: TFunction): { body?: Record<string, unknown>; errors: Record<string, string> } {
  const body: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const f of fields) {
    if (f.when && !f.when(values)) continue;
    const v = values[f.name];
    if (f.type === 'checkbox') {
      body[f.name] = v === true;
      continue;
    }
    const text = typeof v === 'string' ? v.trim() : '';
    if (!text) {
      if (!f.optional) errors[f.name] = t(f.type === 'select' || f.type === 'radio' ? 'errors.choice' : 'errors.required');
      continue;
    }
    if (f.type === 'money') {
      const cents = eurosToCents(text);
      if (cents === undefined) errors[f.name] = t('venues.errors.money');
      else body[f.name] = cents;
    } else if (f.type === 'hours') {
      const hours = parseDecimal(text);
      if (hours === undefined || hours > (f.max ?? 168)) errors[f.name] = t('venues.errors.hours', { max: f.max ?? 168 });
      else body[f.name] = hours;
    } else if (f.type === 'percent') {
      const pct = parseDecimal(text);
      if (pct === undefined || pct > 100) errors[f.name] = t('venues.errors.percent');
      else body[f.name] = Math.round(pct * 100);
    } else if (f.type === 'integer') {
      if (!/^\d+$/.test(text) || Number(text) > (f.max ?? 1000)) errors[f.name] = t('errors.range', { min: 0, max: f.max ?? 1000 });
      else body[f.name] = Number(text);
    } else if (f.type === 'month') {
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(text)) errors[f.name] = t('venues.errors.month');
      else body[f.name] = text;
    } else if (f.type === 'date') {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) errors[f.name] = t('errors.date');
      else body[f.name] = text;
    } else {
      body[f.name] = text;
    }
  }
  return Object.keys(errors).length ? { errors } : { body, errors };
}

/**
 * A venue's form: checked in the browser first, then sent once per submission (one
 * Idempotency-Key, kept across "try again"); the API's field errors appear at their fields and in
 * the summary, any other problem in words above the form.
 */
export function VenueForm({
  id,
  title,
  fields,
  initial,
  submitLabel,
  doneText,
  send,
  errorPrefix = '',
  conflictText,
}: {
  id: string;
  title: string;
  fields: FieldSpec[];
  initial?: Values;
  submitLabel: string;
  doneText: string;
  send: (body: Record<string, unknown>, idempotencyKey: string) => Promise<unknown>;
  /** Where the API names the fields inside an object of the body (`socialCooperative.`). */
  errorPrefix?: string;
  /** What a 409 means for this form, in words (with the API's detail beneath). */
  conflictText?: string;
}) {
  const { t } = useTranslation();
  const empty = Object.fromEntries(fields.map((f) => [f.name, f.type === 'checkbox' ? false : ''])) as Values;
  const [values, setValues] = useState<Values>({ ...empty, ...initial });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const corrected = useCorrectedFields();
  const [done, setDone] = useState(false);
  const summary = useRef<HTMLDivElement>(null);
  const command = useCommand(send);
  const visible = fields.filter((f) => !f.when || f.when(values));
  const serverErrors = fieldErrorsOf(command.error, visible, errorPrefix);
  const shown = corrected.open({ ...serverErrors, ...errors });

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    setDone(false);
    const { body, errors: found } = toBody(fields, values, t);
    setErrors(found);
    corrected.submitted();
    if (!body) {
      setTimeout(() => summary.current?.focus(), 0);
      return;
    }
    const result = await command.run(body);
    if (result !== undefined) {
      setDone(true);
      setValues({ ...empty, ...initial });
    } else setTimeout(() => summary.current?.focus(), 0);
  }

  const set = (name: string, value: string | boolean) => {
    setValues((v) => ({ ...v, [name]: value }));
    corrected.change(name);
  };
  const fid = (name: string) => `${id}-${name}`;

  return (
    <section aria-labelledby={`${id}-title`} className="venue-form">
      <h2 id={`${id}-title`} className="utrecht-heading-2">
        {title}
      </h2>
      {done ? (
        <Confirmation className="utrecht-alert utrecht-alert--ok">
          <p className="utrecht-paragraph">{doneText}</p>
        </Confirmation>
      ) : null}
      {command.error?.status === 409 && conflictText ? (
        <div role="alert" className="utrecht-alert utrecht-alert--warning">
          <div>
            <p className="utrecht-paragraph">{conflictText}</p>
          </div>
        </div>
      ) : command.error && !Object.keys(serverErrors).length ? (
        <ProblemMessage error={command.error} onRetry={() => void command.retry()} />
      ) : null}
      <form noValidate onSubmit={(e) => void submit(e)} className="task-form">
        <ErrorSummary ref={summary} items={visible.filter((f) => shown[f.name]).map((f) => ({ href: `#${fid(f.name)}`, text: `${f.label}: ${shown[f.name]}` }))} />
        <p className="utrecht-paragraph">{t('form.requiredNote')}</p>
        {visible.map((f) => {
          const error = shown[f.name];
          const describedBy = [error ? `${fid(f.name)}-error` : '', f.hint ? `${fid(f.name)}-hint` : ''].filter(Boolean).join(' ') || undefined;
          const label = `${f.label}${f.optional ? ` (${t('form.optional')})` : ''}`;
          const message = error ? (
            <FormFieldErrorMessage id={`${fid(f.name)}-error`}>
              {error}
            </FormFieldErrorMessage>
          ) : null;
          const hint = f.hint ? (
            <FormFieldDescription id={`${fid(f.name)}-hint`}>
              {f.hint}
            </FormFieldDescription>
          ) : null;
          if (f.type === 'checkbox') {
            return (
              <div key={f.name} className="utrecht-form-field utrecht-form-field--checkbox">
                <input type="checkbox" id={fid(f.name)} name={f.name} className="utrecht-checkbox utrecht-checkbox--html-input" checked={values[f.name] === true} onChange={(e) => set(f.name, e.target.checked)} />
                <FormLabel htmlFor={fid(f.name)} type="checkbox">
                  {f.label}
                </FormLabel>
              </div>
            );
          }
          if (f.type === 'radio') {
            return (
              <fieldset key={f.name} id={fid(f.name)} tabIndex={-1} className={`utrecht-form-fieldset${error ? ' utrecht-form-field--invalid' : ''}`} aria-describedby={describedBy}>
                <legend className="utrecht-form-fieldset__legend utrecht-form-label">{label}</legend>
                {message}
                {(f.options ?? []).map((o) => (
                  <div key={o.value} className="utrecht-form-field utrecht-form-field--checkbox">
                    <input type="radio" id={`${fid(f.name)}-${o.value}`} name={f.name} value={o.value} className="utrecht-radio-button utrecht-radio-button--html-input" checked={values[f.name] === o.value} onChange={() => set(f.name, o.value)} />
                    <FormLabel htmlFor={`${fid(f.name)}-${o.value}`} type="checkbox">
                      {o.label}
                    </FormLabel>
                  </div>
                ))}
              </fieldset>
            );
          }
          return (
            <div key={f.name} className={`utrecht-form-field${error ? ' utrecht-form-field--invalid' : ''}`}>
              <FormLabel htmlFor={fid(f.name)}>
                {label}
              </FormLabel>
              {hint}
              {message}
              {f.type === 'select' ? (
                <select id={fid(f.name)} name={f.name} className="utrecht-select utrecht-select--html-select" value={values[f.name] as string} aria-invalid={error ? true : undefined} aria-describedby={describedBy} onChange={(e) => set(f.name, e.target.value)}>
                  <option value="">{t('form.choose')}</option>
                  {(f.options ?? []).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={fid(f.name)}
                  name={f.name}
                  type={f.type === 'date' ? 'date' : 'text'}
                  inputMode={f.type === 'money' || f.type === 'hours' || f.type === 'percent' ? 'decimal' : f.type === 'integer' ? 'numeric' : undefined}
                  autoComplete="off"
                  className="utrecht-textbox utrecht-textbox--html-input"
                  value={values[f.name] as string}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={describedBy}
                  onChange={(e) => set(f.name, e.target.value)}
                />
              )}
            </div>
          );
        })}
        <div className="button-row">
          <Button type="submit" appearance="primary-action-button" disabled={command.busy}>
            {command.busy ? t('form.sending') : submitLabel}
          </Button>
        </div>
      </form>
    </section>
  );
}

/** The API's field errors (400) for the fields shown, in its words. */
function fieldErrorsOf(error: ProblemError | undefined, fields: FieldSpec[], prefix: string): Record<string, string> {
  if (!error || error.status !== 400) return {};
  const all = error.fieldErrors();
  const of = (f: FieldSpec) => all[f.name] ?? all[`${prefix}${f.name}`];
  return Object.fromEntries(fields.filter(of).map((f) => [f.name, of(f)]));
}
