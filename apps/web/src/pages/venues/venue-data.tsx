import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { DataTable } from '../../components/data-table';
import { QueryState } from '../../components/problem';
import { formatDate } from '../../i18n';
import { VenueForm, type FieldSpec, type Values } from './venue-form';
import { euros, percent, type Venue } from './venue-parts';

/** Each kind's data: its property on a venue and its fields (the API's names), as typed and as shown. */
const KIND_FIELDS: Record<string, { property: 'socialCooperative' | 'socialFirm' | 'flexWorkspace'; fields: { name: string; type: FieldSpec['type']; max?: number; optional?: boolean }[] }> = {
  SOCIAL_COOPERATIVE: {
    property: 'socialCooperative',
    fields: [
      { name: 'chamberOfCommerceNumber', type: 'text' },
      { name: 'benefitLevelCents', type: 'money' },
      { name: 'outflowAfterMonths', type: 'integer', max: 60 },
    ],
  },
  SOCIAL_FIRM: { property: 'socialFirm', fields: [{ name: 'inclusionTargetBasisPoints', type: 'percent', optional: true }] },
  FLEX_WORKSPACE: {
    property: 'flexWorkspace',
    fields: [
      { name: 'address', type: 'text' },
      { name: 'seats', type: 'integer', max: 500 },
      { name: 'socialSeats', type: 'integer', max: 500 },
    ],
  },
};

/** A value of the kind's data in words (amounts in euros, targets as percentages). */
function shown(type: FieldSpec['type'], value: unknown): string {
  if (value === undefined || value === null) return '–';
  if (type === 'money') return euros(value as number);
  if (type === 'percent') return percent(value as number);
  return String(value);
}

/** As a form field holds it: euros and percentages typed, not cents and basis points. */
function typed(type: FieldSpec['type'], value: unknown): string {
  if (value === undefined || value === null) return '';
  if (type === 'money' || type === 'percent') return String((value as number) / 100).replace('.', ',');
  return String(value);
}

/**
 * A venue's data (the cooperative's benefit level, the firm's own target, the space's seats) as in
 * effect today and every dated correction of it; the municipality's coordinator records a new one
 * from a day, with the reason, never overwriting what was.
 */
export function VenueData({ venue, own }: { venue: Venue; own: boolean }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const kind = KIND_FIELDS[venue.kind];
  const versions = useQuery({ queryKey: ['venue-data', venue.id], enabled: Boolean(kind), queryFn: () => unwrap(api.GET('/venues/{id}/data-versions', { params: { path: { id: venue.id } } })) });
  if (!kind) return null;
  const current = (venue[kind.property] ?? {}) as Record<string, unknown>;
  const label = (name: string) => t(`venues.data.${name}`);
  const fields: FieldSpec[] = [
    { name: 'validFrom', label: t('venues.data.validFrom'), type: 'date' },
    ...kind.fields.map((f) => ({ ...f, label: label(f.name) })),
    { name: 'reason', label: t('venues.firm.reason'), type: 'text' },
  ];
  return (
    <>
      <section aria-labelledby="venue-data">
        <h2 id="venue-data" className="utrecht-heading-2">
          {t('venues.data.title')}
        </h2>
        <dl className="facts">
          {kind.fields.map((f) => (
            <div key={f.name} className="facts__row">
              <dt>{label(f.name)}</dt>
              <dd>{shown(f.type, current[f.name])}</dd>
            </div>
          ))}
        </dl>
        <QueryState query={versions} />
        {versions.data?.items.length ? (
          <DataTable
            labelledBy="venue-data"
            headers={[t('venues.data.validFrom'), ...kind.fields.map((f) => label(f.name)), t('venues.firm.reason'), t('venues.firm.recordedAt')]}
            rows={versions.data.items.map((v) => ({
              key: v.id,
              cells: [formatDate(v.validFrom), ...kind.fields.map((f) => shown(f.type, v.data[f.name])), v.reason, formatDate(v.recordedAt, true)],
            }))}
          />
        ) : versions.data ? (
          <p className="utrecht-paragraph">{t('venues.data.noVersions')}</p>
        ) : null}
      </section>
      {own ? null : (
        <VenueForm
          id="venue-data-form"
          title={t('venues.data.correctTitle')}
          fields={fields}
          initial={Object.fromEntries(kind.fields.map((f) => [f.name, typed(f.type, current[f.name])])) as Values}
          submitLabel={t('venues.data.correctSubmit')}
          doneText={t('venues.data.correctDone')}
          errorPrefix={`${kind.property}.`}
          send={async (body, key) => {
            const { validFrom, reason, ...data } = body;
            const result = await unwrap(
              api.POST('/venues/{id}/data-versions', { params: { path: { id: venue.id }, header: { 'Idempotency-Key': key } }, body: { validFrom, reason, [kind.property]: data } as never }),
            );
            await queries.invalidateQueries({ queryKey: ['venue-data', venue.id] });
            await queries.invalidateQueries({ queryKey: ['venue', venue.id] });
            await queries.invalidateQueries({ queryKey: ['cooperative-settlements'] });
            await queries.invalidateQueries({ queryKey: ['social-firm-inclusion'] });
            return result;
          }}
        />
      )}
    </>
  );
}
