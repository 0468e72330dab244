import { Context, getClient, heartbeat, sleep } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DataSource, EntityManager } from 'typeorm';
import { journeyWorkflowId } from '../../libs/domain/src/journey';
import type { HumanTask } from '../../libs/domain/src/tasks';
import { JOURNEY_WORKFLOW_TYPE, getJourneyQuery, taskContextQuery, type JourneyView } from '../../workflows/journey/journey.messages';
import type { ReconciliationOutcome, ReconciliationTrigger } from '../../workflows/pipeline/pipeline.messages';

export interface PipelineActivityDeps {
  dataSource: DataSource;
  taskQueue: string;
  /** A client of the Temporal server; inside an activity, the worker's own by default. */
  client?: () => Client;
  /** How long to wait before looking again at a journey that differs (a projection may be on its way). */
  settleMs?: number;
  /** Journeys compared at once (each is one or two workflow queries). */
  concurrency?: number;
}

export interface ReconcileInput {
  reconciliationId: string;
  municipalityId: string;
  trigger: ReconciliationTrigger;
}

export type FindingKind =
  | 'JOURNEY_MISSING'
  | 'JOURNEY_DIFFERS'
  | 'TASK_MISSING'
  | 'TASK_DIFFERS'
  | 'TASK_NOT_OPEN'
  | 'EVENTS_MISSING'
  | 'ORPHAN_JOURNEY'
  | 'QUERY_FAILED'
  | 'DERIVED_DIFFERS'
  | 'AGGREGATE_DIFFERS';

export interface Finding {
  /** The journey; none for a finding about the municipality's aggregates. */
  candidateId?: string;
  kind: FindingKind;
  detail: Record<string, unknown>;
  repaired: boolean;
}

interface JourneyRowRead {
  candidate_id: string;
  municipality_id: string;
  care_provider_id: string | null;
  referrer_organisation_id: string;
  step: string;
  status: string;
  phase: string;
  sequence: number;
  referred_at: Date;
  updated_at: Date;
  employer_ids: string[];
  proposed_route: string | null;
  route: string | null;
  run_count: number;
  current_employer_id: string | null;
}

interface TaskRowRead {
  task_id: string;
  status: string;
  assignee_organisation_id: string;
  assignee_role: string;
  assignee_user_id: string | null;
  due_at: Date | null;
  escalated: boolean;
}

const DERIVED_BATCH = 500;

/**
 * Reconciliation: the workflows are the truth, the read model a projection of them. For each
 * journey of a municipality it asks the workflow (`journey.get`; `journey.taskContext` for a task
 * the read model holds open and the workflow does not) and compares the journey row and its open
 * tasks; visibility lists the workflows, so a journey without a row (or a row without a workflow)
 * is found too. What differs is repaired from the workflow's answer, then the pipeline tables are
 * recomputed from the timeline and compared. Timeline entries the read model lost are reported:
 * the workflow does not keep its timeline, so they cannot be rebuilt from it.
 */
