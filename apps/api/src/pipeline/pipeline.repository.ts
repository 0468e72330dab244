import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { committed } from '../../../../libs/database/src/read-model/committed';
import { isOpenJourney, isOpenTask } from '../../../../libs/database/src/sql/conditions';

/** Which journeys (of one municipality) and which period. */
export interface PipelineScope {
  municipalityId: string;
  cohort?: string;
  careProviderId?: string;
  employerId?: string;
  from?: string;
  to?: string;
}

const OPEN_TASK = isOpenTask();

/**
 * SQL for the selected journeys, as a CTE named `sel`. Every query reads the journey rows of one
 * municipality (index on municipality_id + the filter) and joins the compact pipeline tables by
 * primary key; none reads journey_events.
 */
class Query {
  readonly params: unknown[] = [];

  constructor(readonly scope: PipelineScope) {
    this.params.push(scope.municipalityId);
  }

  /** True when a filter narrows the journeys (cohort, care provider, employer); the period does not. */
  get journeysFiltered(): boolean {
    return Boolean(this.scope.cohort || this.scope.careProviderId || this.scope.employerId);
  }

  /** True when the aggregates can answer: they are kept per municipality and cohort, not per party. */
  get aggregated(): boolean {
    return !this.scope.careProviderId && !this.scope.employerId;
  }

  private month?: string;

  /** The parameter holding the cohort's first day (added once). */
  private cohortMonth(cohort: string): string {
    this.month ??= this.param(`${cohort}-01`);
    return this.month;
  }

  /** An aggregate's cohort condition (`AND cohort = ...`), or nothing without the filter. */
  cohortOf(): string {
    return this.scope.cohort ? `AND cohort = ${this.cohortMonth(this.scope.cohort)}::date` : '';
  }

  /** The journey `alias` referred in the cohort's month, or nothing without the filter. */
  referredIn(alias: string): string {
    if (!this.scope.cohort) return '';
    const month = this.cohortMonth(this.scope.cohort);
    return `AND ${alias}.referred_at >= (${month}::date)::timestamp AT TIME ZONE 'Europe/Amsterdam'
            AND ${alias}.referred_at < ((${month}::date) + interval '1 month')::timestamp AT TIME ZONE 'Europe/Amsterdam'`;
  }

  get hasPeriod(): boolean {
    return Boolean(this.scope.from || this.scope.to);
  }

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  selection(): string {
    const s = this.scope;
    const care = s.careProviderId ? `AND care_provider_id = ${this.param(s.careProviderId)}::uuid` : '';
    const employer = s.employerId ? `AND employer_ids @> ARRAY[${this.param(s.employerId)}::uuid]` : '';
    return `sel AS (
      SELECT candidate_id, step, status, care_provider_id, referrer_organisation_id, employer_ids, current_employer_id, referred_at
      FROM journeys WHERE municipality_id = $1 ${this.referredIn('journeys')} ${care} ${employer})`;
  }

  /** `column` within the period, or TRUE without one. */
  period(column: string): string {
    const parts: string[] = [];
    if (this.scope.from) parts.push(`${column} >= (${this.param(this.scope.from)}::date)::timestamp AT TIME ZONE 'Europe/Amsterdam'`);
    if (this.scope.to) parts.push(`${column} < ((${this.param(this.scope.to)}::date) + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam'`);
    return parts.length ? parts.join(' AND ') : 'TRUE';
  }

  /** An aggregate's `day` (an Amsterdam date) within the period, or TRUE without one. */
  periodDays(column: string): string {
    const parts: string[] = [];
    if (this.scope.from) parts.push(`${column} >= ${this.param(this.scope.from)}::date`);
    if (this.scope.to) parts.push(`${column} <= ${this.param(this.scope.to)}::date`);
    return parts.length ? parts.join(' AND ') : 'TRUE';
  }

  /** Rows of a pipeline table (alias `alias`) of the selected journeys: a join with `sel` only when journeys are filtered. */
  selected(table: string, alias: string): string {
    return this.journeysFiltered ? `${table} ${alias} JOIN sel ON sel.candidate_id = ${alias}.candidate_id` : `${table} ${alias}`;
  }

  /** `WITH sel AS (...),` when journeys are filtered, else `WITH`. */
  with(): string {
    return this.journeysFiltered ? `WITH ${this.selection()},` : 'WITH';
  }
}

/** Stays of `n` journeys in `step` that lasted `hours` (rounded). */
export interface StayBucket {
  step: string;
  hours: number;
  n: number;
}

export interface StuckRow {
  candidate_id: string;
  step: string;
  status: string;
  care_provider_id: string | null;
  current_employer_id: string | null;
  referred_at: Date;
  last_progress_at: Date;
  days: number;
  open_tasks: number;
  overdue_tasks: number;
  waiting_on: string[];
}

