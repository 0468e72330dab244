import type { EntityManager } from 'typeorm';
import { journeyWorkflowId } from '../../../domain/src/journey';
import { compareFences, type JourneyProjection, type JourneyRow, type ProjectionFence, type TaskRow, type TimelineEntry } from '../../../domain/src/read-model';

export type ProjectionOutcome = 'APPLIED' | 'STALE';

/**
 * The one writer of the journey read model (journeys, journey_events, human_tasks), in the
 * caller's transaction. A projection is applied unless the journey's stored fence is newer (it
 * then comes from a workflow task that was lost and is dropped). Applied, it makes the rows beyond
 * its committed `base` exactly its own: timeline entries after `base` that it does not carry are
 * deleted, its entries inserted; tasks written after `base` that it does not carry are deleted,
 * its tasks written where they differ. Rows up to `base` are committed history and stay.
 */
export async function writeJourneyProjection(tx: EntityManager, p: JourneyProjection): Promise<ProjectionOutcome> {
  // One writer per journey at a time, also before its row exists (the lock pipeline_refresh takes too).
  await tx.query(`SELECT pg_advisory_xact_lock(727002, hashtext($1::text))`, [p.journey.candidateId]);
  if (p.base !== undefined) return writeBeyondBase(tx, p as JourneyProjection & { base: number });
  const stored: { fence: string[] | null }[] = await tx.query(`SELECT projection_fence AS fence FROM journeys WHERE candidate_id = $1`, [
    p.journey.candidateId,
  ]);
  const fence = stored[0]?.fence?.map(Number) as ProjectionFence | undefined;
  if (fence && fence.length === 3 && compareFences(p.fence, fence) < 0) return 'STALE';

  // The path of before 2026-11-23 (several projections of a journey in flight at once): add only.
  const journey = journeyUpsert(p.journey, p.fence, undefined);
  await tx.query(journey.sql, journey.params);
  if (p.events.length) await insertEvents(tx, p.journey.candidateId, p.events);
  if (p.tasks.length) await upsertTasks(tx, p.journey.candidateId, p.tasks, 'newer');
  return 'APPLIED';
}

/**
 * A projection with a base, in as few statements as the rules allow (each is a wait for PostgreSQL
 * inside the Update's workflow task): one writes the journey row unless the stored fence is newer
 * (the check made by the upsert itself, on the row it locks) and, only if it did, deletes the
 * timeline entries, tasks and notices after the base that the projection does not carry and writes
 * its notices; then its entries are inserted and its tasks written. The entries are inserted in a
 * statement of their own: an entry that replaces a phantom at the same sequence must see it gone.
 */