export function createPipelineActivities({ dataSource, taskQueue, client = getClient, settleMs = 300, concurrency = 4 }: PipelineActivityDeps) {
  return {
    async listMunicipalities(): Promise<string[]> {
      const rows: { id: string }[] = await dataSource.query(`SELECT id FROM organisations WHERE type = 'MUNICIPALITY' ORDER BY id`);
      return rows.map((r) => r.id);
    },

    async reconcileMunicipality(input: ReconcileInput): Promise<ReconciliationOutcome> {
      const { reconciliationId: id, municipalityId } = input;
      await dataSource.query(
        `INSERT INTO pipeline_reconciliations (id, municipality_id, trigger, status) VALUES ($1, $2, $3, 'RUNNING')
         ON CONFLICT (id) DO UPDATE SET status = 'RUNNING', finished_at = NULL, error = NULL`,
        [id, municipalityId, input.trigger],
      );
      await dataSource.query(`DELETE FROM pipeline_reconciliation_findings WHERE reconciliation_id = $1`, [id]);
      try {
        const temporal = client();
        const findings: Finding[] = [];
        const workflows = await listJourneyWorkflows(temporal, taskQueue, municipalityId);
        const rows: { candidate_id: string }[] = await dataSource.query(`SELECT candidate_id FROM journeys WHERE municipality_id = $1`, [municipalityId]);
        const ids = [...new Set([...workflows, ...rows.map((r) => r.candidate_id)])].sort();
        let done = 0;
        await inParallel(
          ids,
          concurrency,
          async (candidateId) => {
            findings.push(...(await reconcileJourney(dataSource, temporal, candidateId, workflows.has(candidateId), settleMs)));
            heartbeat({ done: ++done, of: ids.length });
          },
          cancellation(),
        );
        const known = ids.filter((candidateId) => !findings.some((f) => f.candidateId === candidateId && f.kind === 'ORPHAN_JOURNEY'));
        for (let i = 0; i < known.length; i += DERIVED_BATCH) {
          const batch = known.slice(i, i + DERIVED_BATCH);
          findings.push(...(await dataSource.transaction((tx) => refreshDerived(tx, batch))));
          heartbeat({ derived: i });
        }
        findings.push(...(await reconcileAggregates(dataSource, municipalityId)));
        findings.sort((a, b) => (a.candidateId ?? '').localeCompare(b.candidateId ?? '') || a.kind.localeCompare(b.kind));
        const repaired = findings.filter((f) => f.repaired).length;
        await dataSource.transaction(async (tx) => {
          if (findings.length) {
            await tx.query(
              `INSERT INTO pipeline_reconciliation_findings (reconciliation_id, n, candidate_id, kind, detail, repaired)
               SELECT $1, f.n, f.candidate_id, f.kind, f.detail, f.repaired
               FROM jsonb_to_recordset($2::jsonb) AS f(n int, candidate_id uuid, kind text, detail jsonb, repaired boolean)`,
              [id, JSON.stringify(findings.map((f, i) => ({ n: i + 1, candidate_id: f.candidateId ?? null, kind: f.kind, detail: f.detail, repaired: f.repaired })))],
            );
          }
          await tx.query(
            `UPDATE pipeline_reconciliations SET status = 'DONE', finished_at = now(), journeys_checked = $2, drift_found = $3, repaired = $4 WHERE id = $1`,
            [id, ids.length, findings.length, repaired],
          );
        });
        return { reconciliationId: id, municipalityId, journeysChecked: ids.length, driftFound: findings.length, repaired };
      } catch (error) {
        await dataSource
          .query(`UPDATE pipeline_reconciliations SET status = 'FAILED', finished_at = now(), error = $2 WHERE id = $1`, [id, String(error).slice(0, 500)])
          .catch(() => undefined);
        throw error;
      }
    },
  };
}

export type PipelineActivities = ReturnType<typeof createPipelineActivities>;

/** The candidate ids of the municipality's journey workflows, as visibility knows them. */
async function listJourneyWorkflows(temporal: Client, taskQueue: string, municipalityId: string): Promise<Set<string>> {
  const found = new Set<string>();
  const query = `WorkflowType = '${JOURNEY_WORKFLOW_TYPE}' AND TaskQueue = '${taskQueue}' AND MunicipalityId = '${municipalityId}'`;
  for await (const wf of temporal.workflow.list({ query })) {
    if (wf.workflowId.startsWith('journey-')) found.add(wf.workflowId.slice('journey-'.length));
  }
  return found;
}

