import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type {
  OutcomesDto,
  OverdueTaskDto,
  OverdueTaskPageDto,
  PartyCountDto,
  PipelineFilterDto,
  PipelineSummaryDto,
  ReconciliationDto,
  ReconciliationFindingPageDto,
  ReconciliationPageDto,
  StuckJourneyDto,
  StuckJourneyPageDto,
} from '../../../../libs/contracts/src/pipeline.dto';
import { JOURNEY_STEPS, JourneyStep } from '../../../../libs/domain/src/journey';
import { OrganisationType } from '../../../../libs/domain/src/organisation';
import { VENUE_KIND_LABELS, VENUE_KINDS, VenueKind } from '../../../../libs/domain/src/venues/kinds';
import type { Principal } from '../auth/principal';
import type { Answered, IdempotentRequest } from '../common/idempotency-key.decorator';
import { IdempotencyService } from '../common/idempotency.service';
import { JourneyWorkflowGateway } from '../temporal/journey-workflow.gateway';
import { ProblemException } from '../problem/problem';
import { flowTimes } from './flow-times';
import { DUTCH_EXCEL, RFC_4180, toCsv, type CsvValue } from '../common/csv';
import { STATUS_LABELS, STEP_LABELS } from '../../../../libs/domain/src/labels';
import type { Label } from '../../../../libs/domain/src/method/vocabularies';
import { OUTCOME_LABELS, SUMMARY_MEASURE_LABELS, SUMMARY_SECTION_LABELS } from '../../../../libs/domain/src/pipeline-labels';
import { PipelineRepository, type ReconciliationRow, type PipelineScope } from './pipeline.repository';

/** The steps of the method in order; conversion is from each to the next. */
const STEPS = JOURNEY_STEPS;
/** Steps a journey can be in while open, and stay in for a while. */
const OPEN_STEPS = STEPS.filter((s) => s !== JourneyStep.COMPLETED);
const OUTCOME_KINDS: Record<keyof OutcomesDto, string> = {
  orientations: 'ORIENTATION',
  placementsStarted: 'PLACEMENT_STARTED',
  paidWorkReached: 'PAID_WORK',
  inWorkAt3Months: 'IN_WORK_3M',
  inWorkAt6Months: 'IN_WORK_6M',
  inWorkAt12Months: 'IN_WORK_12M',
  loopsBack: 'LOOP_BACK',
  pauses: 'PAUSE',
  withdrawals: 'WITHDRAWAL',
  exits: 'EXIT',
  completed: 'COMPLETED',
};

const forbidden = (): ProblemException =>
  ProblemException.forbidden('Pipeline monitoring is for municipal coordinators.');
const badCursor = (): ProblemException => ProblemException.validation([{ field: 'cursor', message: 'cursor must be a cursor returned by this endpoint', code: 'INVALID_CURSOR' }]);
const timeline = (candidateId: string): string => `/journeys/${candidateId}/timeline`;
const round4 = (n: number): number => Math.round(n * 10000) / 10000;

@Injectable()
export class PipelineService {
  constructor(
    private readonly pipeline: PipelineRepository,
    private readonly journeys: JourneyWorkflowGateway,
    private readonly idempotency: IdempotencyService,
  ) {}

