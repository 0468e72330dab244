import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, downloadCsv, unwrap, type Schemas } from '../api/client';
import { useCatalogue, useCodeLabel, useLabel, useOrganisations } from '../api/hooks';
import { OUTCOME_LABELS, type OutcomeCode } from '../../../../libs/domain/src/pipeline-labels';
import { VENUE_KIND_LABELS } from '../../../../libs/domain/src/venues/kinds';
import { SelectField } from '../components/form-field';
import { useUrlFilters } from '../components/use-url-filters';
import { ReassignForm } from '../components/reassign';
import { PageTitle, ProblemMessage, QueryState } from '../components/problem';
import { Figure, type FigureProps } from '../components/figure';
import { formatDate, formatNumber } from '../i18n';
import { Button } from '@utrecht/button-react';
import { FormLabel } from '@utrecht/form-label-react';

/** The dashboard's filters (the API's) and their names in the address. */
const FILTERS = { from: 'van', to: 'tot', cohort: 'cohort', careProvider: 'zorgaanbieder', employer: 'werkgever' } as const;

/** The municipality's pipeline: funnel, conversion, time per step, work after 3/6/12 months, routes, tasks per party; CSV downloads. */
export function DashboardPage() {
  const { t } = useTranslation();
  const code = useCodeLabel();
  const catalogue = useCatalogue();
  const label = useLabel();
  const organisations = useOrganisations(true);
  const { applied: query, draft, setDraft, apply } = useUrlFilters(FILTERS);
  const [csvError, setCsvError] = useState<unknown>();
  const summary = useQuery({ queryKey: ['pipeline', query], queryFn: () => unwrap(api.GET('/pipeline/summary', { params: { query } })) });
  const stuck = useQuery({ queryKey: ['stuck', query], queryFn: () => unwrap(api.GET('/pipeline/stuck-journeys', { params: { query } })) });
  const overdue = useQuery({ queryKey: ['overdue', query], queryFn: () => unwrap(api.GET('/pipeline/overdue-tasks', { params: { query } })) });
  const s = summary.data;
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : formatNumber(v, { style: 'percent', maximumFractionDigits: 0 }));
  const figures = s ? buildFigures(s, t, code, pct, label) : [];

  /** A download for the spreadsheet of the user's language (Dutch Excel: semicolons, decimal commas). */
  const csv = (path: string, name: string) => {
    const qs = new URLSearchParams({ ...(query as Record<string, string>), locale: t('pipelineView.csvLocale') }).toString();
    downloadCsv(`${path}?${qs}`, name).catch(setCsvError);
  };

  return (
    <>
      <PageTitle>{t('dashboard.title')}</PageTitle>
      <form onSubmit={apply} className="inline-form" aria-label={t('dashboard.filters')}>
        {(['from', 'to'] as const).map((k) => (
          <div key={k} className="utrecht-form-field">
            <FormLabel htmlFor={`filter-${k}`}>
              {t(`dashboard.${k}`)}
            </FormLabel>
            <input id={`filter-${k}`} type="date" className="utrecht-textbox utrecht-textbox--html-input" value={draft[k] ?? ''} onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} />
          </div>
        ))}
        <div className="utrecht-form-field">
          <FormLabel htmlFor="filter-cohort">
            {t('dashboard.cohort')}
          </FormLabel>
          <input id="filter-cohort" type="month" className="utrecht-textbox utrecht-textbox--html-input" value={draft.cohort ?? ''} onChange={(e) => setDraft({ ...draft, cohort: e.target.value })} />
        </div>
        {(['careProvider', 'employer'] as const).map((k) => (
          <SelectField
            key={k}
            id={`filter-${k}`}
            label={t(`pipelineView.${k}`)}
            value={draft[k] ?? ''}
            empty={t('pipelineView.all')}
            options={(organisations.data?.byType[k === 'careProvider' ? 'CARE_PROVIDER' : 'EMPLOYER'] ?? []).map((o) => ({ value: o.id, label: o.name }))}
            onChange={(v) => setDraft({ ...draft, [k]: v })}
          />
        ))}
        <Button type="submit" appearance="secondary-action-button">
          {t('inbox.apply')}
        </Button>
      </form>
      <p className="utrecht-paragraph">{t('pipelineView.filtersExplained')}</p>
      <div className="button-row">
        <Button type="button" appearance="subtle-button" onClick={() => csv('/pipeline/summary.csv', t('pipelineView.csvFile'))}>
          {t('pipelineView.csvSummary')}
        </Button>
        <Button type="button" appearance="subtle-button" onClick={() => csv('/pipeline/stuck-journeys.csv', 'vastgelopen-trajecten.csv')}>
          {t('dashboard.csvStuck')}
        </Button>
        <Button type="button" appearance="subtle-button" onClick={() => csv('/pipeline/overdue-tasks.csv', 'te-late-taken.csv')}>
          {t('dashboard.csvOverdue')}
        </Button>
      </div>
      {csvError ? <ProblemMessage error={csvError} /> : null}
      <QueryState query={summary} />
      {s ? (
        <>
          <p className="utrecht-paragraph">{t('dashboard.totals', { total: s.journeys.total, active: s.journeys.active, completed: s.journeys.completed, generated: formatDate(s.generatedAt, true) })}</p>
          {figures.map((f) => (
            <Figure key={f.id} {...f} />
          ))}
        </>
      ) : null}
      <section aria-labelledby="stuck-title">
        <h2 id="stuck-title" className="utrecht-heading-2">
          {t('dashboard.stuck')}
        </h2>
        {stuck.error ? <ProblemMessage error={stuck.error} /> : null}
        {stuck.data?.items.length === 0 ? <p className="utrecht-paragraph">{t('dashboard.none')}</p> : null}
        <ul className="card-list">
          {stuck.data?.items.map((j) => (
            <li key={j.candidateId} className="card">
              {t(`step.${j.step}`)} · {t('dashboard.daysWithout', { days: j.daysWithoutProgress })} · {t('dashboard.openTasks', { open: j.openTasks, overdue: j.overdueTasks })}{' '}
              <Link className="utrecht-link" to={`/trajecten/${j.candidateId}`}>
                {t('referrals.open')}
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="overdue-title">
        <h2 id="overdue-title" className="utrecht-heading-2">
          {t('dashboard.overdue')}
        </h2>
        {overdue.error ? <ProblemMessage error={overdue.error} /> : null}
        {overdue.data?.items.length === 0 ? <p className="utrecht-paragraph">{t('dashboard.none')}</p> : null}
        <ul className="card-list">
          {overdue.data?.items.map((o) => (
            <li key={`${o.candidateId}/${o.taskId}`} className="card">
              {label(catalogue.data?.get(o.type)?.label, o.type)} · {o.assigneeName} · {t('dashboard.daysOverdue', { days: o.daysOverdue })}
              {o.escalated ? ` · ${t('inbox.escalated')}` : ''}{' '}
              <Link className="utrecht-link" to={`/trajecten/${o.candidateId}`}>
                {t('referrals.open')}
              </Link>
              <ReassignForm candidateId={o.candidateId} taskId={o.taskId} label={label(catalogue.data?.get(o.type)?.label, o.type)} />
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function buildFigures(
  s: Schemas['PipelineSummaryDto'],
  t: TFunction,
  code: (c: string) => string,
  pct: (v: number | null | undefined) => string,
  label: (l: { nl: string; en: string } | undefined, fallback?: string) => string,
) {
  const step = (x: string) => t(`step.${x}`);
  const days = (v: number | null | undefined) => (v === null || v === undefined ? '–' : formatNumber(v, { maximumFractionDigits: 1 }));
  const empty = t('dashboard.noFigures');
  const outcomes = Object.keys(OUTCOME_LABELS) as OutcomeCode[];
  const outcome = (o: OutcomeCode) => upperFirst(label(OUTCOME_LABELS[o]));
  const steps = s.bySteps.map((r) => r.step);
  const totals = (['total', 'open', 'active', 'paused', 'completed', 'withdrawn', 'exited'] as const).map((k) => [t(`pipelineView.total.${k}`), s.journeys[k]] as [string, number]);
  const party = (id: string, title: string, list: Schemas['PartyCountDto'][], placed: boolean): FigureProps => ({
    id,
    empty: t('pipelineView.noParties'),
    title,
    description: t('pipelineView.partiesExplained'),
    headers: [t('dashboard.party'), t('pipelineView.openJourneys'), ...(placed ? [t('pipelineView.placedNow')] : []), ...steps.map(step)],
    rows: list.map((p) => [p.name, p.journeys, ...(placed ? [p.placed ?? 0] : []), ...steps.map((x) => p.bySteps[x] ?? 0)]),
    chart: {
      categories: list.map((p) => p.name),
      series: [{ name: t('pipelineView.openJourneys'), values: list.map((p) => p.journeys) }, ...(placed ? [{ name: t('pipelineView.placedNow'), values: list.map((p) => p.placed ?? 0) }] : [])],
    },
  });
  return [
    {
      id: 'fig-totals',
      title: t('pipelineView.totals'),
      description: t('pipelineView.totalsExplained'),
      headers: [t('pipelineView.state'), t('dashboard.journeys')],
      rows: totals,
      chart: { categories: totals.map((r) => r[0]), series: [{ name: t('dashboard.journeys'), values: totals.map((r) => r[1]) }] },
    },
    {
      id: 'fig-outcomes',
      title: t('pipelineView.outcomes'),
      description: t('pipelineView.outcomesExplained'),
      headers: [t('pipelineView.outcome'), t('pipelineView.count')],
      rows: outcomes.map((o) => [outcome(o), s.outcomes[o]]),
      chart: { categories: outcomes.map(outcome), series: [{ name: t('pipelineView.count'), values: outcomes.map((o) => s.outcomes[o]) }] },
    },
    {
      id: 'fig-funnel',
      empty,
      title: t('dashboard.funnel'),
      description: t('pipelineView.funnelExplained'),
      headers: [t('dashboard.step'), t('dashboard.journeys'), t('dashboard.active'), t('dashboard.paused')],
      rows: s.bySteps.map((r) => [step(r.step), r.journeys, r.active, r.paused]),
      chart: { categories: s.bySteps.map((r) => step(r.step)), series: [{ name: t('dashboard.journeys'), values: s.bySteps.map((r) => r.journeys) }] },
    },
    {
      id: 'fig-conversion',
      empty,
      title: t('dashboard.conversion'),
      headers: [t('dashboard.fromTo'), t('dashboard.reachedFrom'), t('dashboard.reachedTo'), t('dashboard.rate')],
      rows: s.conversion.map((c) => [`${step(c.fromStep)} → ${step(c.toStep)}`, c.reachedFrom, c.reachedTo, pct(c.rate)]),
      description: t('pipelineView.conversionExplained'),
      notes: s.conversion.map((c) =>
        c.rate === null
          ? t('pipelineView.conversionNone', { from: step(c.fromStep) })
          : t('pipelineView.conversionNote', { count: c.reachedFrom, reached: c.reachedTo, from: step(c.fromStep), to: step(c.toStep), rate: pct(c.rate) }),
      ),
    },
    {
      id: 'fig-flow',
      empty,
      title: t('dashboard.flowTimes'),
      description: t('pipelineView.flowTimesExplained'),
      headers: [t('dashboard.step'), t('dashboard.visits'), t('dashboard.median'), t('dashboard.p90')],
      rows: s.flowTimes.map((f) => [step(f.step), f.visits, days(f.medianDays), days(f.p90Days)]),
      chart: {
        categories: s.flowTimes.map((f) => step(f.step)),
        series: [
          { name: t('dashboard.median'), values: s.flowTimes.map((f) => f.medianDays ?? 0) },
          { name: t('dashboard.p90'), values: s.flowTimes.map((f) => f.p90Days ?? 0) },
        ],
      },
    },
    {
      id: 'fig-work',
      empty,
      title: t('dashboard.inWork'),
      headers: [t('dashboard.moment'), t('dashboard.journeys')],
      rows: [
        [t('dashboard.paidWork'), s.outcomes.paidWorkReached],
        [t('dashboard.months', { count: 3 }), s.outcomes.inWorkAt3Months],
        [t('dashboard.months', { count: 6 }), s.outcomes.inWorkAt6Months],
        [t('dashboard.months', { count: 12 }), s.outcomes.inWorkAt12Months],
      ],
      chart: {
        categories: [t('dashboard.paidWork'), t('dashboard.months', { count: 3 }), t('dashboard.months', { count: 6 }), t('dashboard.months', { count: 12 })],
        series: [{ name: t('dashboard.journeys'), values: [s.outcomes.paidWorkReached, s.outcomes.inWorkAt3Months, s.outcomes.inWorkAt6Months, s.outcomes.inWorkAt12Months] }],
      },
    },
    {
      id: 'fig-routes',
      empty,
      title: t('dashboard.routes'),
      headers: [t('dashboard.route'), t('dashboard.decided'), t('dashboard.share')],
      rows: s.routes.map((r) => [code(r.route), r.decided, pct(r.share)]),
    },
    party('fig-care-providers', t('pipelineView.byCareProviders'), s.byCareProviders, false),
    party('fig-hosts', t('pipelineView.byEmployers'), s.byEmployers, true),
    party('fig-schools', t('pipelineView.bySchools'), s.bySchools, false),
    {
      id: 'fig-venue-kinds',
      empty,
      title: t('pipelineView.byVenueKinds'),
      description: t('pipelineView.venueKindsExplained'),
      headers: [t('pipelineView.venueKind'), t('pipelineView.venues'), t('pipelineView.openJourneys'), t('pipelineView.placedNow')],
      rows: s.byVenueKinds.map((v) => [label(VENUE_KIND_LABELS[v.venueKind as keyof typeof VENUE_KIND_LABELS], v.venueKind), v.venues, v.journeys, v.placed]),
    },
    {
      id: 'fig-tasks',
      empty: t('dashboard.noOpenTasks'),
      title: t('dashboard.tasks'),
      headers: [t('dashboard.party'), t('dashboard.open'), t('dashboard.overdueCount'), t('dashboard.escalatedCount')],
      rows: s.tasks.map((p) => [p.name, p.open, p.overdue, p.escalated]),
      chart: {
        categories: s.tasks.map((p) => p.name),
        series: [
          { name: t('dashboard.open'), values: s.tasks.map((p) => p.open) },
          { name: t('dashboard.overdueCount'), values: s.tasks.map((p) => p.overdue) },
        ],
      },
    },
  ];
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