async function reconcileJourney(dataSource: DataSource, temporal: Client, candidateId: string, listed: boolean, settleMs: number): Promise<Finding[]> {
  const handle = temporal.workflow.getHandle(journeyWorkflowId(candidateId));
  // Visibility lags: a workflow it does not list yet may still exist.
  if (!listed) {
    try {
      await handle.describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return [{ candidateId, kind: 'ORPHAN_JOURNEY', detail: { reason: 'no workflow for this journey' }, repaired: false }];
      throw error;
    }
  }

  const look = async () => {
    const view = await handle.query(getJourneyQuery);
    const [row, tasks] = await Promise.all([readJourney(dataSource, candidateId), readOpenTasks(dataSource, candidateId)]);
    return { view, row, tasks, diff: compare(view, row, tasks, await expectedEmployer(dataSource, view)) };
  };

  let seen: Awaited<ReturnType<typeof look>>;
  try {
    seen = await look();
    // A projection may be on its way (the workflow changes first, then writes): look once more.
    if (seen.diff.journey.length || seen.diff.missingTasks.length || seen.diff.differingTasks.length || seen.diff.notOpen.length || !seen.row) {
      await sleep(settleMs);
      seen = await look();
    }
  } catch (error) {
    return [{ candidateId, kind: 'QUERY_FAILED', detail: { error: String(error).slice(0, 200) }, repaired: false }];
  }

  const { view, row, diff } = seen;
  const closedTasks = new Map<string, HumanTask | undefined>();
  for (const taskId of diff.notOpen) {
    closedTasks.set(taskId, await handle.query(taskContextQuery, taskId).then((c) => c?.task).catch(() => undefined));
  }

  const needsRepair = !row || diff.journey.length || diff.missingTasks.length || diff.differingTasks.length || diff.notOpen.length;
  let candidateKnown = true;
  const findings: Finding[] = [];
  if (needsRepair) {
    candidateKnown = (await dataSource.query(`SELECT 1 FROM candidates WHERE id = $1`, [candidateId])).length > 0;
    if (candidateKnown) {
      await dataSource.transaction(async (tx) => {
        await tx.query(`SELECT 1 FROM journeys WHERE candidate_id = $1 FOR UPDATE`, [candidateId]);
        await repairJourney(tx, view, await expectedEmployer(dataSource, view));
        const tasks = [
          ...view.openTasks.filter((t) => diff.missingTasks.includes(t.id) || diff.differingTasks.some((d) => d.taskId === t.id)),
          ...[...closedTasks.values()].filter((t): t is HumanTask => !!t),
        ];
        if (tasks.length) await repairTasks(tx, candidateId, view.sequence, tasks);
        findings.push(...(await refreshDerived(tx, [candidateId])));
      });
    }
  }

  if (!row) findings.push({ candidateId, kind: 'JOURNEY_MISSING', detail: candidateKnown ? {} : { reason: 'no candidate record' }, repaired: candidateKnown });
  else if (diff.journey.length) {
    findings.push({ candidateId, kind: 'JOURNEY_DIFFERS', detail: { fields: Object.fromEntries(diff.journey.map((d) => [d.field, { readModel: d.readModel, workflow: d.workflow }])) }, repaired: candidateKnown });
  }
  for (const taskId of diff.missingTasks) findings.push({ candidateId, kind: 'TASK_MISSING', detail: { taskId }, repaired: candidateKnown });
  for (const d of diff.differingTasks) findings.push({ candidateId, kind: 'TASK_DIFFERS', detail: d, repaired: candidateKnown });
  for (const taskId of diff.notOpen) {
    const actual = closedTasks.get(taskId);
    findings.push({ candidateId, kind: 'TASK_NOT_OPEN', detail: { taskId, workflowStatus: actual?.status ?? 'UNKNOWN' }, repaired: candidateKnown && !!actual });
  }

  const [{ n }]: { n: number }[] = await dataSource.query(`SELECT count(*)::int AS n FROM journey_events WHERE candidate_id = $1 AND sequence <= $2`, [candidateId, view.sequence]);
  if (n < view.sequence) findings.push({ candidateId, kind: 'EVENTS_MISSING', detail: { missing: view.sequence - n, sequence: view.sequence }, repaired: false });
  return findings;
}

interface Diff {
  journey: { field: string; readModel: unknown; workflow: unknown }[];
  missingTasks: string[];
  differingTasks: { taskId: string; fields: Record<string, { readModel: unknown; workflow: unknown }> }[];
  /** Open in the read model, not open in the workflow. */
  notOpen: string[];
}

function compare(view: JourneyView, row: JourneyRowRead | undefined, tasks: TaskRowRead[], employer: string | null): Diff {
  const diff: Diff = { journey: [], missingTasks: [], differingTasks: [], notOpen: [] };
  if (row) {
    const pairs: [string, unknown, unknown][] = [
      ['step', row.step, view.step],
      ['status', row.status, view.status],
      ['phase', row.phase, view.phase],
      ['sequence', row.sequence, view.sequence],
      ['careProviderId', row.care_provider_id, view.careProviderId ?? null],
      ['updatedAt', row.updated_at.toISOString(), new Date(view.updatedAt).toISOString()],
      ['employerIds', row.employer_ids.join(','), view.employerIds.join(',')],
      ['proposedRoute', row.proposed_route, view.proposedRoute ?? null],
      ['route', row.route, view.route ?? null],
      ['runCount', row.run_count, view.runCount],
      ['currentEmployerId', row.current_employer_id, employer],
    ];
    for (const [field, readModel, workflow] of pairs) if (readModel !== workflow) diff.journey.push({ field, readModel, workflow });
  }
  const byId = new Map(tasks.map((t) => [t.task_id, t]));
  for (const t of view.openTasks) {
    const r = byId.get(t.id);
    if (!r) {
      diff.missingTasks.push(t.id);
      continue;
    }
    const fields: Record<string, { readModel: unknown; workflow: unknown }> = {};
    const check = (field: string, readModel: unknown, workflow: unknown): void => {
      if (readModel !== workflow) fields[field] = { readModel, workflow };
    };
    check('status', r.status, t.status);
    check('assigneeOrganisationId', r.assignee_organisation_id, t.assignee.organisationId);
    check('assigneeRole', r.assignee_role, t.assignee.role);
    check('assigneeUserId', r.assignee_user_id, t.assignee.userId ?? null);
    check('dueAt', r.due_at?.toISOString() ?? null, t.dueAt ? new Date(t.dueAt).toISOString() : null);
    check('escalated', r.escalated, t.escalated);
    if (Object.keys(fields).length) diff.differingTasks.push({ taskId: t.id, fields });
  }
  const open = new Set(view.openTasks.map((t) => t.id));
  for (const r of tasks) if ((r.status === 'OPEN' || r.status === 'CLAIMED') && !open.has(r.task_id)) diff.notOpen.push(r.task_id);
  return diff;
}