  async summary(principal: Principal, filter: PipelineFilterDto): Promise<PipelineSummaryDto> {
    const scope = this.scope(principal, filter);
    const [steps, parties, arrivals, stays, outcomes, tasks] = await Promise.all([
      this.pipeline.stepCounts(scope),
      this.pipeline.partyCounts(scope),
      this.pipeline.arrivals(scope),
      this.pipeline.stayHistogram(scope),
      this.pipeline.outcomes(scope),
      this.pipeline.taskCounts(scope),
    ]);
    const count = (f: (r: { step: string; status: string }) => boolean): number => steps.filter(f).reduce((sum, r) => sum + r.n, 0);
    const isOpen = (status: string): boolean => status === 'ACTIVE' || status === 'PAUSED';

    const partyRows = (kind: string): PartyCountDto[] => {
      const byOrg = new Map<string, PartyCountDto>();
      for (const r of parties.filter((p) => p.kind === kind)) {
        const row = byOrg.get(r.organisation_id) ?? {
          organisationId: r.organisation_id,
          name: r.name ?? '',
          journeys: 0,
          bySteps: {},
          ...(kind === 'EMPLOYER' ? { placed: 0 } : {}),
        };
        row.journeys += r.n;
        row.bySteps[r.step] = r.n;
        if (row.placed !== undefined) row.placed += r.placed;
        byOrg.set(r.organisation_id, row);
      }
      return [...byOrg.values()];
    };

    const reached = new Map(arrivals.map((a) => [a.step, a.n]));
    const flow = flowTimes(stays);
    const outcomeCount = (kind: string): number => outcomes.filter((o) => o.kind === kind).reduce((sum, o) => sum + o.n, 0);
    const routes = outcomes.filter((o) => o.kind === 'PAID_WORK' && o.route);
    const routesDecided = routes.reduce((sum, r) => sum + r.n, 0);

    return {
      municipalityId: scope.municipalityId,
      generatedAt: new Date().toISOString(),
      filters: {
        ...(filter.from ? { from: filter.from } : {}),
        ...(filter.to ? { to: filter.to } : {}),
        ...(filter.cohort ? { cohort: filter.cohort } : {}),
        ...(filter.careProvider ? { careProvider: filter.careProvider } : {}),
        ...(filter.employer ? { employer: filter.employer } : {}),
      },
      journeys: {
        total: count(() => true),
        open: count((r) => isOpen(r.status)),
        active: count((r) => r.status === 'ACTIVE'),
        paused: count((r) => r.status === 'PAUSED'),
        completed: count((r) => r.status === 'COMPLETED'),
        withdrawn: count((r) => r.status === 'WITHDRAWN'),
        exited: count((r) => r.status === 'EXITED'),
      },
      bySteps: OPEN_STEPS.map((step) => ({
        step,
        journeys: count((r) => r.step === step && isOpen(r.status)),
        active: count((r) => r.step === step && r.status === 'ACTIVE'),
        paused: count((r) => r.step === step && r.status === 'PAUSED'),
      })),
      byPhases: steps
        .map((r) => ({ phase: `${r.step}:${r.status}`, journeys: r.n }))
        .sort((a, b) => a.phase.localeCompare(b.phase)),
      byCareProviders: partyRows('CARE_PROVIDER'),
      bySchools: partyRows('SCHOOL'),
      byEmployers: partyRows('EMPLOYER'),
      byVenueKinds: VENUE_KINDS.map((venueKind) => {
        const rows = parties.filter((p) => p.kind === 'EMPLOYER' && (p.venue_kind ?? VenueKind.REGULAR_EMPLOYER) === venueKind);
        const bySteps: Record<string, number> = {};
        for (const r of rows) bySteps[r.step] = (bySteps[r.step] ?? 0) + r.n;
        return {
          venueKind,
          venues: new Set(rows.map((r) => r.organisation_id)).size,
          journeys: rows.reduce((sum, r) => sum + r.n, 0),
          placed: rows.reduce((sum, r) => sum + r.placed, 0),
          bySteps,
        };
      }),
      conversion: STEPS.slice(0, -1).map((fromStep, i) => {
        const toStep = STEPS[i + 1];
        const reachedFrom = reached.get(fromStep) ?? 0;
        const reachedTo = reached.get(toStep) ?? 0;
        return { fromStep, toStep, reachedFrom, reachedTo, rate: reachedFrom ? round4(reachedTo / reachedFrom) : null };
      }),
      flowTimes: OPEN_STEPS.map((step) => {
        const f = flow.get(step);
        return { step, visits: f?.visits ?? 0, medianDays: f?.median ?? null, p90Days: f?.p90 ?? null };
      }),
      tasks: tasks.map((t) => ({
        organisationId: t.organisation_id,
        name: t.name ?? '',
        organisationType: t.type ?? '',
        open: t.open,
        overdue: t.overdue,
        escalated: t.escalated,
      })),
      outcomes: Object.fromEntries(Object.entries(OUTCOME_KINDS).map(([key, kind]) => [key, outcomeCount(kind)])) as unknown as OutcomesDto,
      routes: routes
        .map((r) => ({ route: r.route!, decided: r.n, share: round4(r.n / routesDecided) }))
        .sort((a, b) => b.decided - a.decided || a.route.localeCompare(b.route)),
    };
  }

