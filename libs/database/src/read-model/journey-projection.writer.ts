import type { EntityManager } from 'typeorm';
import { journeyWorkflowId } from '../../../domain/src/journey';
import { compareFences, type JourneyProjection, type JourneyRow, type ProjectionFence, type TaskRow, type TimelineEntry } from '../../../domain/src/read-model';

export type ProjectionOutcome = 'APPLIED' | 'STALE';

/**
 * The one writer of the journey read model (journeys, journey_events, human_tasks, journey_notices).
 * A projection is applied unless the journey's stored fence is newer (it then comes from a
 * workflow task that was lost and is dropped). Applied, it makes the rows beyond its committed
 * `base` exactly its own: timeline entries after `base` that it does not carry are deleted, its
 * entries inserted; tasks written after `base` that it does not carry are deleted, its tasks
 * written where they differ. Rows up to `base` are committed history and stay.
 *
 * A projection with a base is one statement, so `db` need not be in a transaction (the worker's
 * projection is not: one wait for PostgreSQL); the old path (no base) is several, so it runs in
 * the caller's transaction or one of its own.
 */
export async function writeJourneyProjection(db: EntityManager, p: JourneyProjection): Promise<ProjectionOutcome> {
  if (p.base !== undefined) return writeBeyondBase(db, p as JourneyProjection & { base: number });
  return db.queryRunner?.isTransactionActive ? writeAddOnly(db, p) : db.transaction((tx) => writeAddOnly(tx, p));
}

/** The path of before 2026-11-23 (several projections of a journey in flight at once): add only. */
async function writeAddOnly(tx: EntityManager, p: JourneyProjection): Promise<ProjectionOutcome> {
  // One writer per journey at a time, also before its row exists (the lock pipeline_refresh takes too).
  await tx.query(`SELECT pg_advisory_xact_lock(727002, hashtext($1::text))`, [p.journey.candidateId]);
  const stored: { fence: string[] | null }[] = await tx.query(`SELECT projection_fence AS fence FROM journeys WHERE candidate_id = $1`, [
    p.journey.candidateId,
  ]);
  const fence = stored[0]?.fence?.map(Number) as ProjectionFence | undefined;
  if (fence && fence.length === 3 && compareFences(p.fence, fence) < 0) return 'STALE';
  const journey = journeyUpsert(p.journey, p.fence);
  await tx.query(journey.sql, journey.params);
  if (p.events.length) await insertEvents(tx, p.journey.candidateId, p.events);
  if (p.tasks.length) await upsertTasks(tx, p.journey.candidateId, p.tasks);
  return 'APPLIED';
}

/**
 * A projection with a base: one statement, the function project_journey (migration
 * 1764500000000), which holds the rules: the journey row unless the stored fence is newer, and
 * only then the rows after the base made exactly the projection's (entries, tasks, notices).
 */
async function writeBeyondBase(db: EntityManager, p: JourneyProjection & { base: number }): Promise<ProjectionOutcome> {
  const [{ applied }]: { applied: boolean }[] = await db.query(
    `SELECT project_journey($1::jsonb, $2::bigint[], $3::int, $4::jsonb, $5::jsonb, $6::text[], $7::jsonb, $8::jsonb) AS applied`,
    [
      JSON.stringify(journeyRecord(p.journey)),
      p.fence,
      p.base,
      eventsJson(p.events),
      tasksJson(p.tasks),
      p.removedTaskIds ?? [],
      p.notices ? JSON.stringify(p.notices.notices) : null,
      p.notices ? JSON.stringify(p.notices.parties) : null,
    ],
  );
  return applied ? 'APPLIED' : 'STALE';
}

const JOURNEY_COLUMNS = [
  'care_provider_id',
  'referrer_organisation_id',
  'step',
  'status',
  'phase',
  'sequence',
  'referred_at',
  'updated_at',
  'employer_ids',
  'proposed_route',
  'route',
  'run_count',
  'current_employer_id',
];

/** The journey row's columns as the projection writes them, in the table's column order. */
function journeyRecord(j: JourneyRow) {
  return {
    candidate_id: j.candidateId,
    workflow_id: journeyWorkflowId(j.candidateId),
    municipality_id: j.municipalityId,
    care_provider_id: j.careProviderId ?? null,
    referrer_organisation_id: j.referrerOrganisationId,
    step: j.step,
    status: j.status,
    phase: j.phase,
    sequence: j.sequence,
    referred_at: j.referredAt,
    updated_at: j.updatedAt,
    employer_ids: j.employerIds,
    proposed_route: j.proposedRoute ?? null,
    route: j.route ?? null,
    run_count: j.runCount,
    current_employer_id: j.currentEmployerId ?? null,
  };
}

