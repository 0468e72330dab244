import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, downloadCsv, unwrap, type Schemas } from '../../api/client';
import { DataTable } from '../../components/data-table';
import { usePersonName } from '../../components/person';
import { PageTitle, ProblemMessage, QueryState } from '../../components/problem';
import { formatNumber } from '../../i18n';
import { useUser } from '../../app';
import { CooperativeWork } from './cooperative';
import { FlexWorkspaceWork } from './flex-workspace';
import { SocialFirmWork } from './social-firm';
import { VenueData } from './venue-data';
import { Button } from '@utrecht/button-react';
import { FormLabel } from '@utrecht/form-label-react';
import { FormFieldErrorMessage } from '@utrecht/form-field-error-message-react';

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

/** The placement venues: a venue's own monthly work, or the municipality's venues to choose from. */
export function VenuesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const venues = useQuery({ queryKey: ['venues'], queryFn: () => unwrap(api.GET('/venues', { params: { query: { limit: 200 } } })) });
  const own = user?.organisationType === 'EMPLOYER' ? venues.data?.items.find((v) => v.id === user.organisationId) : undefined;
  if (own) return <VenueWork venue={own} />;
  return (
    <>
      <PageTitle>{t('venues.title')}</PageTitle>
      <QueryState query={venues} />
      {venues.data ? (
        user?.organisationType === 'EMPLOYER' ? (
          <p className="utrecht-paragraph">{t('venues.noMonthlyWork')}</p>
        ) : (
          <DataTable
            label={t('venues.title')}
            headers={[t('venues.name'), t('venues.kind')]}
            rows={venues.data.items
              .filter((v) => v.kind !== 'REGULAR_EMPLOYER')
              .map((v) => ({
                key: v.id,
                cells: [
                  <Link key="l" className="utrecht-link" to={`/plekken/${v.id}`}>
                    {v.name}
                  </Link>,
                  t(`venues.kind_${v.kind}`),
                ],
              }))}
          />
        )
      ) : null}
    </>
  );
}

/** One venue's monthly work, for the venue itself or its municipality's coordinator. */
export function VenuePage() {
  const { venueId = '' } = useParams();
  const venue = useQuery({ queryKey: ['venue', venueId], queryFn: () => unwrap(api.GET('/venues/{id}', { params: { path: { id: venueId } } })) });
  const { t } = useTranslation();
  if (!venue.data)
    return (
      <>
        <PageTitle>{t('venues.title')}</PageTitle>
        <QueryState query={venue} />
      </>
    );
  return <VenueWork venue={venue.data} />;
}

function VenueWork({ venue }: { venue: Venue }) {
  const { t } = useTranslation();
  const user = useUser();
  const own = user?.organisationId === venue.id;
  return (
    <>
      <PageTitle>{venue.name}</PageTitle>
      <p className="utrecht-paragraph">
        {t(`venues.kind_${venue.kind}`)}
        {own ? '' : ` · ${t('venues.asMunicipality')}`}
      </p>
      {venue.kind === 'SOCIAL_COOPERATIVE' ? <CooperativeWork venue={venue} own={own} /> : null}
      {venue.kind === 'SOCIAL_FIRM' ? <SocialFirmWork venue={venue} own={own} /> : null}
      {venue.kind === 'FLEX_WORKSPACE' ? <FlexWorkspaceWork venue={venue} own={own} /> : null}
      {venue.kind === 'REGULAR_EMPLOYER' ? <p className="utrecht-paragraph">{t('venues.noMonthlyWork')}</p> : null}
      <VenueData venue={venue} own={own} />
    </>
  );
}
