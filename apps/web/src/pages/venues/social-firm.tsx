import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Schemas } from '../../api/client';
import { DataTable } from '../../components/data-table';
import { QueryState } from '../../components/problem';
import { formatDate, formatNumber } from '../../i18n';
import { Figure } from '../../components/figure';
import { VenueForm, type FieldSpec } from './venue-form';
import { CsvButton, lastMonth, MonthFilter, percent, type Venue } from './venue-parts';
import { usePersonName } from '../../components/person';

const FORMS = ['REGULAR', 'WSW', 'SHELTERED_WORK', 'JOBS_AGREEMENT', 'SECONDMENT', 'TRIAL_PLACEMENT'] as const;
const BASES = ['WAJONG', 'PRACTICAL_EDUCATION', 'INDICATION', 'WSW_INDICATION', 'SHELTERED_WORK_INDICATION'] as const;

/**
 * A Social Firm's monthly work: its register of workers (the firm only) and the month's inclusion
 * share by headcount and hours against its target, the market's 5% beside it, and the
 * banenafspraak jobs (the firm and its municipality's coordinator; figures as a chart and a table).
 */
export function SocialFirmWork({ venue, own }: { venue: Venue; own: boolean }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const workers = useQuery({ queryKey: ['social-firm-workers'], enabled: own, queryFn: () => unwrap(api.GET('/social-firm-workers')) });
  const worker = useWorkerName();
  const fields: FieldSpec[] = [
    { name: 'workerReference', label: t('venues.firm.workerReference'), type: 'text', hint: t('venues.firm.referenceHint') },
    { name: 'employmentForm', label: t('venues.firm.employmentForm'), type: 'select', options: FORMS.map((f) => ({ value: f, label: t(`venues.firm.form_${f}`) })) },
    { name: 'contractHoursPerWeek', label: t('venues.firm.contractHours'), type: 'hours', max: 168, hint: t('venues.hoursHint') },
    { name: 'paidHoursPerWeek', label: t('venues.firm.paidHours'), type: 'hours', max: 168, hint: t('venues.hoursHint') },
    { name: 'inTargetGroupRegister', label: t('venues.firm.inRegister'), type: 'checkbox' },
    { name: 'registerBasis', label: t('venues.firm.registerBasis'), type: 'select', options: BASES.map((b) => ({ value: b, label: t(`venues.firm.basis_${b}`) })), optional: true, when: (v) => v.inTargetGroupRegister === true },
    { name: 'startedOn', label: t('venues.firm.startedOn'), type: 'date' },
  ];
  return (
    <>
      {own ? (
        <section aria-labelledby="firm-register">
          <h2 id="firm-register" className="utrecht-heading-2">
            {t('venues.firm.register')}
          </h2>
          <QueryState query={workers} />
          {workers.data ? (
            workers.data.items.length ? (
              <DataTable
                labelledBy="firm-register"
                headers={[t('venueWho.worker'), t('venues.firm.employmentForm'), t('venues.firm.contractHours'), t('venues.firm.paidHours'), t('venues.firm.inRegister'), t('venues.firm.startedOn'), t('venues.firm.endedOn')]}
                rows={workers.data.items.map((w) => ({
                  key: w.id,
                  cells: [
                    worker(w),
                    t(`venues.firm.form_${w.employmentForm}`),
                    formatNumber(w.contractHoursPerWeek),
                    formatNumber(w.paidHoursPerWeek),
                    w.inTargetGroupRegister ? `${t('venues.yes')}${w.registerBasis ? ` (${t(`venues.firm.basis_${w.registerBasis}`)})` : ''}` : t('venues.no'),
                    formatDate(w.startedOn),
                    w.endedOn ? formatDate(w.endedOn) : '–',
                  ],
                }))}
              />
            ) : (
              <p className="utrecht-paragraph">{t('venues.firm.noWorkers')}</p>
            )
          ) : null}
        </section>
      ) : null}
      {own ? (
        <VenueForm
          id="worker"
          title={t('venues.firm.addTitle')}
          fields={fields}
          submitLabel={t('venues.firm.addSubmit')}
          doneText={t('venues.firm.addDone')}
          conflictText={t('venues.firm.referenceConflict')}
          send={async (body, key) => {
            const result = await unwrap(api.POST('/social-firm-workers', { params: { header: { 'Idempotency-Key': key } }, body: { ...body, venueId: venue.id } as never }));
            await queries.invalidateQueries({ queryKey: ['social-firm-workers'] });
            await queries.invalidateQueries({ queryKey: ['social-firm-inclusion'] });
            return result;
          }}
        />
      ) : null}
      {own && workers.data?.items.length ? <RegisterChanges workers={workers.data.items} /> : null}
      <Inclusion venue={venue} />
    </>
  );
}