/** The journey row's upsert on the old path (no base): it only moves the row forward ($1-$16 are journeyRecord's values). */
function journeyUpsert(j: JourneyRow, fence: ProjectionFence): { sql: string; params: unknown[] } {
  return {
    sql: `INSERT INTO journeys (candidate_id, workflow_id, municipality_id, care_provider_id, referrer_organisation_id, step, status,
                           phase, sequence, referred_at, updated_at, employer_ids, proposed_route, route, run_count, current_employer_id,
                           projection_fence, closed_at, committed_sequence)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::bigint[],
             CASE WHEN $7 IN ('WITHDRAWN', 'EXITED', 'COMPLETED') THEN $11::timestamptz END, 0)
     ON CONFLICT (candidate_id) DO UPDATE SET
       ${JOURNEY_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, projection_fence = EXCLUDED.projection_fence,
       -- When it closed (retention counts from then); open again (a lost task's redo): not closed.
       closed_at = CASE WHEN EXCLUDED.closed_at IS NULL THEN NULL ELSE coalesce(journeys.closed_at, EXCLUDED.closed_at) END
     WHERE journeys.sequence < EXCLUDED.sequence`,
    params: [
      ...Object.values(journeyRecord(j)),
      fence,
    ],
  };
}

async function insertEvents(tx: EntityManager, candidateId: string, events: TimelineEntry[]): Promise<void> {
  await tx.query(
    `INSERT INTO journey_events (candidate_id, sequence, type, step, actor_organisation_id, actor_user_id, task_id, occurred_at, data)
     SELECT $1, e.sequence, e.type, e.step, e.actor_organisation_id, e.actor_user_id, e.task_id, e.occurred_at, e.data
     FROM jsonb_to_recordset($2::jsonb) AS e(sequence int, type text, step text, actor_organisation_id uuid, actor_user_id text,
                                              task_id text, occurred_at timestamptz, data jsonb)
     ON CONFLICT (candidate_id, sequence) DO NOTHING`,
    [candidateId, eventsJson(events)],
  );
}

function eventsJson(events: TimelineEntry[]): string {
  return JSON.stringify(
    events.map((e) => ({
      sequence: e.sequence,
      type: e.type,
      step: e.step,
      actor_organisation_id: e.actorOrganisationId ?? null,
      actor_user_id: e.actorUserId ?? null,
      task_id: e.taskId ?? null,
      occurred_at: e.occurredAt,
      data: e.data ?? {},
    })),
  );
}

const TASK_COLUMNS = [
  'status',
  'assignee_organisation_id',
  'assignee_role',
  'assignee_user_id',
  'due_at',
  'escalated',
  'closed_at',
  'completed_by_organisation_id',
  'completed_by_user_id',
];

/** Upserts tasks where the stored row is older (the old path). */
async function upsertTasks(tx: EntityManager, candidateId: string, tasks: TaskRow[]): Promise<void> {
  await tx.query(
    `INSERT INTO human_tasks (candidate_id, task_id, type, step, status, assignee_organisation_id, assignee_role, assignee_user_id,
                              due_at, escalated, created_at, closed_at, completed_by_organisation_id, completed_by_user_id, sequence)
     SELECT $1, t.task_id, t.type, t.step, t.status, t.assignee_organisation_id, t.assignee_role, t.assignee_user_id, t.due_at,
            t.escalated, t.created_at, t.closed_at, t.completed_by_organisation_id, t.completed_by_user_id, t.sequence
     FROM jsonb_to_recordset($2::jsonb) AS t(task_id text, type text, step text, status text, assignee_organisation_id uuid,
            assignee_role text, assignee_user_id text, due_at timestamptz, escalated boolean, created_at timestamptz,
            closed_at timestamptz, completed_by_organisation_id uuid, completed_by_user_id text, sequence int)
     ORDER BY t.task_id
     ON CONFLICT (candidate_id, task_id) DO UPDATE SET ${TASK_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, sequence = EXCLUDED.sequence
     WHERE human_tasks.sequence < EXCLUDED.sequence`,
    [candidateId, tasksJson(tasks)],
  );
}

function tasksJson(tasks: TaskRow[]): string {
  return JSON.stringify(
    tasks.map((t) => ({
      task_id: t.taskId,
      type: t.type,
      step: t.step,
      status: t.status,
      assignee_organisation_id: t.assigneeOrganisationId,
      assignee_role: t.assigneeRole,
      assignee_user_id: t.assigneeUserId ?? null,
      due_at: t.dueAt ?? null,
      escalated: t.escalated,
      created_at: t.createdAt,
      closed_at: t.closedAt ?? null,
      completed_by_organisation_id: t.completedByOrganisationId ?? null,
      completed_by_user_id: t.completedByUserId ?? null,
      sequence: t.sequence,
    })),
  );
}
