import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadCsv, type Schemas } from '../../api/client';
import { usePersonName } from '../../components/person';
import { ProblemMessage } from '../../components/problem';
import { formatNumber } from '../../i18n';
import { Button } from '@utrecht/button-react';
import { FormLabel } from '@utrecht/form-label-react';
import { FormFieldErrorMessage } from '@utrecht/form-field-error-message-react';

// What the venue pages share (the list page and each kind's work page), below all of them.

export type Venue = Schemas['VenueDto'];

/** Cents as euros, the Dutch way (€ 1.234,50). */
export const euros = (cents: number | undefined) => (cents === undefined ? '–' : formatNumber(cents / 100, { style: 'currency', currency: 'EUR' }));
/** Basis points as a percentage (5000 -> 50%). */
export const percent = (basisPoints: number) => formatNumber(basisPoints / 10000, { style: 'percent', maximumFractionDigits: 1 });
/** A short, stable reference to a person the venue knows by id only. */
export const reference = (id: string) => id.slice(0, 8);

/**
 * Who a venue's young person is, from its list's rows: the name as the API gives it to this party
 * (a venue, as a host: the first name), else the short reference.
 */
export function useWho(rows: readonly { candidateId?: string; person?: Schemas['PersonDto'] }[] | undefined) {
  const personName = usePersonName();
  const people = new Map((rows ?? []).flatMap((r) => (r.candidateId && r.person ? [[r.candidateId, r.person] as const] : [])));
  return (candidateId: string) => {
    const person = people.get(candidateId);
    return person ? personName(person) : reference(candidateId);
  };
}

/** The month before this one, `YYYY-MM`: the month a venue reports on. */
export function lastMonth(): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

/** A month's name in the current language (`2026-10` -> oktober 2026). */
export function useMonthName() {
  const { i18n } = useTranslation();
  return (month: string) =>
    new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'nl-NL', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
}

/** A CSV download button; a failure is shown in words beside it. */
export function CsvButton({ path, filename, label }: { path: string; filename: string; label: string }) {
  const [error, setError] = useState<unknown>();
  return (
    <>
      <Button type="button" appearance="subtle-button" onClick={() => downloadCsv(path, filename).then(() => setError(undefined), setError)}>
        {label}
      </Button>
      {error ? <ProblemMessage error={error} /> : null}
    </>
  );
}

/** A month chooser (YYYY-MM; empty for every month where `optional`) that applies on submit. */
export function MonthFilter({ id, month, onChange, optional = false }: { id: string; month: string; onChange: (month: string) => void; optional?: boolean }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(month);
  const valid = (optional && draft === '') || /^\d{4}-(0[1-9]|1[0-2])$/.test(draft);
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onChange(draft);
      }}
    >
      <div className={`utrecht-form-field${valid ? '' : ' utrecht-form-field--invalid'}`}>
        <FormLabel htmlFor={id}>
          {t('venues.month')}
          {optional ? ` (${t('form.optional')})` : ''}
        </FormLabel>
        {valid ? null : (
          <FormFieldErrorMessage id={`${id}-error`}>
            {t('venues.errors.month')}
          </FormFieldErrorMessage>
        )}
        <input id={id} className="utrecht-textbox utrecht-textbox--html-input" value={draft} aria-invalid={valid ? undefined : true} aria-describedby={valid ? undefined : `${id}-error`} onChange={(e) => setDraft(e.target.value)} />
      </div>
      <Button type="submit" appearance="secondary-action-button">
        {t('venues.show')}
      </Button>
    </form>
  );
}