  /** The summary as rows of section, key, name, measure, value: pastes into any spreadsheet. */
  /** The summary as CSV, one row per figure: English with commas (integrations), or Dutch for Excel (semicolons, decimal commas, Dutch names). */
  async summaryCsv(principal: Principal, filter: PipelineFilterDto, locale: 'en' | 'nl' = 'en'): Promise<string> {
    const s = await this.summary(principal, filter);
    const rows: CsvValue[][] = [];
    const add = (section: string, key: string, name: string, measure: string, value: CsvValue): void => {
      rows.push([section, key, name, measure, value]);
    };
    for (const [measure, value] of Object.entries(s.journeys)) add('journeys', 'all', '', measure, value as number);
    for (const r of s.bySteps) for (const m of ['journeys', 'active', 'paused'] as const) add('step', r.step, '', m, r[m]);
    for (const r of s.byPhases) add('phase', r.phase, '', 'journeys', r.journeys);
    for (const [section, list] of [['care_provider', s.byCareProviders], ['school', s.bySchools], ['employer', s.byEmployers]] as const) {
      for (const r of list) {
        add(section, r.organisationId, r.name, 'journeys', r.journeys);
        if (r.placed !== undefined) add(section, r.organisationId, r.name, 'placed', r.placed);
        for (const [step, n] of Object.entries(r.bySteps)) add(section, r.organisationId, r.name, step, n);
      }
    }
    for (const v of s.byVenueKinds) {
      for (const m of ['venues', 'journeys', 'placed'] as const) add('venue_kind', v.venueKind, '', m, v[m]);
      for (const [step, n] of Object.entries(v.bySteps)) add('venue_kind', v.venueKind, '', step, n);
    }
    for (const c of s.conversion) {
      const key = `${c.fromStep}>${c.toStep}`;
      add('conversion', key, '', 'reached_from', c.reachedFrom);
      add('conversion', key, '', 'reached_to', c.reachedTo);
      add('conversion', key, '', 'rate', c.rate);
    }
    for (const f of s.flowTimes) {
      add('flow_time', f.step, '', 'visits', f.visits);
      add('flow_time', f.step, '', 'median_days', f.medianDays);
      add('flow_time', f.step, '', 'p90_days', f.p90Days);
    }
    for (const t of s.tasks) for (const m of ['open', 'overdue', 'escalated'] as const) add('tasks', t.organisationId, t.name, m, t[m]);
    for (const [measure, value] of Object.entries(s.outcomes)) add('outcome', measure, '', 'count', value as number);
    for (const r of s.routes) {
      add('route', r.route, '', 'decided', r.decided);
      add('route', r.route, '', 'share', r.share);
    }
    if (locale === 'en') return toCsv(['section', 'key', 'name', 'measure', 'value'], rows);
    const nl = (labels: Record<string, Label>, code: string): string | undefined => labels[code]?.nl;
    const keyName = (section: string, key: string): string => {
      if (section === 'outcome') return nl(OUTCOME_LABELS, key) ?? key;
      if (section === 'venue_kind') return nl(VENUE_KIND_LABELS, key) ?? key;
      if (section === 'conversion') return key.split('>').map((k) => nl(STEP_LABELS, k) ?? k).join(' → ');
      if (section === 'phase') return key.split(':').map((k, i) => nl(i ? STATUS_LABELS : STEP_LABELS, k) ?? k).join(', ');
      return nl(STEP_LABELS, key) ?? '';
    };
    return toCsv(
      ['Onderdeel', 'Code', 'Naam', 'Maat', 'Waarde'],
      rows.map(([section, key, name, measure, value]) => [
        nl(SUMMARY_SECTION_LABELS, String(section)) ?? section,
        key,
        name || keyName(String(section), String(key)),
        nl(SUMMARY_MEASURE_LABELS, String(measure)) ?? nl(STEP_LABELS, String(measure)) ?? measure,
        value,
      ]),
      DUTCH_EXCEL,
    );
  }

  async stuck(principal: Principal, query: PipelineFilterDto & { days?: number; cursor?: string; limit?: number }, defaultLimit = 50): Promise<StuckJourneyPageDto> {
    const scope = this.scope(principal, query);
    const limit = query.limit ?? defaultLimit;
    const after = query.cursor ? decode(query.cursor, (v) => (isIsoDate(v[0]) && isUuid(v[1]) ? { at: v[0], candidateId: v[1] } : undefined)) : undefined;
    const rows = await this.pipeline.stuck(scope, query.days ?? 14, after, limit + 1);
    const items: StuckJourneyDto[] = rows.slice(0, limit).map((r) => ({
      candidateId: r.candidate_id,
      step: r.step,
      phase: `${r.step}:${r.status}`,
      ...(r.care_provider_id ? { careProviderId: r.care_provider_id } : {}),
      ...(r.current_employer_id ? { currentEmployerId: r.current_employer_id } : {}),
      referredAt: r.referred_at.toISOString(),
      lastProgressAt: r.last_progress_at.toISOString(),
      daysWithoutProgress: r.days,
      openTasks: r.open_tasks,
      overdueTasks: r.overdue_tasks,
      waitingOn: r.waiting_on,
      timeline: timeline(r.candidate_id),
    }));
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return { items, ...(last ? { nextCursor: encode([last.last_progress_at.toISOString(), last.candidate_id]) } : {}) };
  }