/**
 * The employer of the running placement or job, which the workflow's view does not carry: for
 * paid work, the employer of the last paid-work attempt; for a running placement, the employer
 * the timeline's move into it names.
 */
async function expectedEmployer(dataSource: DataSource, view: JourneyView): Promise<string | null> {
  if (view.step === 'PAID_WORK') return [...view.attempts].reverse().find((a) => a.outcome === 'PAID_WORK')?.employerId ?? null;
  if (view.step !== 'PLACEMENT_RUNNING') return null;
  const rows: { employer_id: string | null }[] = await dataSource.query(
    `SELECT data->>'employerId' AS employer_id FROM journey_events
     WHERE candidate_id = $1 AND type = 'journey.moved' AND data->>'to' = 'PLACEMENT_RUNNING' ORDER BY sequence DESC LIMIT 1`,
    [view.candidateId],
  );
  return rows[0]?.employer_id ?? null;
}

async function readJourney(dataSource: DataSource, candidateId: string): Promise<JourneyRowRead | undefined> {
  const rows: JourneyRowRead[] = await dataSource.query(`SELECT * FROM journeys WHERE candidate_id = $1`, [candidateId]);
  return rows[0];
}

function readOpenTasks(dataSource: DataSource, candidateId: string): Promise<TaskRowRead[]> {
  // Every task the read model holds open, and every task the workflow might hold open.
  return dataSource.query(
    `SELECT task_id, status, assignee_organisation_id, assignee_role, assignee_user_id, due_at, escalated FROM human_tasks WHERE candidate_id = $1`,
    [candidateId],
  );
}

/** Writes the workflow's view of the journey, unless a projection has written a later one meanwhile. */
async function repairJourney(tx: EntityManager, v: JourneyView, currentEmployerId: string | null): Promise<void> {
  await tx.query(
    `INSERT INTO journeys (candidate_id, workflow_id, municipality_id, care_provider_id, referrer_organisation_id, step, status,
                           phase, sequence, referred_at, updated_at, employer_ids, proposed_route, route, run_count, current_employer_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (candidate_id) DO UPDATE SET
       care_provider_id = EXCLUDED.care_provider_id, referrer_organisation_id = EXCLUDED.referrer_organisation_id, step = EXCLUDED.step,
       status = EXCLUDED.status, phase = EXCLUDED.phase, sequence = EXCLUDED.sequence, referred_at = EXCLUDED.referred_at,
       updated_at = EXCLUDED.updated_at, employer_ids = EXCLUDED.employer_ids, proposed_route = EXCLUDED.proposed_route,
       route = EXCLUDED.route, run_count = EXCLUDED.run_count, current_employer_id = EXCLUDED.current_employer_id
     WHERE journeys.sequence <= EXCLUDED.sequence`,
    [
      v.candidateId,
      journeyWorkflowId(v.candidateId),
      v.municipalityId,
      v.careProviderId ?? null,
      v.referrerOrganisationId,
      v.step,
      v.status,
      v.phase,
      v.sequence,
      v.referredAt,
      v.updatedAt,
      v.employerIds,
      v.proposedRoute ?? null,
      v.route ?? null,
      v.runCount,
      currentEmployerId,
    ],
  );
}