async function writeBeyondBase(tx: EntityManager, p: JourneyProjection & { base: number }): Promise<ProjectionOutcome> {
  const id = p.journey.candidateId;
  const journey = journeyUpsert(p.journey, p.fence, p.base);
  const at = journey.params.length;
  const params = [...journey.params, eventsJson(p.events), p.tasks.map((t) => t.taskId)];
  let notices = '';
  if (p.notices) {
    notices = `,
      notices_gone AS (
        DELETE FROM journey_notices n WHERE EXISTS (SELECT 1 FROM j) AND n.candidate_id = $1 AND n.sequence > $18::int
          AND NOT (n.sequence = ANY ($${at + 3}::int[])) AND n.sequence > (SELECT committed_sequence FROM journeys WHERE candidate_id = $1)),
      notices_written AS (
        INSERT INTO journey_notices (candidate_id, sequence, notice, parties)
        SELECT $1, (x.n ->> 'sequence')::int, x.n, $${at + 5}::jsonb FROM jsonb_array_elements($${at + 4}::jsonb) AS x(n) WHERE EXISTS (SELECT 1 FROM j)
        ON CONFLICT (candidate_id, sequence) DO UPDATE SET notice = EXCLUDED.notice, parties = EXCLUDED.parties
        WHERE (journey_notices.notice, journey_notices.parties) IS DISTINCT FROM (EXCLUDED.notice, EXCLUDED.parties))`;
    params.push(
      p.notices.notices.map((n) => n.sequence),
      JSON.stringify(p.notices.notices),
      JSON.stringify(p.notices.parties),
    );
  }
  const [outcome]: { applied: boolean; removed: number }[] = await tx.query(
    `WITH j AS (${journey.sql} RETURNING 1),
      events_gone AS (
        DELETE FROM journey_events e WHERE EXISTS (SELECT 1 FROM j) AND e.candidate_id = $1 AND e.sequence > $18::int
          AND NOT EXISTS (
            SELECT 1 FROM jsonb_to_recordset($${at + 1}::jsonb) AS k(sequence int, type text, step text, actor_organisation_id uuid, actor_user_id text,
                                                                task_id text, occurred_at timestamptz, data jsonb)
            WHERE k.sequence = e.sequence AND k.type = e.type AND k.step = e.step AND k.occurred_at = e.occurred_at AND k.data = e.data
              AND k.actor_organisation_id IS NOT DISTINCT FROM e.actor_organisation_id AND k.actor_user_id IS NOT DISTINCT FROM e.actor_user_id
              AND k.task_id IS NOT DISTINCT FROM e.task_id)
        RETURNING 1),
      tasks_gone AS (
        DELETE FROM human_tasks t WHERE EXISTS (SELECT 1 FROM j) AND t.candidate_id = $1 AND t.sequence > $18::int AND NOT (t.task_id = ANY ($${at + 2}::text[])))${notices}
     SELECT EXISTS (SELECT 1 FROM j) AS applied, (SELECT count(*) FROM events_gone)::int AS removed`,
    params,
  );
  if (!outcome.applied) return 'STALE';
  if (p.events.length) await insertEvents(tx, id, p.events);
  else if (outcome.removed) await tx.query(`SELECT pipeline_refresh($1::uuid[])`, [[id]]);
  if (p.tasks.length) await upsertTasks(tx, id, p.tasks, 'differs');
  if (p.removedTaskIds?.length) {
    await tx.query(`DELETE FROM human_tasks WHERE candidate_id = $1 AND task_id = ANY ($2::text[])`, [id, p.removedTaskIds]);
  }
  return 'APPLIED';
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

/**
 * The journey row's upsert. Without a base (the old path) it only moves the row forward; with one
 * it writes unless the stored fence is newer (a lost workflow task's late write is not applied),
 * and moves the committed sequence on to the base.
 */
function journeyUpsert(j: JourneyRow, fence: ProjectionFence, base: number | undefined): { sql: string; params: unknown[] } {
  const notStale = `journeys.projection_fence IS NULL OR cardinality(journeys.projection_fence) <> 3 OR NOT (EXCLUDED.projection_fence < journeys.projection_fence)`;
  return {
    sql: `INSERT INTO journeys (candidate_id, workflow_id, municipality_id, care_provider_id, referrer_organisation_id, step, status,
                           phase, sequence, referred_at, updated_at, employer_ids, proposed_route, route, run_count, current_employer_id,
                           projection_fence, closed_at, committed_sequence)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17::bigint[],
             CASE WHEN $7 IN ('WITHDRAWN', 'EXITED', 'COMPLETED') THEN $11::timestamptz END, coalesce($18::int, 0))
     ON CONFLICT (candidate_id) DO UPDATE SET
       ${JOURNEY_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, projection_fence = EXCLUDED.projection_fence,
       -- The base is committed history; it only grows (an Update's answer may have moved it on).
       committed_sequence = greatest(journeys.committed_sequence, coalesce($18::int, 0)),
       -- When it closed (retention counts from then); open again (a lost task's redo): not closed.
       closed_at = CASE WHEN EXCLUDED.closed_at IS NULL THEN NULL ELSE coalesce(journeys.closed_at, EXCLUDED.closed_at) END
     WHERE ${base === undefined ? 'journeys.sequence < EXCLUDED.sequence' : notStale}`,
    params: [
      j.candidateId,
      journeyWorkflowId(j.candidateId),
      j.municipalityId,
      j.careProviderId ?? null,
      j.referrerOrganisationId,
      j.step,
      j.status,
      j.phase,
      j.sequence,
      j.referredAt,
      j.updatedAt,
      j.employerIds,
      j.proposedRoute ?? null,
      j.route ?? null,
      j.runCount,
      j.currentEmployerId ?? null,
      fence,
      base ?? null,
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

/** Upserts tasks: where the stored row is older ('newer', the old path) or differs ('differs'). */
async function upsertTasks(tx: EntityManager, candidateId: string, tasks: TaskRow[], when: 'newer' | 'differs'): Promise<void> {
  const condition =
    when === 'newer'
      ? 'human_tasks.sequence < EXCLUDED.sequence'
      : `(${TASK_COLUMNS.map((c) => `human_tasks.${c}`).join(', ')}) IS DISTINCT FROM (${TASK_COLUMNS.map((c) => `EXCLUDED.${c}`).join(', ')})`;
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
     WHERE ${condition}`,
    [
      candidateId,
      JSON.stringify(
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
      ),
    ],
  );
}
