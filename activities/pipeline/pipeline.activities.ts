import { Context, getClient, heartbeat, sleep } from '@temporalio/activity';
import type { DataSource, EntityManager } from 'typeorm';
import { writeJourneyProjection } from '../../libs/database/src/read-model/journey-projection.writer';
import { CandidatesRepository } from '../../libs/database/src/repositories/candidates.repository';
import { OrganisationsRepository } from '../../libs/database/src/repositories/organisations.repository';
import { PipelineAggregatesRepository } from '../../libs/database/src/repositories/pipeline-aggregates.repository';
import { journeyRow, taskRow, timelineDigest, timelineEntryOfRow, TIMELINE_ROW_COLUMNS, type JourneyProjection, type TimelineRow } from '../../libs/domain/src/read-model';
import type { HumanTask } from '../../libs/domain/src/tasks';
import { isWorkflowNotFound } from '../../libs/temporal/src/errors';
import type { JourneyView } from '../../libs/contracts/src/workflows/journey.messages';
import type { ReconciliationOutcome, ReconciliationTrigger } from '../../libs/contracts/src/workflows/pipeline.messages';
import { JourneyClient } from '../../libs/temporal/src/journeys';
import { METRICS } from '../../libs/config/src/metrics';
import { activityMetrics } from '../activity-metrics';