async function repairTasks(tx: EntityManager, candidateId: string, sequence: number, tasks: HumanTask[]): Promise<void> {
  await tx.query(
    `INSERT INTO human_tasks (candidate_id, task_id, type, step, status, assignee_organisation_id, assignee_role, assignee_user_id,
                              due_at, escalated, created_at, closed_at, completed_by_organisation_id, completed_by_user_id, sequence)
     SELECT $1, t.task_id, t.type, t.step, t.status, t.assignee_organisation_id, t.assignee_role, t.assignee_user_id, t.due_at,
            t.escalated, t.created_at, t.closed_at, t.completed_by_organisation_id, t.completed_by_user_id, $3
     FROM jsonb_to_recordset($2::jsonb) AS t(task_id text, type text, step text, status text, assignee_organisation_id uuid,
            assignee_role text, assignee_user_id text, due_at timestamptz, escalated boolean, created_at timestamptz,
            closed_at timestamptz, completed_by_organisation_id uuid, completed_by_user_id text)
     ON CONFLICT (candidate_id, task_id) DO UPDATE SET
       status = EXCLUDED.status, assignee_organisation_id = EXCLUDED.assignee_organisation_id, assignee_role = EXCLUDED.assignee_role,
       assignee_user_id = EXCLUDED.assignee_user_id, due_at = EXCLUDED.due_at, escalated = EXCLUDED.escalated,
       closed_at = EXCLUDED.closed_at, completed_by_organisation_id = EXCLUDED.completed_by_organisation_id,
       completed_by_user_id = EXCLUDED.completed_by_user_id, sequence = EXCLUDED.sequence
     WHERE human_tasks.sequence <= EXCLUDED.sequence`,
    [
      candidateId,
      JSON.stringify(
        tasks.map((t) => ({
          task_id: t.id,
          type: t.type,
          step: t.step,
          status: t.status,
          assignee_organisation_id: t.assignee.organisationId,
          assignee_role: t.assignee.role,
          assignee_user_id: t.assignee.userId ?? null,
          due_at: t.dueAt ?? null,
          escalated: t.escalated,
          created_at: t.createdAt,
          closed_at: t.closedAt ?? null,
          completed_by_organisation_id: t.completedBy?.organisationId ?? null,
          completed_by_user_id: t.completedBy?.userId ?? null,
        })),
      ),
      sequence,
    ],
  );
}

/**
 * Compares the municipality's summary aggregates with their recomputation from the pipeline
 * tables and tasks (in one snapshot), and rebuilds them when any differs.
 */
async function reconcileAggregates(dataSource: DataSource, municipalityId: string): Promise<Finding[]> {
  const drift: { aggregate: string; differing: number }[] = await dataSource.query(
    `SELECT aggregate, differing FROM pipeline_aggregates_drift($1) WHERE differing > 0 ORDER BY aggregate`,
    [municipalityId],
  );
  if (!drift.length) return [];
  await dataSource.transaction((tx) => tx.query(`SELECT pipeline_aggregates_rebuild($1)`, [municipalityId]));
  return [{ kind: 'AGGREGATE_DIFFERS', detail: { rowsDiffering: Object.fromEntries(drift.map((d) => [d.aggregate, d.differing])) }, repaired: true }];
}

/**
 * Recomputes the pipeline tables of these journeys from their timelines (in the caller's
 * transaction) and reports each journey whose rows were not what the timeline says (they are then).
 */
async function refreshDerived(tx: EntityManager, ids: string[]): Promise<Finding[]> {
  const tables = ['pipeline_step_visits', 'pipeline_outcomes', 'pipeline_progress'];
  for (const table of tables) {
    await tx.query(`CREATE TEMP TABLE before_${table} ON COMMIT DROP AS SELECT * FROM ${table} WHERE candidate_id = ANY ($1::uuid[])`, [ids]);
  }
  await tx.query(`SELECT pipeline_refresh($1::uuid[])`, [ids]);
  const differing: { candidate_id: string; table_name: string }[] = await tx.query(
    tables
      .map(
        (table) => `SELECT DISTINCT candidate_id, '${table}' AS table_name FROM (
          (SELECT * FROM before_${table} EXCEPT SELECT * FROM ${table} WHERE candidate_id = ANY ($1::uuid[]))
          UNION ALL
          (SELECT * FROM ${table} WHERE candidate_id = ANY ($1::uuid[]) EXCEPT SELECT * FROM before_${table})) d`,
      )
      .join(' UNION ALL '),
    [ids],
  );
  const byJourney = new Map<string, string[]>();
  for (const d of differing) byJourney.set(d.candidate_id, [...(byJourney.get(d.candidate_id) ?? []), d.table_name]);
  for (const table of tables) await tx.query(`DROP TABLE before_${table}`);
  return [...byJourney].map(([candidateId, changed]) => ({ candidateId, kind: 'DERIVED_DIFFERS' as const, detail: { tables: changed.sort() }, repaired: true }));
}

async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>, cancelled?: Promise<never>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await (cancelled ? Promise.race([fn(items[next++]), cancelled]) : fn(items[next++]));
    }),
  );
}

/**
 * Rejects when the activity is cancelled (a worker shutting down cancels it at once): a journey's
 * query may wait on this very worker, so the loop must stop instead of waiting for it.
 */
function cancellation(): Promise<never> | undefined {
  try {
    const cancelled = Context.current().cancelled;
    cancelled.catch(() => undefined);
    return cancelled;
  } catch {
    return undefined; // called outside an activity (tests)
  }
}