  async stuckCsv(principal: Principal, query: PipelineFilterDto & { days?: number; cursor?: string; limit?: number; locale?: 'en' | 'nl' }): Promise<{ csv: string; nextCursor?: string }> {
    const { locale, ...filter } = query;
    const page = await this.stuck(principal, filter, 10000);
    const header = locale === 'nl'
      ? ['jongere (id)', 'stap', 'fase', 'zorgaanbieder (id)', 'werkgever nu (id)', 'aangemeld op', 'laatste voortgang', 'dagen zonder voortgang', 'open taken', 'te late taken', 'wacht op (ids)', 'tijdlijn']
      : ['candidate_id', 'step', 'phase', 'care_provider_id', 'current_employer_id', 'referred_at', 'last_progress_at', 'days_without_progress', 'open_tasks', 'overdue_tasks', 'waiting_on', 'timeline'];
    const rows = page.items.map((i) => [
      i.candidateId, i.step, i.phase, i.careProviderId, i.currentEmployerId, i.referredAt, i.lastProgressAt, i.daysWithoutProgress, i.openTasks, i.overdueTasks, i.waitingOn.join(' '), i.timeline,
    ]);
    return { csv: csvIn(locale, header, rows), nextCursor: page.nextCursor };
  }

  async overdue(principal: Principal, query: PipelineFilterDto & { party?: string; cursor?: string; limit?: number }, defaultLimit = 50): Promise<OverdueTaskPageDto> {
    const scope = this.scope(principal, query);
    const limit = query.limit ?? defaultLimit;
    const after = query.cursor
      ? decode(query.cursor, (v) => (isIsoDate(v[0]) && isUuid(v[1]) && typeof v[2] === 'string' && v[2].length <= 100 ? { dueAt: v[0], candidateId: v[1], taskId: v[2] } : undefined))
      : undefined;
    const rows = await this.pipeline.overdue(scope, query.party, after, limit + 1);
    const items: OverdueTaskDto[] = rows.slice(0, limit).map((r) => ({
      candidateId: r.candidate_id,
      taskId: r.task_id,
      type: r.type,
      step: r.step,
      assigneeOrganisationId: r.assignee_organisation_id,
      assigneeName: r.assignee_name ?? '',
      assigneeRole: r.assignee_role,
      dueAt: r.due_at.toISOString(),
      daysOverdue: r.days,
      escalated: r.escalated,
      timeline: timeline(r.candidate_id),
    }));
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return { items, ...(last ? { nextCursor: encode([last.due_at.toISOString(), last.candidate_id, last.task_id]) } : {}) };
  }

  async overdueCsv(principal: Principal, query: PipelineFilterDto & { party?: string; cursor?: string; limit?: number; locale?: 'en' | 'nl' }): Promise<{ csv: string; nextCursor?: string }> {
    const { locale, ...filter } = query;
    const page = await this.overdue(principal, filter, 10000);
    const header = locale === 'nl'
      ? ['jongere (id)', 'taak (id)', 'soort taak', 'stap', 'organisatie (id)', 'organisatie', 'rol', 'uiterlijk op', 'dagen te laat', 'opgeschaald', 'tijdlijn']
      : ['candidate_id', 'task_id', 'type', 'step', 'assignee_organisation_id', 'assignee_name', 'assignee_role', 'due_at', 'days_overdue', 'escalated', 'timeline'];
    const rows = page.items.map((i) => [
      i.candidateId, i.taskId, i.type, i.step, i.assigneeOrganisationId, i.assigneeName, i.assigneeRole, i.dueAt, i.daysOverdue, locale === 'nl' ? (i.escalated ? 'ja' : 'nee') : i.escalated, i.timeline,
    ]);
    return { csv: csvIn(locale, header, rows), nextCursor: page.nextCursor };
  }

  /**
   * Starts a reconciliation of the caller's municipality, once per Idempotency-Key. Its id follows
   * from the key, so a retry finds the same reconciliation and the same workflow.
   */
  reconcile(principal: Principal, request: IdempotentRequest): Promise<Answered<ReconciliationDto>> {
    const municipalityId = this.municipality(principal);
    const id = uuidFrom(`pipeline-reconciliation:${municipalityId}:${request.key}`);
    return this.idempotency.run(principal, request, {
      status: 202,
      write: async (tx) => {
        await this.pipeline.requestReconciliation(tx, id, municipalityId);
        return id;
      },
      answer: async () => {
        // Started unless it is under way or done already (a request of before the key kept its answer).
        if ((await this.pipeline.reconciliation(id, municipalityId))?.status === 'REQUESTED') await this.startReconciliation(id, municipalityId);
        return toReconciliationDto((await this.pipeline.reconciliation(id, municipalityId))!);
      },
    });
  }