export interface OverdueRow {
  candidate_id: string;
  task_id: string;
  type: string;
  step: string;
  assignee_organisation_id: string;
  assignee_name: string | null;
  assignee_role: string;
  due_at: Date;
  days: number;
  escalated: boolean;
}

export interface ReconciliationRow {
  id: string;
  municipality_id: string;
  trigger: string;
  status: string;
  requested_at: Date;
  finished_at: Date | null;
  journeys_checked: number;
  drift_found: number;
  repaired: number;
  error: string | null;
  findings_by_kind: Record<string, number> | null;
}

@Injectable()
export class PipelineRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Journeys per step and status (now). */
  stepCounts(scope: PipelineScope): Promise<{ step: string; status: string; n: number }[]> {
    const q = new Query(scope);
    if (q.aggregated) {
      return this.dataSource.query(
        `SELECT step, status, sum(n)::int AS n FROM pipeline_agg_phases_all WHERE municipality_id = $1 ${q.cohortOf()} GROUP BY step, status HAVING sum(n) <> 0`,
        q.params,
      );
    }
    return this.dataSource.query(`WITH ${q.selection()} SELECT step, status, count(*)::int AS n FROM sel GROUP BY step, status`, q.params);
  }

  /** Open journeys per step for each care provider, school (as referrer) and employer taking part. */
  partyCounts(scope: PipelineScope): Promise<{ kind: string; organisation_id: string; name: string | null; venue_kind: string | null; step: string; n: number; placed: number }[]> {
    const q = new Query(scope);
    if (q.aggregated) {
      return this.dataSource.query(
        `WITH c AS (
           SELECT kind, organisation_id, step, sum(n)::int AS n, sum(placed)::int AS placed FROM pipeline_agg_parties_all
           WHERE municipality_id = $1 ${q.cohortOf()} GROUP BY kind, organisation_id, step HAVING sum(n) <> 0)
         SELECT c.kind, c.organisation_id, org.name, org.venue_kind, c.step, c.n, c.placed
         FROM c LEFT JOIN organisations org ON org.id = c.organisation_id
         ORDER BY c.kind, org.name, c.organisation_id, c.step`,
        q.params,
      );
    }
    return this.dataSource.query(
      `WITH ${q.selection()}, open AS (SELECT * FROM sel WHERE ${isOpenJourney()}),
       counts AS (
         SELECT 'CARE_PROVIDER' AS kind, care_provider_id AS organisation_id, step, count(*)::int AS n, 0 AS placed
         FROM open WHERE care_provider_id IS NOT NULL GROUP BY care_provider_id, step
         UNION ALL
         SELECT 'SCHOOL', o.referrer_organisation_id, o.step, count(*)::int, 0
         FROM open o JOIN organisations r ON r.id = o.referrer_organisation_id AND r.type = 'SCHOOL' GROUP BY o.referrer_organisation_id, o.step
         UNION ALL
         SELECT 'EMPLOYER', e.id, o.step, count(*)::int, count(*) FILTER (WHERE o.current_employer_id = e.id)::int
         FROM open o CROSS JOIN LATERAL unnest(o.employer_ids) AS e(id) GROUP BY e.id, o.step
       )
       SELECT c.kind, c.organisation_id, org.name, org.venue_kind, c.step, c.n, c.placed
       FROM counts c LEFT JOIN organisations org ON org.id = c.organisation_id
       ORDER BY c.kind, org.name, c.organisation_id, c.step`,
      q.params,
    );
  }

  /** First arrivals per step (within the period, when given). */
  arrivals(scope: PipelineScope): Promise<{ step: string; n: number }[]> {
    const q = new Query(scope);
    if (q.aggregated) {
      return this.dataSource.query(
        `SELECT step, sum(n)::int AS n FROM pipeline_agg_arrivals_all WHERE municipality_id = $1 ${q.cohortOf()} AND ${q.periodDays('day')}
         GROUP BY step HAVING sum(n) <> 0`,
        q.params,
      );
    }
    return this.dataSource.query(
      `WITH ${q.selection()} SELECT v.step, count(*)::int AS n
       FROM pipeline_step_visits v JOIN sel ON sel.candidate_id = v.candidate_id
       WHERE v.municipality_id = $1 AND v.first_visit AND ${q.period('v.entered_at')}
       GROUP BY v.step`,
      q.params,
    );
  }

  /**
   * The stays that ended by moving on (left within the period, when given), counted per step and
   * length in whole hours: the service takes the median and p90 from it.
   */
  stayHistogram(scope: PipelineScope): Promise<StayBucket[]> {
    const q = new Query(scope);
    if (q.aggregated && !q.hasPeriod) {
      return this.dataSource.query(
        `SELECT step, hours, sum(n)::int AS n FROM pipeline_agg_stays_all WHERE municipality_id = $1 ${q.cohortOf()}
         GROUP BY step, hours HAVING sum(n) <> 0 ORDER BY step, hours`,
        q.params,
      );
    }
    return this.dataSource.query(
      `${q.with()} stays AS (
         SELECT v.step, pipeline_stay_hours(v.entered_at, v.left_at) AS hours
         FROM ${q.selected('pipeline_step_visits', 'v')}
         WHERE v.municipality_id = $1 AND v.next_step IS NOT NULL AND ${q.period('v.left_at')})
       SELECT step, hours, count(*)::int AS n FROM stays GROUP BY step, hours ORDER BY step, hours`,
      q.params,
    );
  }

  /** Outcomes per kind (and route), within the period when given. */
  outcomes(scope: PipelineScope): Promise<{ kind: string; route: string | null; n: number }[]> {
    const q = new Query(scope);
    if (q.aggregated) {
      return this.dataSource.query(
        `SELECT kind, nullif(route, '') AS route, sum(n)::int AS n FROM pipeline_agg_outcomes_all
         WHERE municipality_id = $1 ${q.cohortOf()} AND ${q.periodDays('day')} GROUP BY kind, route HAVING sum(n) <> 0`,
        q.params,
      );
    }
    return this.dataSource.query(
      `WITH ${q.selection()} SELECT o.kind, o.route, count(*)::int AS n
       FROM pipeline_outcomes o JOIN sel ON sel.candidate_id = o.candidate_id
       WHERE o.municipality_id = $1 AND ${q.period('o.occurred_at')}
       GROUP BY o.kind, o.route`,
      q.params,
    );
  }

  /** Open, overdue and escalated tasks of the selected journeys per assignee organisation (now). */
  taskCounts(scope: PipelineScope): Promise<{ organisation_id: string; name: string | null; type: string | null; open: number; overdue: number; escalated: number }[]> {
    const q = new Query(scope);
    if (q.aggregated) {
      // Overdue: open tasks due on an earlier (UTC) day, from the aggregate, plus those due today
      // before now, from the open-task index (a day's worth at most).
      return this.dataSource.query(
        `WITH counts AS (
           SELECT organisation_id, sum(open)::int AS open, sum(escalated)::int AS escalated,
                  coalesce(sum(open) FILTER (WHERE due_day < (now() AT TIME ZONE 'UTC')::date), 0)::int AS overdue
           FROM pipeline_agg_tasks_all WHERE municipality_id = $1 ${q.cohortOf()} GROUP BY organisation_id HAVING sum(open) <> 0),
         today AS (
           SELECT t.assignee_organisation_id AS organisation_id, count(*)::int AS n
           FROM human_tasks t JOIN journeys j ON j.candidate_id = t.candidate_id
           WHERE t.${OPEN_TASK} AND t.due_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AND t.due_at < now()
             AND j.municipality_id = $1 ${q.referredIn('j')}
           GROUP BY t.assignee_organisation_id)
         SELECT c.organisation_id, c.open, c.overdue + coalesce(d.n, 0) AS overdue, c.escalated, o.name, o.type
         FROM counts c LEFT JOIN today d ON d.organisation_id = c.organisation_id LEFT JOIN organisations o ON o.id = c.organisation_id
         ORDER BY o.type, o.name, c.organisation_id`,
        q.params,
      );
    }
    return this.dataSource.query(
      `WITH ${q.selection()}, counts AS (
         SELECT t.assignee_organisation_id AS organisation_id, count(*)::int AS open,
                count(*) FILTER (WHERE t.due_at < now())::int AS overdue, count(*) FILTER (WHERE t.escalated)::int AS escalated
         FROM human_tasks t JOIN sel ON sel.candidate_id = t.candidate_id
         WHERE t.${OPEN_TASK} GROUP BY t.assignee_organisation_id)
       SELECT c.*, o.name, o.type FROM counts c LEFT JOIN organisations o ON o.id = c.organisation_id
       ORDER BY o.type, o.name, c.organisation_id`,
      q.params,
    );
  }

  /** Active journeys without progress since `before`, oldest first (keyset pagination). */
  stuck(scope: PipelineScope, days: number, after: { at: string; candidateId: string } | undefined, limit: number): Promise<StuckRow[]> {
    const q = new Query(scope);
    const sel = q.selection();
    const threshold = q.param(days);
    const keyset = after ? `AND (p.last_progress_at, p.candidate_id) > (${q.param(after.at)}::timestamptz, ${q.param(after.candidateId)}::uuid)` : '';
    const lim = q.param(limit);
    return this.dataSource.query(
      `WITH ${sel}
       SELECT sel.candidate_id, sel.step, sel.status, sel.care_provider_id, sel.current_employer_id, sel.referred_at, p.last_progress_at,
              floor(extract(epoch FROM now() - p.last_progress_at) / 86400)::int AS days,
              coalesce(t.open_tasks, 0) AS open_tasks, coalesce(t.overdue_tasks, 0) AS overdue_tasks, coalesce(t.waiting_on, '{}') AS waiting_on
       FROM pipeline_progress p JOIN sel ON sel.candidate_id = p.candidate_id
       LEFT JOIN LATERAL (
         SELECT count(*)::int AS open_tasks, count(*) FILTER (WHERE due_at < now())::int AS overdue_tasks,
                array_agg(DISTINCT assignee_organisation_id::text ORDER BY assignee_organisation_id::text) AS waiting_on
         FROM human_tasks WHERE candidate_id = p.candidate_id AND ${OPEN_TASK}) t ON TRUE
       WHERE p.municipality_id = $1 AND sel.status = 'ACTIVE' AND p.last_progress_at < now() - make_interval(days => ${threshold}::int) ${keyset}
       ORDER BY p.last_progress_at, p.candidate_id LIMIT ${lim}`,
      q.params,
    );
  }

  /** Open tasks past their due date, longest overdue first (keyset pagination). */
  overdue(scope: PipelineScope, party: string | undefined, after: { dueAt: string; candidateId: string; taskId: string } | undefined, limit: number): Promise<OverdueRow[]> {
    const q = new Query(scope);
    const sel = q.selection();
    const byParty = party ? `AND t.assignee_organisation_id = ${q.param(party)}::uuid` : '';
    const keyset = after
      ? `AND (t.due_at, t.candidate_id, t.task_id) > (${q.param(after.dueAt)}::timestamptz, ${q.param(after.candidateId)}::uuid, ${q.param(after.taskId)})`
      : '';
    const lim = q.param(limit);
    return this.dataSource.query(
      `WITH ${sel}
       SELECT t.candidate_id, t.task_id, t.type, t.step, t.assignee_organisation_id, o.name AS assignee_name, t.assignee_role, t.due_at,
              floor(extract(epoch FROM now() - t.due_at) / 86400)::int AS days, t.escalated
       FROM human_tasks t JOIN sel ON sel.candidate_id = t.candidate_id
       LEFT JOIN organisations o ON o.id = t.assignee_organisation_id
       WHERE t.${OPEN_TASK} AND t.due_at < now() AND ${committed('t')} ${byParty} ${keyset}
       ORDER BY t.due_at, t.candidate_id, t.task_id LIMIT ${lim}`,
      q.params,
    );
  }

  /** Records an on-demand reconciliation once per id (a retried request finds the first). */
  async requestReconciliation(tx: EntityManager, id: string, municipalityId: string): Promise<void> {
    await tx.query(
      `INSERT INTO pipeline_reconciliations (id, municipality_id, trigger, status) VALUES ($1, $2, 'ON_DEMAND', 'REQUESTED') ON CONFLICT (id) DO NOTHING`,
      [id, municipalityId],
    );
  }

  private reconciliationSelect(where: string): string {
    return `SELECT r.*, (SELECT jsonb_object_agg(kind, n) FROM (SELECT kind, count(*)::int AS n FROM pipeline_reconciliation_findings f
                                                               WHERE f.reconciliation_id = r.id GROUP BY kind) k) AS findings_by_kind
            FROM pipeline_reconciliations r WHERE ${where}`;
  }

  async reconciliation(id: string, municipalityId: string): Promise<ReconciliationRow | undefined> {
    const rows: ReconciliationRow[] = await this.dataSource.query(this.reconciliationSelect('r.id = $1 AND r.municipality_id = $2'), [id, municipalityId]);
    return rows[0];
  }

  reconciliations(municipalityId: string, after: { at: string; id: string } | undefined, limit: number): Promise<ReconciliationRow[]> {
    const params: unknown[] = [municipalityId];
    let where = 'r.municipality_id = $1';
    if (after) {
      params.push(after.at, after.id);
      where += ` AND (r.requested_at, r.id) < ($2::timestamptz, $3::uuid)`;
    }
    params.push(limit);
    return this.dataSource.query(`${this.reconciliationSelect(where)} ORDER BY r.requested_at DESC, r.id DESC LIMIT $${params.length}`, params);
  }

  findings(id: string, after: number | undefined, limit: number): Promise<{ n: number; candidate_id: string | null; kind: string; detail: Record<string, unknown>; repaired: boolean }[]> {
    return this.dataSource.query(
      `SELECT n, candidate_id, kind, detail, repaired FROM pipeline_reconciliation_findings WHERE reconciliation_id = $1 AND n > $2 ORDER BY n LIMIT $3`,
      [id, after ?? 0, limit],
    );
  }
}
