import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pipeline monitoring: compact per-journey facts derived from the timeline, so a coordinator's
 * summary never scans journey_events.
 *
 * - pipeline_step_visits: every stay of a journey in a step (entered, left, where to), from
 *   `journey.referred` and `journey.moved`; flow times and conversion read it.
 * - pipeline_outcomes: one row per countable outcome (orientation accepted, placement started,
 *   paid work with its route, still in work after a follow-up, loop back, pause, withdrawal,
 *   exit, completion).
 * - pipeline_progress: when a journey last moved forward (a task done, a step, a resume); the
 *   stuck-journeys list reads it.
 *
 * They are a pure function of a journey's events: `pipeline_refresh(ids)` recomputes them for the
 * given journeys (under a per-journey lock), and a statement trigger on journey_events calls it
 * for the journeys a projection touched, in the projection's own transaction (a failure there
 * is logged and never fails the projection). Recomputing one journey reads only its own events
 * (primary key range), so it is order-proof and idempotent.
 * Reconciliation calls the same function after a repair. Existing data is backfilled here.
 */
export class Pipeline1763920000000 implements MigrationInterface {
  name = 'Pipeline1763920000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pipeline_step_visits (
        candidate_id uuid NOT NULL,
        sequence integer NOT NULL,
        municipality_id uuid NOT NULL,
        step text NOT NULL,
        entered_at timestamptz NOT NULL,
        left_at timestamptz,
        next_step text,
        first_visit boolean NOT NULL,
        PRIMARY KEY (candidate_id, sequence)
      )`);
    // Flow times and first arrivals of one municipality, optionally within a period.
    await q.query(`CREATE INDEX pipeline_step_visits_municipality_idx ON pipeline_step_visits (municipality_id, step, entered_at)`);
    await q.query(`
      CREATE TABLE pipeline_outcomes (
        candidate_id uuid NOT NULL,
        sequence integer NOT NULL,
        municipality_id uuid NOT NULL,
        kind text NOT NULL,
        occurred_at timestamptz NOT NULL,
        employer_id uuid,
        route text,
        PRIMARY KEY (candidate_id, sequence)
      )`);
    // Outcomes of one municipality within a period.
    await q.query(`CREATE INDEX pipeline_outcomes_municipality_idx ON pipeline_outcomes (municipality_id, occurred_at)`);
    await q.query(`
      CREATE TABLE pipeline_progress (
        candidate_id uuid PRIMARY KEY,
        municipality_id uuid NOT NULL,
        last_progress_at timestamptz NOT NULL
      )`);
    // Stuck journeys: a range scan of the oldest progress first, keyset-paginated.
    await q.query(`CREATE INDEX pipeline_progress_stuck_idx ON pipeline_progress (municipality_id, last_progress_at, candidate_id)`);

    // Summary filters on the journey row: referral cohort, care provider, employer involved.
    await q.query(`CREATE INDEX journeys_municipality_referred_idx ON journeys (municipality_id, referred_at)`);
    await q.query(`CREATE INDEX journeys_municipality_care_provider_idx ON journeys (municipality_id, care_provider_id)`);
    await q.query(`CREATE INDEX journeys_employer_ids_idx ON journeys USING gin (employer_ids)`);
    // Open tasks only (a small share of all tasks): per journey for the task figures and the
    // stuck list, and by due date for the overdue drill-down.
    await q.query(`CREATE INDEX human_tasks_open_journey_idx ON human_tasks (candidate_id) WHERE status IN ('OPEN', 'CLAIMED')`);
    await q.query(`CREATE INDEX human_tasks_open_due_idx ON human_tasks (due_at, candidate_id, task_id) WHERE status IN ('OPEN', 'CLAIMED')`);

    await q.query(`
      CREATE FUNCTION pipeline_step_rank(step text) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
        SELECT array_position(ARRAY['CONNECT', 'DISCOVER', 'ANALYSE', 'PLACE', 'PLACEMENT_RUNNING', 'PAID_WORK', 'COMPLETED'], step)
      $$`);

    await q.query(`
      CREATE FUNCTION pipeline_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
        -- One writer per journey at a time (projections already hold the journey row; repairs too).
        PERFORM pg_advisory_xact_lock(727002, hashtext(id::text)) FROM (SELECT DISTINCT unnest(ids) AS id ORDER BY 1) l;

        DELETE FROM pipeline_step_visits WHERE candidate_id = ANY (ids);
        INSERT INTO pipeline_step_visits (candidate_id, sequence, municipality_id, step, entered_at, left_at, next_step, first_visit)
        WITH entries AS (
          SELECT e.candidate_id, e.sequence, j.municipality_id, e.occurred_at,
                 CASE e.type WHEN 'journey.referred' THEN 'CONNECT' ELSE coalesce(e.data->>'to', e.step) END AS step
          FROM journey_events e JOIN journeys j ON j.candidate_id = e.candidate_id
          WHERE e.candidate_id = ANY (ids) AND e.type IN ('journey.referred', 'journey.moved')
        ), closes AS (
          SELECT candidate_id, min(occurred_at) AS closed_at FROM journey_events
          WHERE candidate_id = ANY (ids) AND type IN ('journey.withdrawn', 'journey.exited', 'journey.completed')
          GROUP BY candidate_id
        )
        SELECT en.candidate_id, en.sequence, en.municipality_id, en.step, en.occurred_at,
               coalesce(lead(en.occurred_at) OVER w, c.closed_at),
               lead(en.step) OVER w,
               row_number() OVER (PARTITION BY en.candidate_id, en.step ORDER BY en.sequence) = 1
        FROM entries en LEFT JOIN closes c ON c.candidate_id = en.candidate_id
        WINDOW w AS (PARTITION BY en.candidate_id ORDER BY en.sequence);

        DELETE FROM pipeline_outcomes WHERE candidate_id = ANY (ids);
        INSERT INTO pipeline_outcomes (candidate_id, sequence, municipality_id, kind, occurred_at, employer_id, route)
        SELECT candidate_id, sequence, municipality_id, kind, occurred_at, employer_id, route FROM (
          SELECT e.candidate_id, e.sequence, j.municipality_id, e.occurred_at,
                 CASE
                   WHEN e.type = 'task.completed' AND e.data->>'taskType' = 'orientation.respond' AND e.data->>'decision' = 'ACCEPT' THEN 'ORIENTATION'
                   WHEN e.type = 'journey.moved' AND coalesce(e.data->>'to', e.step) = 'PLACEMENT_RUNNING' THEN 'PLACEMENT_STARTED'
                   WHEN e.type = 'journey.moved' AND coalesce(e.data->>'to', e.step) = 'PAID_WORK' THEN 'PAID_WORK'
                   WHEN e.type = 'journey.moved' AND pipeline_step_rank(coalesce(e.data->>'to', e.step)) < pipeline_step_rank(e.data->>'from') THEN 'LOOP_BACK'
                   WHEN e.type = 'journey.paused' THEN 'PAUSE'
                   WHEN e.type = 'journey.withdrawn' THEN 'WITHDRAWAL'
                   WHEN e.type = 'journey.exited' THEN 'EXIT'
                   WHEN e.type = 'journey.completed' THEN 'COMPLETED'
                   WHEN e.type = 'task.completed' AND e.data->>'taskType' = 'job.follow-up' AND e.data->>'stillEmployed' = 'true' THEN
                     'IN_WORK_' || (ARRAY['1M', '3M', '6M', '12M'])[1 + (
                       SELECT (o.data->>'followUpIndex')::int FROM journey_events o
                       WHERE o.candidate_id = e.candidate_id AND o.task_id = e.task_id AND o.type = 'task.opened'
                         AND o.data->>'followUpIndex' ~ '^[0-9]{1,3}$' LIMIT 1)]
                 END AS kind,
                 CASE
                   WHEN e.type = 'task.completed' THEN e.actor_organisation_id
                   WHEN e.type = 'journey.moved' AND e.data->>'employerId' ~ '^[0-9a-fA-F-]{36}$' THEN (e.data->>'employerId')::uuid
                 END AS employer_id,
                 CASE WHEN e.type = 'journey.moved' AND coalesce(e.data->>'to', e.step) = 'PAID_WORK' THEN e.data->>'route' END AS route
          FROM journey_events e JOIN journeys j ON j.candidate_id = e.candidate_id
          WHERE e.candidate_id = ANY (ids)
            AND e.type IN ('task.completed', 'journey.moved', 'journey.paused', 'journey.withdrawn', 'journey.exited', 'journey.completed')
        ) o WHERE kind IS NOT NULL;

        DELETE FROM pipeline_progress WHERE candidate_id = ANY (ids);
        INSERT INTO pipeline_progress (candidate_id, municipality_id, last_progress_at)
        SELECT e.candidate_id, j.municipality_id, max(e.occurred_at)
        FROM journey_events e JOIN journeys j ON j.candidate_id = e.candidate_id
        WHERE e.candidate_id = ANY (ids)
          AND e.type IN ('journey.referred', 'task.completed', 'journey.moved', 'journey.resumed', 'journey.care-provider-transferred', 'placement.extended')
        GROUP BY e.candidate_id, j.municipality_id;
      END
      $$`);

    await q.query(`
      CREATE FUNCTION pipeline_events_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pipeline_refresh(ARRAY(SELECT DISTINCT candidate_id FROM inserted));
        RETURN NULL;
      EXCEPTION WHEN OTHERS THEN
        -- Monitoring never blocks a projection: the journey, its tasks and timeline are written
        -- regardless; reconciliation recomputes these tables and reports the difference.
        RAISE WARNING 'pipeline_refresh failed: %', SQLERRM;
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER pipeline_events_inserted AFTER INSERT ON journey_events
      REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION pipeline_events_inserted()`);

    // Backfill what was projected before this migration.
    await q.query(`SELECT pipeline_refresh(ARRAY(SELECT candidate_id FROM journeys))`);

    await q.query(`
      CREATE TABLE pipeline_reconciliations (
        id uuid PRIMARY KEY,
        municipality_id uuid NOT NULL,
        trigger text NOT NULL CHECK (trigger IN ('SCHEDULE', 'ON_DEMAND')),
        status text NOT NULL CHECK (status IN ('REQUESTED', 'RUNNING', 'DONE', 'FAILED')),
        requested_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        journeys_checked integer NOT NULL DEFAULT 0,
        drift_found integer NOT NULL DEFAULT 0,
        repaired integer NOT NULL DEFAULT 0,
        error text
      )`);
    await q.query(`CREATE INDEX pipeline_reconciliations_municipality_idx ON pipeline_reconciliations (municipality_id, requested_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE pipeline_reconciliation_findings (
        reconciliation_id uuid NOT NULL REFERENCES pipeline_reconciliations (id),
        n integer NOT NULL,
        candidate_id uuid NOT NULL,
        kind text NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        repaired boolean NOT NULL,
        PRIMARY KEY (reconciliation_id, n)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS pipeline_reconciliation_findings`);
    await q.query(`DROP TABLE IF EXISTS pipeline_reconciliations`);
    await q.query(`DROP TRIGGER IF EXISTS pipeline_events_inserted ON journey_events`);
    await q.query(`DROP FUNCTION IF EXISTS pipeline_events_inserted()`);
    await q.query(`DROP FUNCTION IF EXISTS pipeline_refresh(uuid[])`);
    await q.query(`DROP FUNCTION IF EXISTS pipeline_step_rank(text)`);
    for (const index of [
      'journeys_municipality_referred_idx',
      'journeys_municipality_care_provider_idx',
      'journeys_employer_ids_idx',
      'human_tasks_open_journey_idx',
      'human_tasks_open_due_idx',
    ]) {
      await q.query(`DROP INDEX IF EXISTS ${index}`);
    }
    for (const table of ['pipeline_progress', 'pipeline_outcomes', 'pipeline_step_visits']) await q.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