export interface PipelineActivityDeps {
  dataSource: DataSource;
  taskQueue: string;
  /** The journeys as Temporal has them; inside an activity, through the worker's own client by default. */
  journeys?: () => JourneyClient;
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
  | 'EVENTS_BEYOND'
  | 'TIMELINE_DIFFERS'
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
 * journey of a municipality (visibility lists the workflows, the read model its rows, so a journey
 * without a row and a row without a workflow are both found) it asks the workflow (`journey.get`)
 * and compares the journey row, the open tasks both ways, and the timeline: no entry after the
 * workflow's sequence, none missing before it, and the digest the workflow keeps of it. What
 * differs is repaired by the workflow writing its committed state again through the projection
 * (`journey.reproject`; a closed journey from its final answer, through the same row writer), and
 * read back: a finding is reported repaired only when the read model then agrees. Timeline entries
 * the read model lost are reported: the workflow does not keep its timeline. Then the pipeline
 * tables are recomputed from the timelines, and the aggregates compared with their recomputation.
 */
export function createPipelineActivities({ dataSource, taskQueue, journeys = () => new JourneyClient(getClient(), taskQueue), settleMs = 300, concurrency = 4 }: PipelineActivityDeps) {
  return {
    async listMunicipalities(): Promise<string[]> {
      return new OrganisationsRepository(dataSource).municipalityIds();
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
        const temporal = journeys();
        const findings: Finding[] = [];
        const workflows = await temporal.listIds(municipalityId);
        const rows: { candidate_id: string }[] = await dataSource.query(`SELECT candidate_id FROM journeys WHERE municipality_id = $1`, [municipalityId]);
        const ids = [...new Set([...workflows, ...rows.map((r) => r.candidate_id)])].sort();
        // The pipeline tables first, against the timelines as they are: a journey repair below
        // rewrites its timeline's end, and the trigger recomputes its rows with it. Journeys
        // without a row yet are done after their repair (the derivation reads the row).
        const projected = new Set(rows.map((r) => r.candidate_id));
        const derive = async (batchIds: string[]): Promise<void> => {
          for (let i = 0; i < batchIds.length; i += DERIVED_BATCH) {
            const batch = batchIds.slice(i, i + DERIVED_BATCH);
            findings.push(...(await dataSource.transaction((tx) => refreshDerived(tx, batch))));
            heartbeat({ derived: i });
          }
        };
        await derive([...projected].sort());
        let done = 0;
        await inParallel(
          ids,
          concurrency,
          async (candidateId) => {
            findings.push(...(await reconcileJourney(dataSource, temporal, id, candidateId, settleMs)));
            heartbeat({ done: ++done, of: ids.length });
          },
          cancellation(),
        );
        const orphans = new Set(findings.filter((f) => f.kind === 'ORPHAN_JOURNEY').map((f) => f.candidateId));
        await derive(ids.filter((candidateId) => !projected.has(candidateId) && !orphans.has(candidateId)));
        findings.push(...(await reconcileAggregates(dataSource, municipalityId)));
        findings.sort((a, b) => (a.candidateId ?? '').localeCompare(b.candidateId ?? '') || a.kind.localeCompare(b.kind));
        const repaired = findings.filter((f) => f.repaired).length;
        const metrics = activityMetrics();
        for (const f of findings) metrics?.count(METRICS.reconciliationFindings, { kind: f.kind, repaired: f.repaired });
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

type Look = { view: JourneyView; row?: JourneyRowRead; diff: Diff };

async function reconcileJourney(
  dataSource: DataSource,
  temporal: JourneyClient,
  reconciliationId: string,
  candidateId: string,
  settleMs: number,
): Promise<Finding[]> {
  // Every journey is described: visibility lags, so a workflow it does not list yet may exist.
  let closed = false;
  try {
    const { status } = await temporal.describe(candidateId);
    closed = status.name !== 'RUNNING';
  } catch (error) {
    if (isWorkflowNotFound(error)) return [{ candidateId, kind: 'ORPHAN_JOURNEY', detail: { reason: 'no workflow for this journey' }, repaired: false }];
    return [{ candidateId, kind: 'QUERY_FAILED', detail: { error: String(error).slice(0, 200) }, repaired: false }];
  }

  const look = async (): Promise<Look> => {
    const view = await temporal.view(candidateId);
    const [row, tasks, timeline] = await Promise.all([readJourney(dataSource, candidateId), readTasks(dataSource, candidateId), readTimeline(dataSource, view)]);
    return { view, row, diff: compare(view, row, tasks, timeline) };
  };

  let seen: Look;
  try {
    seen = await look();
    // A projection may be on its way (the workflow changes first, then writes): look once more.
    if (differs(seen)) {
      await sleep(settleMs);
      seen = await look();
    }
    if (!differs(seen)) return [];
  } catch (error) {
    return [{ candidateId, kind: 'QUERY_FAILED', detail: { error: String(error).slice(0, 200) }, repaired: false }];
  }

  // Repair: the workflow writes its committed state again through the projection (a closed one,
  // whose history is final, is written from its answer), then the read model is read back.
  const candidateKnown = await new CandidatesRepository(dataSource).exists(candidateId);
  let after: Look | undefined;
  let repairError: string | undefined;
  if (candidateKnown) {
    try {
      const taskIds = seen.diff.notOpen;
      if (closed) await rewriteClosedJourney(dataSource, temporal, seen.view, taskIds);
      else await temporal.reproject(candidateId, taskIds, `reconcile:${reconciliationId}:${candidateId}`);
      after = await look();
    } catch (error) {
      repairError = String(error).slice(0, 200);
    }
  }
  const fixed = (still: (d: Diff) => boolean): boolean => !!after && !still(after.diff);
  const why = candidateKnown ? (repairError ? { repairError } : {}) : { reason: 'no candidate record' };
  const { view, row, diff } = seen;

  const findings: Finding[] = [];
  if (!row) findings.push({ candidateId, kind: 'JOURNEY_MISSING', detail: why, repaired: fixed((d) => !d.rowFound) });
  else if (diff.journey.length) {
    findings.push({
      candidateId,
      kind: 'JOURNEY_DIFFERS',
      detail: { fields: Object.fromEntries(diff.journey.map((d) => [d.field, { readModel: d.readModel, workflow: d.workflow }])), ...why },
      repaired: fixed((d) => d.journey.length > 0),
    });
  }
  for (const taskId of diff.missingTasks) findings.push({ candidateId, kind: 'TASK_MISSING', detail: { taskId, ...why }, repaired: fixed((d) => d.missingTasks.includes(taskId)) });
  for (const d of diff.differingTasks) {
    findings.push({ candidateId, kind: 'TASK_DIFFERS', detail: { ...d, ...why }, repaired: fixed((x) => x.differingTasks.some((y) => y.taskId === d.taskId)) });
  }
  for (const taskId of diff.notOpen) {
    const workflowStatus = view.openTasks.some((t) => t.id === taskId) ? 'OPEN' : ((await taskStatus(temporal, candidateId, taskId)) ?? 'UNKNOWN');
    findings.push({ candidateId, kind: 'TASK_NOT_OPEN', detail: { taskId, workflowStatus, ...why }, repaired: fixed((x) => x.notOpen.includes(taskId)) });
  }
  if (diff.eventsBeyond) {
    findings.push({ candidateId, kind: 'EVENTS_BEYOND', detail: { events: diff.eventsBeyond, sequence: view.sequence, ...why }, repaired: fixed((x) => x.eventsBeyond > 0) });
  }
  if (diff.eventsMissing) {
    findings.push({ candidateId, kind: 'EVENTS_MISSING', detail: { missing: diff.eventsMissing, sequence: view.sequence }, repaired: fixed((x) => x.eventsMissing > 0) });
  } else if (diff.timelineDiffers) {
    findings.push({ candidateId, kind: 'TIMELINE_DIFFERS', detail: { from: view.timeline?.from ?? 0, sequence: view.sequence, ...why }, repaired: fixed((x) => x.timelineDiffers) });
  }
  return findings;
}

function differs({ row, diff }: Look): boolean {
  return !row || diff.journey.length > 0 || diff.missingTasks.length > 0 || diff.differingTasks.length > 0 || diff.notOpen.length > 0 || diff.eventsBeyond > 0 || diff.eventsMissing > 0 || diff.timelineDiffers;
}

async function taskStatus(temporal: JourneyClient, candidateId: string, taskId: string): Promise<string | undefined> {
  return temporal
    .taskContext(candidateId, taskId)
    .then((c) => c?.task.status)
    .catch(() => undefined);
}

/**
 * A closed journey's workflow accepts no Update; its history is final, so its answer is written
 * through the one row writer, with a fence no projection of it can pass.
 */
async function rewriteClosedJourney(dataSource: DataSource, temporal: JourneyClient, view: JourneyView, taskIds: string[]): Promise<void> {
  const tasks: HumanTask[] = [];
  for (const taskId of taskIds) {
    const task = await temporal.taskContext(view.candidateId, taskId).then((c) => c?.task);
    if (task) tasks.push(task);
  }
  const projection: JourneyProjection = {
    fence: [view.runCount, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    base: view.sequence,
    journey: journeyRow(view),
    events: [],
    tasks: tasks.map((t) => taskRow(t, view.sequence)),
  };
  await writeJourneyProjection(dataSource.manager, projection);
}

interface Diff {
  rowFound: boolean;
  journey: { field: string; readModel: unknown; workflow: unknown }[];
  missingTasks: string[];
  differingTasks: { taskId: string; fields: Record<string, { readModel: unknown; workflow: unknown }> }[];
  /** Open in the read model, not open in the workflow. */
  notOpen: string[];
  /** Timeline entries after the workflow's last sequence (left by a lost workflow task). */
  eventsBeyond: number;
  /** Sequences up to the workflow's last that the timeline lacks. */
  eventsMissing: number;
  /** The timeline's digest is not the workflow's. */
  timelineDiffers: boolean;
}

interface TimelineRead {
  count: number;
  beyond: number;
  digest?: string;
}

function compare(view: JourneyView, row: JourneyRowRead | undefined, tasks: TaskRowRead[], timeline: TimelineRead): Diff {
  const diff: Diff = { rowFound: !!row, journey: [], missingTasks: [], differingTasks: [], notOpen: [], eventsBeyond: timeline.beyond, eventsMissing: 0, timelineDiffers: false };
  if (row) {
    const pairs: [string, unknown, unknown][] = [
      ['step', row.step, view.step],
      ['status', row.status, view.status],
      ['phase', row.phase, view.phase],
      ['sequence', row.sequence, view.sequence],
      ['careProviderId', row.care_provider_id, view.careProviderId ?? null],
      ['referrerOrganisationId', row.referrer_organisation_id, view.referrerOrganisationId],
      ['referredAt', row.referred_at.toISOString(), new Date(view.referredAt).toISOString()],
      ['updatedAt', row.updated_at.toISOString(), new Date(view.updatedAt).toISOString()],
      ['employerIds', row.employer_ids.join(','), view.employerIds.join(',')],
      ['proposedRoute', row.proposed_route, view.proposedRoute ?? null],
      ['route', row.route, view.route ?? null],
      ['runCount', row.run_count, view.runCount],
      ['currentEmployerId', row.current_employer_id, view.currentEmployerId ?? null],
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
  diff.eventsMissing = Math.max(0, view.sequence - timeline.count);
  diff.timelineDiffers = !!view.timeline && timeline.digest !== view.timeline.digest;
  return diff;
}

async function readJourney(dataSource: DataSource, candidateId: string): Promise<JourneyRowRead | undefined> {
  const rows: JourneyRowRead[] = await dataSource.query(`SELECT * FROM journeys WHERE candidate_id = $1`, [candidateId]);
  return rows[0];
}

function readTasks(dataSource: DataSource, candidateId: string): Promise<TaskRowRead[]> {
  return dataSource.query(
    `SELECT task_id, status, assignee_organisation_id, assignee_role, assignee_user_id, due_at, escalated FROM human_tasks WHERE candidate_id = $1`,
    [candidateId],
  );
}

/** How many timeline entries there are up to and after the workflow's sequence, and the digest of those it keeps one of. */
async function readTimeline(dataSource: DataSource, view: JourneyView): Promise<TimelineRead> {
  const [{ count, beyond }]: { count: number; beyond: number }[] = await dataSource.query(
    `SELECT count(*) FILTER (WHERE sequence <= $2)::int AS count, count(*) FILTER (WHERE sequence > $2)::int AS beyond
     FROM journey_events WHERE candidate_id = $1`,
    [view.candidateId, view.sequence],
  );
  if (!view.timeline) return { count, beyond };
  const rows: TimelineRow[] = await dataSource.query(
    `SELECT ${TIMELINE_ROW_COLUMNS} FROM journey_events WHERE candidate_id = $1 AND sequence > $2 AND sequence <= $3 ORDER BY sequence`,
    [view.candidateId, view.timeline.from, view.sequence],
  );
  return { count, beyond, digest: timelineDigest(rows.map(timelineEntryOfRow)) };
}

/**
 * Compares the municipality's summary aggregates with their recomputation from the pipeline
 * tables and tasks (in one snapshot), and rebuilds them when any differs.
 */
async function reconcileAggregates(dataSource: DataSource, municipalityId: string): Promise<Finding[]> {
  const aggregates = new PipelineAggregatesRepository(dataSource);
  const found = await aggregates.drift(municipalityId);
  if (!found.length) return [];
  await aggregates.rebuild(municipalityId);
  const left = await aggregates.drift(municipalityId);
  return [{ kind: 'AGGREGATE_DIFFERS', detail: { rowsDiffering: Object.fromEntries(found.map((d) => [d.aggregate, d.differing])) }, repaired: left.length === 0 }];
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
