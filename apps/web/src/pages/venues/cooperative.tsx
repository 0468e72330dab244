import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { DataTable } from '../../components/data-table';
import { QueryState } from '../../components/problem';
import { formatDate, formatNumber } from '../../i18n';
import { VenueForm, type FieldSpec } from './venue-form';
import { CsvButton, euros, lastMonth, MonthFilter, useMonthName, useWho, type Venue } from './venue-parts';
import { usePersonName } from '../../components/person';

const MONEY = ['revenueInvoicedCents', 'revenueReceivedCents', 'declaredCostsCents', 'reserveDepositCents', 'reserveSpendingCents', 'payoutCents'] as const;

/**
 * A social cooperative's monthly work: its members, the statements due and entered per month, and
 * for the municipality's coordinator the income settlement of each member's month with the CSV.
 */
export function CooperativeWork({ venue, own }: { venue: Venue; own: boolean }) {
  const { t } = useTranslation();
  const monthName = useMonthName();
  const queries = useQueryClient();
  const members = useQuery({ queryKey: ['cooperative-members', venue.id], queryFn: () => unwrap(api.GET('/cooperative-members', { params: { query: { venueId: venue.id } } })) });
  const tasks = useQuery({ queryKey: ['venue-tasks'], enabled: own, queryFn: () => unwrap(api.GET('/venue-tasks', { params: { query: {} } })) });
  const who = useWho(members.data?.items);
  const due = (tasks.data?.items ?? []).filter((task) => task.type === 'cooperative.statement' && task.venueId === venue.id);
  const memberOptions = (members.data?.items ?? []).map((m) => ({ value: m.id, label: t('venues.cooperative.memberLabel', { reference: who(m.candidateId), date: formatDate(m.joinedOn) }) }));

  const fields: FieldSpec[] = [
    { name: 'memberId', label: t('venues.cooperative.member'), type: 'select', options: memberOptions },
    { name: 'month', label: t('venues.month'), type: 'month', hint: t('venues.monthHint') },
    { name: 'hoursWorked', label: t('venues.cooperative.hoursWorked'), type: 'hours', max: 744, hint: t('venues.hoursHint') },
    ...MONEY.map((name): FieldSpec => ({ name, label: t(`venues.cooperative.${name}`), type: 'money', hint: t('venues.moneyHint') })),
    {
      name: 'reserveSpendingPurpose',
      label: t('venues.cooperative.reserveSpendingPurpose'),
      type: 'select',
      options: ['INVESTMENT', 'TRAINING'].map((p) => ({ value: p, label: t(`venues.cooperative.purpose_${p}`) })),
      optional: true,
    },
    { name: 'correctionReason', label: t('venues.cooperative.correctionReason'), type: 'text', optional: true, hint: t('venues.correctionHint') },
  ];

  return (
    <>
      <section aria-labelledby="coop-members">
        <h2 id="coop-members" className="utrecht-heading-2">
          {t('venues.cooperative.members')}
        </h2>
        <QueryState query={members} />
        {members.data ? (
          members.data.items.length ? (
            <DataTable
              labelledBy="coop-members"
              headers={[t('venues.cooperative.member'), t('venues.cooperative.joinedOn'), ...(own ? [] : [t('venues.cooperative.consent')])]}
              rows={members.data.items.map((m) => ({
                key: m.id,
                cells: [who(m.candidateId), formatDate(m.joinedOn), ...(own ? [] : [m.consent ? `${formatDate(m.consent.decisionDate)} · ${m.consent.legalBasis} · ${m.consent.planReference}` : '–'])],
              }))}
            />
          ) : (
            <p className="utrecht-paragraph">{t('venues.cooperative.noMembers')}</p>
          )
        ) : null}
      </section>

      {own ? null : <NewMember venue={venue} memberIds={new Set((members.data?.items ?? []).map((m) => m.candidateId))} />}

      {own ? (
        <section aria-labelledby="coop-due">
          <h2 id="coop-due" className="utrecht-heading-2">
            {t('venues.cooperative.due')}
          </h2>
          <QueryState query={tasks} />
          {tasks.data ? (
            due.length ? (
              <ul className="card-list">
                {due.map((task) => (
                  <li key={task.id} className="card">
                    {t('venues.cooperative.dueItem', { month: monthName(task.month), reference: who(task.candidateId), date: formatDate(task.dueAt) })}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="utrecht-paragraph">{t('venues.cooperative.noneDue')}</p>
            )
          ) : null}
        </section>
      ) : null}

      {own && members.data?.items.length ? (
        <VenueForm
          id="statement"
          title={t('venues.cooperative.statementTitle')}
          fields={fields}
          initial={{ month: lastMonth() }}
          submitLabel={t('venues.cooperative.statementSubmit')}
          doneText={t('venues.cooperative.statementDone')}
          conflictText={t('venues.cooperative.statementConflict')}
          send={async (body, key) => {
            const result = await unwrap(api.POST('/cooperative-statements', { params: { header: { 'Idempotency-Key': key } }, body: body as never }));
            await queries.invalidateQueries({ queryKey: ['statements'] });
            await queries.invalidateQueries({ queryKey: ['venue-tasks'] });
            return result;
          }}
        />
      ) : null}

      <Statements memberIds={(members.data?.items ?? []).map((m) => [m.id, who(m.candidateId)])} />
      {own ? null : <Settlement venue={venue} memberIds={new Set((members.data?.items ?? []).map((m) => m.id))} who={who} />}
    </>
  );
}

/**
 * The coordinator enrols a young person placed at the cooperative as a member, with the
 * municipality's consent (the decision, its legal basis and the plan it belongs to) and the
 * exemptions that apply; the cooperative then states the member's months.
 */
function NewMember({ venue, memberIds }: { venue: Venue; memberIds: Set<string> }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const personName = usePersonName();
  const placements = useQuery({ queryKey: ['placements'], queryFn: () => unwrap(api.GET('/placements')) });
  const placed = (placements.data?.items ?? []).filter((p) => p.employerId === venue.id && !memberIds.has(p.candidateId));
  const fields: FieldSpec[] = [
    { name: 'candidateId', label: t('venues.cooperative.newMemberWho'), type: 'select', options: placed.map((p) => ({ value: p.candidateId, label: personName(p.person) })) },
    { name: 'joinedOn', label: t('venues.cooperative.joinedOn'), type: 'date' },
    { name: 'decisionDate', label: t('venues.cooperative.decisionDate'), type: 'date' },
    { name: 'legalBasis', label: t('venues.cooperative.legalBasis'), type: 'text', hint: t('venues.cooperative.legalBasisHint') },
    { name: 'planReference', label: t('venues.cooperative.planReference'), type: 'text' },
    { name: 'singleParent', label: t('venues.cooperative.variant_SINGLE_PARENT'), type: 'checkbox' },
    { name: 'medicalHourLimitation', label: t('venues.cooperative.variant_MEDICAL'), type: 'checkbox' },
  ];
  return (
    <VenueForm
      id="member"
      title={t('venues.cooperative.newMemberTitle')}
      fields={fields}
      submitLabel={t('venues.cooperative.newMemberSubmit')}
      doneText={t('venues.cooperative.newMemberDone')}
      conflictText={t('venues.cooperative.newMemberConflict')}
      errorPrefix="consent."
      send={async (body, key) => {
        const { decisionDate, legalBasis, planReference, ...member } = body as Record<string, string | boolean>;
        const result = await unwrap(
          api.POST('/cooperative-members', {
            params: { header: { 'Idempotency-Key': key } },
            body: { ...member, venueId: venue.id, consent: { decisionDate, legalBasis, planReference } } as never,
          }),
        );
        await queries.invalidateQueries({ queryKey: ['cooperative-members', venue.id] });
        return result;
      }}
    />
  );
}

/** Every member's statements per month, corrections included (newest version marked). */
function Statements({ memberIds }: { memberIds: [string, string][] }) {
  const { t } = useTranslation();
  const monthName = useMonthName();
  const statements = useQueries({
    queries: memberIds.map(([id]) => ({ queryKey: ['statements', id], queryFn: () => unwrap(api.GET('/cooperative-members/{id}/statements', { params: { path: { id } } })) })),
  });
  const rows = statements.flatMap((q, i) => (q.data ?? []).map((s) => ({ ...s, ref: memberIds[i][1] })));
  return (
    <section aria-labelledby="coop-statements">
      <h2 id="coop-statements" className="utrecht-heading-2">
        {t('venues.cooperative.statements')}
      </h2>
      {statements.map((q, i) => (q.error ? <QueryState key={memberIds[i][0]} query={q} /> : null))}
      {rows.length ? (
        <DataTable
          labelledBy="coop-statements"
          headers={[t('venues.cooperative.member'), t('venues.month'), t('venues.version'), t('venues.cooperative.hoursWorked'), t('venues.cooperative.revenueReceivedCents'), t('venues.cooperative.netResult'), t('venues.cooperative.payoutCents'), t('venues.cooperative.correctionReason')]}
          rows={rows.map((s) => ({
            key: s.id,
            cells: [s.ref, monthName(s.month), String(s.version), formatNumber(s.hoursWorked), euros(s.revenueReceivedCents), euros(s.netResultCents), euros(s.payoutCents), s.correctionReason ?? ''],
          }))}
        />
      ) : (
        <p className="utrecht-paragraph">{t('venues.cooperative.noStatements')}</p>
      )}
    </section>
  );
}

/** The coordinator's income settlement of the cooperative's members, per month, with the municipality's CSV. */
function Settlement({ memberIds, who }: { venue: Venue; memberIds: Set<string>; who: (candidateId: string) => string }) {
  const { t } = useTranslation();
  const monthName = useMonthName();
  const [month, setMonth] = useState('');
  const settlements = useQuery({
    queryKey: ['cooperative-settlements', month],
    queryFn: () => unwrap(api.GET('/cooperative-settlements', { params: { query: month ? { month } : {} } })),
  });
  const items = (settlements.data?.items ?? []).filter((s) => memberIds.has(s.memberId));
  return (
    <section aria-labelledby="coop-settlement">
      <h2 id="coop-settlement" className="utrecht-heading-2">
        {t('venues.cooperative.settlement')}
      </h2>
      <p className="utrecht-paragraph">{t('venues.cooperative.settlementIntro')}</p>
      <MonthFilter id="settlement-month" month={month} onChange={setMonth} optional />
      <div className="button-row">
        <CsvButton path={`/cooperative-settlements.csv${month ? `?month=${month}` : ''}`} filename={`verrekening${month ? `-${month}` : ''}.csv`} label={t('venues.cooperative.settlementCsv')} />
      </div>
      <QueryState query={settlements} />
      {settlements.data ? (
        items.length ? (
          <DataTable
            labelledBy="coop-settlement"
            headers={[
              t('venues.cooperative.member'), t('venues.month'), t('venues.cooperative.netResult'), t('venues.cooperative.variant'), t('venues.cooperative.exemption'),
              t('venues.cooperative.setOff'), t('venues.cooperative.monthsUsed'), t('venues.cooperative.run'), t('venues.cooperative.outflow'),
            ]}
            rows={items.map((s) => ({
              key: `${s.memberId}-${s.month}`,
              cells: [
                who(s.candidateId),
                monthName(s.month),
                euros(s.netResultCents),
                s.variant ? t(`venues.cooperative.variant_${s.variant}`) : t('venues.cooperative.noExemption'),
                `${euros(s.exemptionCents)}${s.capReached ? ` (${t('venues.cooperative.capReached')})` : ''}`,
                euros(s.setOffCents),
                s.variant ? String((s.monthsUsed as Record<string, number>)[s.variant] ?? 0) + (s.lastExemptionMonth ? ` (${t('venues.cooperative.lastMonth')})` : '') : '–',
                String(s.monthsAtOrAboveBenefit),
                s.outflowToConsider ? t('venues.yes') : t('venues.no'),
              ],
            }))}
          />
        ) : (
          <p className="utrecht-paragraph">{t('venues.cooperative.noSettlement')}</p>
        )
      ) : null}
    </section>
  );
}
