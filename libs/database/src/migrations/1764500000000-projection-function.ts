import type { MigrationInterface, QueryRunner } from 'typeorm';

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

const EVENT_RECORD = `(sequence int, type text, step text, actor_organisation_id uuid, actor_user_id text, task_id text, occurred_at timestamptz, data jsonb)`;
const TASK_RECORD = `(task_id text, type text, step text, status text, assignee_organisation_id uuid, assignee_role text, assignee_user_id text,
                      due_at timestamptz, escalated boolean, created_at timestamptz, closed_at timestamptz, completed_by_organisation_id uuid,
                      completed_by_user_id text, sequence int)`;

/**
 * A projection with a base written by one statement, `SELECT project_journey(...)`, instead of a
 * transaction of BEGIN, the lock, three statements and COMMIT: each of those was a wait for
 * PostgreSQL inside the Update's workflow task, and each was planned again. The rules are
 * those of writeJourneyProjection (libs/database/src/read-model), which calls it:
 *
 * - one writer per journey at a time (the advisory lock pipeline_refresh takes too);
 * - the journey row is written unless its stored fence is newer (a lost workflow task's late
 *   write), and the committed sequence only grows; nothing else is written when it is not;
 * - rows after the base that the projection does not carry are deleted (timeline entries, tasks,
 *   notices not yet known committed), then its entries inserted (an entry that replaces a phantom
 *   at the same sequence sees it gone), its notices and tasks written where they differ;
 * - with no new entries but some deleted, the journey's pipeline rows are derived again.
 *
 * Returns whether it was applied (false: stale, nothing written). A function, so one call is one
 * statement and, outside a transaction, its own.
 */
