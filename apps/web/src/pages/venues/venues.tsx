import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { DataTable } from '../../components/data-table';
import { PageTitle, QueryState } from '../../components/problem';
import { useUser } from '../../components/use-user';
import { CooperativeWork } from './cooperative';
import { FlexWorkspaceWork } from './flex-workspace';
import { SocialFirmWork } from './social-firm';
import { VenueData } from './venue-data';
import type { Venue } from './venue-parts';

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
