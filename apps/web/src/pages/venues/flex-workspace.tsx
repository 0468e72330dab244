import { useQuery, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Schemas } from '../../api/client';
import { DataTable } from '../../components/data-table';
import { QueryState } from '../../components/problem';
import { formatDate } from '../../i18n';
import { VenueForm, type FieldSpec } from './venue-form';
import { euros, lastMonth, MonthFilter, percent, useMonthName, useWho, type Venue } from './venue-parts';

/** Monday of this week and Friday of the next, `YYYY-MM-DD` (Europe/Amsterdam's day is close enough for a default). */
function twoWeeks(): { from: string; to: string } {
  const now = new Date();
  const monday = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7)));
  const friday = new Date(monday.getTime() + 11 * 24 * 60 * 60 * 1000);
  return { from: monday.toISOString().slice(0, 10), to: friday.toISOString().slice(0, 10) };
}

/**
 * A flex-work space's monthly work: occupancy per half-day slot, booking a seat (the space only),
 * each participant's net revenue of a month against the goal with the contribution due, and
 * recording it (the space only). The municipality's coordinator sees the same figures.
 */
export function FlexWorkspaceWork({ venue, own }: { venue: Venue; own: boolean }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const placements = useQuery({ queryKey: ['placements'], enabled: own, queryFn: () => unwrap(api.GET('/placements')) });
  const revenue = useQuery({ queryKey: ['flex-revenue'], queryFn: () => unwrap(api.GET('/flex-revenue', { params: { query: {} } })) });
  const participants = [...new Set([...(placements.data?.items ?? []).map((p) => p.candidateId), ...(revenue.data?.items ?? []).filter((r) => r.venueId === venue.id).map((r) => r.candidateId)])];
  const who = useWho([...(placements.data?.items ?? []), ...(revenue.data?.items ?? [])]);
  const participantOptions = participants.map((id) => ({ value: id, label: t('venues.flex.participantLabel', { reference: who(id) }) }));
  const seats = venue.flexWorkspace;

  const booking: FieldSpec[] = [
    { name: 'day', label: t('venues.flex.day'), type: 'date', hint: t('venues.flex.dayHint') },
    { name: 'part', label: t('venues.flex.part'), type: 'radio', options: ['MORNING', 'AFTERNOON'].map((p) => ({ value: p, label: t(`venues.flex.part_${p}`) })) },
    { name: 'tenantKind', label: t('venues.flex.tenantKind'), type: 'radio', options: ['SOCIAL', 'MARKET'].map((k) => ({ value: k, label: t(`venues.flex.tenant_${k}`) })) },
    { name: 'candidateId', label: t('venues.flex.participant'), type: 'select', options: participantOptions, when: (v) => v.tenantKind === 'SOCIAL' },
    { name: 'tenantName', label: t('venues.flex.tenantName'), type: 'text', when: (v) => v.tenantKind === 'MARKET' },
  ];
  const revenueFields: FieldSpec[] = [
    { name: 'candidateId', label: t('venues.flex.participant'), type: 'select', options: participantOptions },
    { name: 'month', label: t('venues.month'), type: 'month', hint: t('venues.monthHint') },
    { name: 'netRevenueCents', label: t('venues.flex.netRevenue'), type: 'money', hint: t('venues.moneyHint') },
    { name: 'correctionReason', label: t('venues.cooperative.correctionReason'), type: 'text', optional: true, hint: t('venues.correctionHint') },
  ];

  return (
    <>
      {seats ? <p className="utrecht-paragraph">{t('venues.flex.seats', { seats: seats.seats, social: seats.socialSeats, address: seats.address })}</p> : null}
      <Occupancy venue={venue} />
      {own ? (
        <VenueForm
          id="booking"
          title={t('venues.flex.bookTitle')}
          fields={booking}
          submitLabel={t('venues.flex.bookSubmit')}
          doneText={t('venues.flex.bookDone')}
          conflictText={t('venues.flex.full')}
          send={async (body, key) => {
            const result = await unwrap(api.POST('/flex-bookings', { params: { header: { 'Idempotency-Key': key } }, body: { ...body, venueId: venue.id } as never }));
            await queries.invalidateQueries({ queryKey: ['flex-occupancy'] });
            return result;
          }}
        />
      ) : null}
      <Revenue venue={venue} query={revenue} who={who} />
      {own ? (
        <VenueForm
          id="revenue"
          title={t('venues.flex.revenueTitle')}
          fields={revenueFields}
          initial={{ month: lastMonth() }}
          submitLabel={t('venues.flex.revenueSubmit')}
          doneText={t('venues.flex.revenueDone')}
          conflictText={t('venues.flex.revenueConflict')}
          send={async (body, key) => {
            const result = await unwrap(api.POST('/flex-revenue', { params: { header: { 'Idempotency-Key': key } }, body: { ...body, venueId: venue.id } as never }));
            await queries.invalidateQueries({ queryKey: ['flex-revenue'] });
            return result;
          }}
        />
      ) : null}
    </>
  );
}