export class ProjectionFunction1764500000000 implements MigrationInterface {
  name = 'ProjectionFunction1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION project_journey(p_journey jsonb, p_fence bigint[], p_base integer, p_events jsonb, p_tasks jsonb,
                                      p_removed_task_ids text[], p_notices jsonb, p_parties jsonb)
      RETURNS boolean LANGUAGE plpgsql AS $fn$
      DECLARE
        j journeys%ROWTYPE := jsonb_populate_record(NULL::journeys, p_journey);
        removed integer;
      BEGIN
        PERFORM pg_advisory_xact_lock(727002, hashtext(j.candidate_id::text));
        INSERT INTO journeys (candidate_id, workflow_id, municipality_id, care_provider_id, referrer_organisation_id, step, status, phase,
                              sequence, referred_at, updated_at, employer_ids, proposed_route, route, run_count, current_employer_id,
                              projection_fence, closed_at, committed_sequence)
        VALUES (j.candidate_id, j.workflow_id, j.municipality_id, j.care_provider_id, j.referrer_organisation_id, j.step, j.status, j.phase,
                j.sequence, j.referred_at, j.updated_at, j.employer_ids, j.proposed_route, j.route, j.run_count, j.current_employer_id,
                p_fence, CASE WHEN j.status IN ('WITHDRAWN', 'EXITED', 'COMPLETED') THEN j.updated_at END, p_base)
        ON CONFLICT (candidate_id) DO UPDATE SET
          care_provider_id = EXCLUDED.care_provider_id, referrer_organisation_id = EXCLUDED.referrer_organisation_id, step = EXCLUDED.step,
          status = EXCLUDED.status, phase = EXCLUDED.phase, sequence = EXCLUDED.sequence, referred_at = EXCLUDED.referred_at,
          updated_at = EXCLUDED.updated_at, employer_ids = EXCLUDED.employer_ids, proposed_route = EXCLUDED.proposed_route,
          route = EXCLUDED.route, run_count = EXCLUDED.run_count, current_employer_id = EXCLUDED.current_employer_id,
          projection_fence = EXCLUDED.projection_fence,
          committed_sequence = greatest(journeys.committed_sequence, p_base),
          closed_at = CASE WHEN EXCLUDED.closed_at IS NULL THEN NULL ELSE coalesce(journeys.closed_at, EXCLUDED.closed_at) END
        WHERE journeys.projection_fence IS NULL OR cardinality(journeys.projection_fence) <> 3 OR NOT (EXCLUDED.projection_fence < journeys.projection_fence);
        IF NOT FOUND THEN
          RETURN false;
        END IF;

        DELETE FROM journey_events e WHERE e.candidate_id = j.candidate_id AND e.sequence > p_base
          AND NOT EXISTS (
            SELECT 1 FROM jsonb_to_recordset(p_events) AS k${EVENT_RECORD}
            WHERE k.sequence = e.sequence AND k.type = e.type AND k.step = e.step AND k.occurred_at = e.occurred_at AND k.data = e.data
              AND k.actor_organisation_id IS NOT DISTINCT FROM e.actor_organisation_id AND k.actor_user_id IS NOT DISTINCT FROM e.actor_user_id
              AND k.task_id IS NOT DISTINCT FROM e.task_id);
        GET DIAGNOSTICS removed = ROW_COUNT;
        DELETE FROM human_tasks t WHERE t.candidate_id = j.candidate_id AND t.sequence > p_base
          AND NOT (t.task_id = ANY (ARRAY(SELECT x ->> 'task_id' FROM jsonb_array_elements(p_tasks) AS x)));
        IF p_notices IS NOT NULL THEN
          -- Above the base and above what an Update's answer confirmed (the stored committed sequence only grows).
          DELETE FROM journey_notices n WHERE n.candidate_id = j.candidate_id AND n.sequence > p_base
            AND n.sequence > (SELECT committed_sequence FROM journeys WHERE candidate_id = j.candidate_id)
            AND NOT (n.sequence = ANY (ARRAY(SELECT (x ->> 'sequence')::int FROM jsonb_array_elements(p_notices) AS x)));
          INSERT INTO journey_notices (candidate_id, sequence, notice, parties)
          SELECT j.candidate_id, (x.n ->> 'sequence')::int, x.n, p_parties FROM jsonb_array_elements(p_notices) AS x(n)
          ON CONFLICT (candidate_id, sequence) DO UPDATE SET notice = EXCLUDED.notice, parties = EXCLUDED.parties
          WHERE (journey_notices.notice, journey_notices.parties) IS DISTINCT FROM (EXCLUDED.notice, EXCLUDED.parties);
        END IF;

        IF jsonb_array_length(p_events) > 0 THEN
          INSERT INTO journey_events (candidate_id, sequence, type, step, actor_organisation_id, actor_user_id, task_id, occurred_at, data)
          SELECT j.candidate_id, e.sequence, e.type, e.step, e.actor_organisation_id, e.actor_user_id, e.task_id, e.occurred_at, e.data
          FROM jsonb_to_recordset(p_events) AS e${EVENT_RECORD}
          ON CONFLICT (candidate_id, sequence) DO NOTHING;
        ELSIF removed > 0 THEN
          PERFORM pipeline_refresh(ARRAY[j.candidate_id]);
        END IF;
        IF jsonb_array_length(p_tasks) > 0 THEN
          INSERT INTO human_tasks (candidate_id, task_id, type, step, status, assignee_organisation_id, assignee_role, assignee_user_id,
                                   due_at, escalated, created_at, closed_at, completed_by_organisation_id, completed_by_user_id, sequence)
          SELECT j.candidate_id, t.task_id, t.type, t.step, t.status, t.assignee_organisation_id, t.assignee_role, t.assignee_user_id, t.due_at,
                 t.escalated, t.created_at, t.closed_at, t.completed_by_organisation_id, t.completed_by_user_id, t.sequence
          FROM jsonb_to_recordset(p_tasks) AS t${TASK_RECORD}
          ORDER BY t.task_id
          ON CONFLICT (candidate_id, task_id) DO UPDATE SET ${TASK_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, sequence = EXCLUDED.sequence
          WHERE (${TASK_COLUMNS.map((c) => `human_tasks.${c}`).join(', ')}) IS DISTINCT FROM (${TASK_COLUMNS.map((c) => `EXCLUDED.${c}`).join(', ')});
        END IF;
        IF cardinality(p_removed_task_ids) > 0 THEN
          DELETE FROM human_tasks WHERE candidate_id = j.candidate_id AND task_id = ANY (p_removed_task_ids);
        END IF;
        RETURN true;
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS project_journey(jsonb, bigint[], integer, jsonb, jsonb, text[], jsonb, jsonb)`);
  }
}