  private startReconciliation(id: string, municipalityId: string): Promise<void> {
    return this.journeys.startReconciliation(id, municipalityId);
  }


  async reconciliations(principal: Principal, query: { cursor?: string; limit?: number }): Promise<ReconciliationPageDto> {
    const municipalityId = this.municipality(principal);
    const limit = query.limit ?? 50;
    const after = query.cursor ? decode(query.cursor, (v) => (isIsoDate(v[0]) && isUuid(v[1]) ? { at: v[0], id: v[1] } : undefined)) : undefined;
    const rows = await this.pipeline.reconciliations(municipalityId, after, limit + 1);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return { items: rows.slice(0, limit).map(toReconciliationDto), ...(last ? { nextCursor: encode([last.requested_at.toISOString(), last.id]) } : {}) };
  }

  async reconciliation(principal: Principal, id: string): Promise<ReconciliationDto> {
    const row = await this.pipeline.reconciliation(id, this.municipality(principal));
    if (!row) throw ProblemException.notFound(`There is no reconciliation ${id}.`);
    return toReconciliationDto(row);
  }

  async findings(principal: Principal, id: string, query: { cursor?: string; limit?: number }): Promise<ReconciliationFindingPageDto> {
    await this.reconciliation(principal, id);
    const limit = query.limit ?? 50;
    const after = query.cursor ? decode(query.cursor, (v) => (Number.isInteger(v[0]) && (v[0] as number) >= 0 ? (v[0] as number) : undefined)) : undefined;
    const rows = await this.pipeline.findings(id, after, limit + 1);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return {
      items: rows.slice(0, limit).map((f) => ({
        ...(f.candidate_id ? { candidateId: f.candidate_id, timeline: timeline(f.candidate_id) } : {}),
        kind: f.kind,
        detail: f.detail,
        repaired: f.repaired,
      })),
      ...(last ? { nextCursor: encode([last.n]) } : {}),
    };
  }

  /** Coordinators of a municipality only; everything is scoped to their own municipality. */
  private municipality(principal: Principal): string {
    if (principal.organisationType !== OrganisationType.MUNICIPALITY || !principal.roles.includes('coordinator')) throw forbidden();
    return principal.organisationId;
  }

  private scope(principal: Principal, filter: PipelineFilterDto): PipelineScope {
    const municipalityId = this.municipality(principal);
    if (filter.from && filter.to && filter.from > filter.to) {
      throw ProblemException.validation([{ field: 'to', message: 'to must not be before from', code: 'END_BEFORE_START' }]);
    }
    return {
      municipalityId,
      ...(filter.cohort ? { cohort: filter.cohort } : {}),
      ...(filter.careProvider ? { careProviderId: filter.careProvider } : {}),
      ...(filter.employer ? { employerId: filter.employer } : {}),
      ...(filter.from ? { from: filter.from } : {}),
      ...(filter.to ? { to: filter.to } : {}),
    };
  }
}

/** A list as CSV in the dialect its locale asks for: Dutch Excel for nl, RFC 4180 otherwise. */
function csvIn(locale: 'en' | 'nl' | undefined, header: string[], rows: CsvValue[][]): string {
  return toCsv(header, rows, locale === 'nl' ? DUTCH_EXCEL : RFC_4180);
}

function toReconciliationDto(r: ReconciliationRow): ReconciliationDto {
  return {
    id: r.id,
    trigger: r.trigger,
    status: r.status,
    requestedAt: r.requested_at.toISOString(),
    ...(r.finished_at ? { finishedAt: r.finished_at.toISOString() } : {}),
    journeysChecked: r.journeys_checked,
    driftFound: r.drift_found,
    repaired: r.repaired,
    findingsByKind: r.findings_by_kind ?? {},
    ...(r.error ? { error: r.error } : {}),
    findings: `/pipeline/reconciliations/${r.id}/findings`,
  };
}

/** A UUID (version 8, name-based) from a name: the same name gives the same id. */
function uuidFrom(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function encode(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function decode<T>(cursor: string, check: (values: unknown[]) => T | undefined): T {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    throw badCursor();
  }
  const decoded = Array.isArray(values) ? check(values) : undefined;
  if (decoded === undefined) throw badCursor();
  return decoded;
}

const isUuid = (v: unknown): v is string => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
const isIsoDate = (v: unknown): v is string => typeof v === 'string' && v.length <= 40 && !Number.isNaN(Date.parse(v));