/** Occupancy per half-day slot over a period (slots with a booking). */
function Occupancy({ venue }: { venue: Venue }) {
  const { t } = useTranslation();
  const [period] = useState(twoWeeks);
  const occupancy = useQuery({
    queryKey: ['flex-occupancy', venue.id, period],
    queryFn: () => unwrap(api.GET('/flex-occupancy', { params: { query: { venueId: venue.id, ...period } } })),
  });
  return (
    <section aria-labelledby="flex-occupancy">
      <h2 id="flex-occupancy" className="utrecht-heading-2">
        {t('venues.flex.occupancy', { from: formatDate(period.from), to: formatDate(period.to) })}
      </h2>
      <QueryState query={occupancy} />
      {occupancy.data ? (
        occupancy.data.slots.length ? (
          <DataTable
            labelledBy="flex-occupancy"
            headers={[t('venues.flex.day'), t('venues.flex.part'), t('venues.flex.social'), t('venues.flex.market'), t('venues.flex.occupied')]}
            rows={occupancy.data.slots.map((s) => ({
              key: `${s.day}-${s.part}`,
              cells: [
                formatDate(s.day),
                t(`venues.flex.part_${s.part}`),
                t('venues.flex.ofSeats', { booked: s.bookedSocial, seats: s.socialSeats }),
                t('venues.flex.ofSeats', { booked: s.bookedMarket, seats: s.seats - s.socialSeats }),
                percent(s.occupancyBasisPoints),
              ],
            }))}
          />
        ) : (
          <p className="utrecht-paragraph">{t('venues.flex.noBookings')}</p>
        )
      ) : null}
    </section>
  );
}

/** Each participant's months: net revenue against the goal, the contribution due, outflow to consider. */
function Revenue({ venue, query, who }: { venue: Venue; query: UseQueryResult<Schemas['FlexMonthListDto']>; who: (candidateId: string) => string }) {
  const { t } = useTranslation();
  const monthName = useMonthName();
  const [month, setMonth] = useState('');
  const items = (query.data?.items ?? []).filter((r) => r.venueId === venue.id && (!month || r.month === month));
  return (
    <section aria-labelledby="flex-revenue">
      <h2 id="flex-revenue" className="utrecht-heading-2">
        {t('venues.flex.revenue')}
      </h2>
      <MonthFilter id="revenue-filter-month" month={month} onChange={setMonth} optional />
      <QueryState query={query} />
      {query.data ? (
        items.length ? (
          <DataTable
            labelledBy="flex-revenue"
            headers={[t('venues.flex.participant'), t('venues.month'), t('venues.flex.netRevenue'), t('venues.flex.goal'), t('venues.flex.goalMet'), t('venues.flex.contribution'), t('venues.cooperative.outflow')]}
            rows={items.map((r) => ({
              key: `${r.candidateId}-${r.month}`,
              cells: [who(r.candidateId), monthName(r.month), euros(r.netRevenueCents), euros(r.goalCents), r.goalMet ? t('venues.yes') : t('venues.no'), euros(r.contributionDueCents), r.outflowToConsider ? t('venues.yes') : t('venues.no')],
            }))}
          />
        ) : (
          <p className="utrecht-paragraph">{t('venues.flex.noRevenue')}</p>
        )
      ) : null}
    </section>
  );
}