/** The month's inclusion share against the target, the market's beside it, and the banenafspraak jobs. */
function Inclusion({ venue }: { venue: Venue }) {
  const { t } = useTranslation();
  const [month, setMonth] = useState(lastMonth());
  const inclusion = useQuery({
    queryKey: ['social-firm-inclusion', venue.id, month],
    queryFn: () => unwrap(api.GET('/social-firm-inclusion', { params: { query: { venueId: venue.id, month } } })),
  });
  const share = inclusion.data?.items[0];
  return (
    <section aria-labelledby="firm-inclusion">
      <h2 id="firm-inclusion" className="utrecht-heading-2">
        {t('venues.firm.inclusion')}
      </h2>
      <MonthFilter id="inclusion-month" month={month} onChange={setMonth} />
      <div className="button-row">
        <CsvButton path={`/social-firm-inclusion.csv?month=${month}&venueId=${venue.id}`} filename={`inclusie-${month}.csv`} label={t('venues.firm.inclusionCsv')} />
      </div>
      <QueryState query={inclusion} />
      {inclusion.data ? (
        share ? (
          <>
            <p className="utrecht-paragraph">
              {share.targetMet ? t('venues.firm.targetMet', { target: percent(share.targetBasisPoints) }) : t('venues.firm.targetNotMet', { target: percent(share.targetBasisPoints) })}{' '}
              {t('venues.firm.jobsText', { jobs: formatNumber(share.jobsAgreementJobs) })}
            </p>
            <Figure
              id="firm-share"
              title={t('venues.firm.shareTitle')}
              headers={[t('venues.firm.measure'), t('venues.firm.firmShare'), t('venues.firm.target'), t('venues.firm.market')]}
              rows={[
                [t('venues.firm.byHeadcount'), percent(share.headcountShareBasisPoints), percent(share.targetBasisPoints), percent(share.marketBasisPoints)],
                [t('venues.firm.byHours'), percent(share.hoursShareBasisPoints), percent(share.targetBasisPoints), percent(share.marketBasisPoints)],
              ]}
              chart={{
                categories: [t('venues.firm.byHeadcount'), t('venues.firm.byHours')],
                series: [
                  { name: t('venues.firm.firmShare'), values: [share.headcountShareBasisPoints / 100, share.hoursShareBasisPoints / 100] },
                  { name: t('venues.firm.target'), values: [share.targetBasisPoints / 100, share.targetBasisPoints / 100] },
                  { name: t('venues.firm.market'), values: [share.marketBasisPoints / 100, share.marketBasisPoints / 100] },
                ],
              }}
            />
            <Figure
              id="firm-counts"
              title={t('venues.firm.countsTitle')}
              headers={[t('venues.firm.measure'), t('venues.firm.all'), t('venues.firm.included')]}
              rows={[
                [t('venues.firm.headcount'), formatNumber(share.headcount), formatNumber(share.inclusionHeadcount)],
                [t('venues.firm.hoursPerWeek'), formatNumber(share.hoursPerWeek), formatNumber(share.inclusionHoursPerWeek)],
                [t('venues.firm.jobs'), '–', formatNumber(share.jobsAgreementJobs)],
              ]}
            />
          </>
        ) : (
          <p className="utrecht-paragraph">{t('venues.firm.noFigures')}</p>
        )
      ) : null}
    </section>
  );
}

/** A worker as the firm knows it: a placed young person by name (the first name, as a host), anyone else by the firm's own reference. */
function useWorkerName() {
  const personName = usePersonName();
  return (w: Schemas['FirmWorkerDto']) => (w.person ? personName(w.person) : w.workerReference);
}

