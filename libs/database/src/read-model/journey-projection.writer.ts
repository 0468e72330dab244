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
  const stored: { fence: string[] | null }[] = await tx.query(`SELECT projection_fence AS fence FROM journeys WHERE candidate_id = $1`, [
    p.journey.candidateId,
  ]);
  const fence = stored[0]?.fence?.map(Number) as ProjectionFence | undefined;
  if (fence && fence.length === 3 && compareFences(p.fence, fence) < 0) return 'STALE';

  await upsertJourney(tx, p.journey, p.fence, p.base);
  if (p.base === undefined) {
    // The path of before 2026-11-23 (several projections of a journey in flight at once): add only.
    if (p.events.length) await insertEvents(tx, p.journey.candidateId, p.events);
    if (p.tasks.length) await upsertTasks(tx, p.journey.candidateId, p.tasks, 'newer');
    return 'APPLIED';
  }
  const removed = await deleteEventsBeyond(tx, p.journey.candidateId, p.base, p.events);
  if (p.events.length) await insertEvents(tx, p.journey.candidateId, p.events);
  else if (removed) await tx.query(`SELECT pipeline_refresh($1::uuid[])`, [[p.journey.candidateId]]);
  await tx.query(`DELETE FROM human_tasks WHERE candidate_id = $1 AND sequence > $2 AND NOT (task_id = ANY ($3::text[]))`, [
    p.journey.candidateId,
    p.base,
    p.tasks.map((t) => t.taskId),
  ]);
  if (p.tasks.length) await upsertTasks(tx, p.journey.candidateId, p.tasks, 'differs');
  if (p.removedTaskIds?.length) {
    await tx.query(`DELETE FROM human_tasks WHERE candidate_id = $1 AND task_id = ANY ($2::text[])`, [p.journey.candidateId, p.removedTaskIds]);
  }
  if (p.notices) await writeNotices(tx, p.journey.candidateId, p.base, p.notices);
  return 'APPLIED';
}

/**
 * Makes the notices after `base` exactly the projection's (one statement): those it does not carry
 * are deleted (a lost workflow task's), its own written. Notices at or below the journey's
 * committed sequence are committed history and left to the notice dispatcher, which tells them.
 */
async function writeNotices(tx: EntityManager, candidateId: string, base: number, n: NonNullable<JourneyProjection['notices']>): Promise<void> {
  await tx.query(
    `WITH gone AS (
       DELETE FROM journey_notices WHERE candidate_id = $1 AND sequence > $2 AND NOT (sequence = ANY ($3::int[]))
         AND sequence > (SELECT committed_sequence FROM journeys WHERE candidate_id = $1))
     INSERT INTO journey_notices (candidate_id, sequence, notice, parties)
     SELECT $1, (x.n ->> 'sequence')::int, x.n, $5::jsonb FROM jsonb_array_elements($4::jsonb) AS x(n)
     ON CONFLICT (candidate_id, sequence) DO UPDATE SET notice = EXCLUDED.notice, parties = EXCLUDED.parties
     WHERE (journey_notices.notice, journey_notices.parties) IS DISTINCT FROM (EXCLUDED.notice, EXCLUDED.parties)`,
    [candidateId, base, n.notices.map((x) => x.sequence), JSON.stringify(n.notices), JSON.stringify(n.parties)],
  );
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

async function upsertJourney(tx: EntityManager, j: JourneyRow, fence: ProjectionFence, base: number | undefined): Promise<void> {
  const onlyNewer = base === undefined;
  const changed = `(${JOURNEY_COLUMNS.map((c) => `journeys.${c}`).join(', ')}) IS DISTINCT FROM (${JOURNEY_COLUMNS.map((c) => `EXCLUDED.${c}`).join(', ')})`;
  await tx.query(
    `INSERT INTO journeys (candidate_id, workflow_id, municipality_id, care_provider_id, referrer_organisation_id, step, status,
                           phase, sequence, referred_at, updated_at, employer_ids, proposed_route, route, run_count, current_employer_id,
                           projection_fence, closed_at, committed_sequence)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
             CASE WHEN $7 IN ('WITHDRAWN', 'EXITED', 'COMPLETED') THEN $11::timestamptz END, coalesce($18::int, 0))
     ON CONFLICT (candidate_id) DO UPDATE SET
       ${JOURNEY_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, projection_fence = EXCLUDED.projection_fence,
       -- The base is committed history; it only grows (an Update's answer may have moved it on).
       committed_sequence = greatest(journeys.committed_sequence, coalesce($18::int, 0)),
       -- When it closed (retention counts from then); open again (a lost task's redo): not closed.
       closed_at = CASE WHEN EXCLUDED.closed_at IS NULL THEN NULL ELSE coalesce(journeys.closed_at, EXCLUDED.closed_at) END
     WHERE ${onlyNewer ? 'journeys.sequence < EXCLUDED.sequence' : `${changed} OR journeys.projection_fence IS DISTINCT FROM EXCLUDED.projection_fence`}`,
    [
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
  );
}

/** Deletes timeline entries after `base` that are not exactly among `events`; returns how many. */
async function deleteEventsBeyond(tx: EntityManager, candidateId: string, base: number, events: TimelineEntry[]): Promise<number> {
  const [, count] = (await tx.query(
    `DELETE FROM journey_events e WHERE e.candidate_id = $1 AND e.sequence > $2
       AND NOT EXISTS (
         SELECT 1 FROM jsonb_to_recordset($3::jsonb) AS k(sequence int, type text, step text, actor_organisation_id uuid, actor_user_id text,
                                                           task_id text, occurred_at timestamptz, data jsonb)
         WHERE k.sequence = e.sequence AND k.type = e.type AND k.step = e.step AND k.occurred_at = e.occurred_at AND k.data = e.data
           AND k.actor_organisation_id IS NOT DISTINCT FROM e.actor_organisation_id AND k.actor_user_id IS NOT DISTINCT FROM e.actor_user_id
           AND k.task_id IS NOT DISTINCT FROM e.task_id)`,
    [candidateId, base, eventsJson(events)],
  )) as [unknown, number];
  return count;
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