/** Changing an entry's terms from a day, ending its employment, and the history of both. */
function RegisterChanges({ workers }: { workers: Schemas['FirmWorkerDto'][] }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const worker = useWorkerName();
  const options = workers.map((w) => ({ value: w.id, label: worker(w) }));
  const send = (path: 'changes' | 'end') => async (body: Record<string, unknown>, key: string) => {
    const { workerId, ...rest } = body as { workerId: string };
    const params = { path: { id: workerId }, header: { 'Idempotency-Key': key } };
    const result =
      path === 'changes'
        ? await unwrap(api.POST('/social-firm-workers/{id}/changes', { params, body: rest as never }))
        : await unwrap(api.POST('/social-firm-workers/{id}/end', { params, body: rest as never }));
    await queries.invalidateQueries({ queryKey: ['social-firm-workers'] });
    await queries.invalidateQueries({ queryKey: ['social-firm-inclusion'] });
    return result;
  };
  const history = workers.flatMap((w) => w.changes.map((c) => ({ ...c, reference: worker(w) })));
  const what = (c: Schemas['FirmWorkerChangeDto']) =>
    c.ends
      ? t('venues.firm.ended')
      : [
          c.employmentForm ? t(`venues.firm.form_${c.employmentForm}`) : '',
          c.contractHoursPerWeek !== undefined ? `${t('venues.firm.contractHours')}: ${formatNumber(c.contractHoursPerWeek)}` : '',
          c.paidHoursPerWeek !== undefined ? `${t('venues.firm.paidHours')}: ${formatNumber(c.paidHoursPerWeek)}` : '',
        ]
          .filter(Boolean)
          .join(' · ');
  return (
    <>
      <VenueForm
        id="worker-change"
        title={t('venues.firm.changeTitle')}
        fields={[
          { name: 'workerId', label: t('venueWho.worker'), type: 'select', options },
          { name: 'effectiveFrom', label: t('venues.firm.effectiveFrom'), type: 'date' },
          { name: 'paidHoursPerWeek', label: t('venues.firm.paidHours'), type: 'hours', max: 168, optional: true },
          { name: 'contractHoursPerWeek', label: t('venues.firm.contractHours'), type: 'hours', max: 168, optional: true },
          { name: 'employmentForm', label: t('venues.firm.employmentForm'), type: 'select', options: FORMS.map((f) => ({ value: f, label: t(`venues.firm.form_${f}`) })), optional: true },
          { name: 'reason', label: t('venues.firm.reason'), type: 'text' },
        ]}
        submitLabel={t('venues.firm.changeSubmit')}
        doneText={t('venues.firm.changeDone')}
        conflictText={t('venues.firm.endedConflict')}
        send={send('changes')}
      />
      <VenueForm
        id="worker-end"
        title={t('venues.firm.endTitle')}
        fields={[
          { name: 'workerId', label: t('venueWho.worker'), type: 'select', options },
          { name: 'endedOn', label: t('venues.firm.endedOn'), type: 'date' },
          { name: 'reason', label: t('venues.firm.reason'), type: 'text' },
        ]}
        submitLabel={t('venues.firm.endSubmit')}
        doneText={t('venues.firm.endDone')}
        conflictText={t('venues.firm.endedConflict')}
        send={send('end')}
      />
      <section aria-labelledby="firm-history">
        <h2 id="firm-history" className="utrecht-heading-2">
          {t('venues.firm.history')}
        </h2>
        {history.length ? (
          <DataTable
            labelledBy="firm-history"
            headers={[t('venueWho.worker'), t('venues.firm.effectiveFrom'), t('venues.firm.what'), t('venues.firm.reason'), t('venues.firm.recordedAt')]}
            rows={history.map((c) => ({ key: c.id, cells: [c.reference, formatDate(c.effectiveFrom), what(c), c.reason, formatDate(c.recordedAt, true)] }))}
          />
        ) : (
          <p className="utrecht-paragraph">{t('venues.firm.noHistory')}</p>
        )}
      </section>
    </>
  );
}
