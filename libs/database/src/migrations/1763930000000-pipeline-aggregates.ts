import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-municipality aggregates for the coordinator's summary, kept up to date by statement
 * triggers, so a summary without a party filter reads small rows instead of every journey. Every
 * aggregate is kept per referral month (cohort) as well: the whole municipality sums its cohorts,
 * a cohort filter reads its own.
 *
 * Each aggregate is a sum of per-row "facts" of one source table (a journey counts 1 in its
 * step and status; an open task counts 1 open for its assignee on its due day; ...). A trigger on
 * the source applies the difference between the facts of the old and the new rows of a statement,
 * netted and in key order (one upsert per aggregate and statement), so a projection that changes
 * nothing a figure depends on writes nothing here.
 *
 * The triggers fire for every writer (projection, pipeline_refresh, repairs); bulk loads that
 * bypass triggers (session_replication_role = replica) call pipeline_aggregates_rebuild(m)
 * afterwards. pipeline_aggregates_drift(m) compares an aggregate with its recomputation; the
 * reconciliation job runs it and rebuilds what drifted.
 *
 * pipeline_refresh now writes only the rows that changed (upsert where distinct, delete what is
 * gone) instead of deleting and re-inserting a journey's rows, so the aggregates see real changes.
 */

type Source = 'journeys' | 'pipeline_step_visits' | 'pipeline_outcomes' | 'human_tasks';

interface Aggregate {
  table: string;
  source: Source;
  /** Key columns after municipality_id, in primary-key order, with their types. */
  keys: Record<string, string>;
  /** Integer columns summed per key. */
  values: string[];
  /** SELECT municipality_id, <keys>, <values> of the rows of `rows` (aliased r), one row per contribution. */
  facts: (rows: string) => string;
  /** The source rows of one municipality, for a rebuild. */
  ofMunicipality?: (m: string) => string;
}

const OPEN_JOURNEY = `r.status IN ('ACTIVE', 'PAUSED')`;
const AMSTERDAM_DAY = (column: string): string => `(${column} AT TIME ZONE 'Europe/Amsterdam')::date`;

/** The referral month (Europe/Amsterdam) of the journey `j`: every aggregate is kept per cohort too. */
const COHORT = (j: string): string => `pipeline_cohort(${j}.referred_at)`;
/** Rows of a pipeline table with their journey, for its cohort. */
const WITH_JOURNEY = (rows: string): string => `${rows} r JOIN journeys j ON j.candidate_id = r.candidate_id`;

export const AGGREGATES: Aggregate[] = [
  {
    table: 'pipeline_agg_phases',
    source: 'journeys',
    keys: { cohort: 'date', step: 'text', status: 'text' },
    values: ['n'],
    facts: (rows) => `SELECT r.municipality_id, ${COHORT('r')} AS cohort, r.step, r.status, 1 AS n FROM ${rows} r`,
  },
  {
    table: 'pipeline_agg_parties',
    source: 'journeys',
    keys: { cohort: 'date', kind: 'text', organisation_id: 'uuid', step: 'text' },
    values: ['n', 'placed'],
    facts: (rows) => `
      SELECT r.municipality_id, ${COHORT('r')} AS cohort, 'CARE_PROVIDER' AS kind, r.care_provider_id AS organisation_id, r.step, 1 AS n, 0 AS placed
      FROM ${rows} r WHERE ${OPEN_JOURNEY} AND r.care_provider_id IS NOT NULL
      UNION ALL
      SELECT r.municipality_id, ${COHORT('r')}, 'SCHOOL', r.referrer_organisation_id, r.step, 1, 0
      FROM ${rows} r JOIN organisations o ON o.id = r.referrer_organisation_id AND o.type = 'SCHOOL' WHERE ${OPEN_JOURNEY}
      UNION ALL
      SELECT r.municipality_id, ${COHORT('r')}, 'EMPLOYER', e.id, r.step, 1, coalesce(r.current_employer_id = e.id, false)::int
      FROM ${rows} r CROSS JOIN LATERAL unnest(r.employer_ids) AS e(id) WHERE ${OPEN_JOURNEY}`,
  },
  {
    table: 'pipeline_agg_arrivals',
    source: 'pipeline_step_visits',
    keys: { cohort: 'date', step: 'text', day: 'date' },
    values: ['n'],
    facts: (rows) =>
      `SELECT r.municipality_id, ${COHORT('j')} AS cohort, r.step, ${AMSTERDAM_DAY('r.entered_at')} AS day, 1 AS n FROM ${WITH_JOURNEY(rows)} WHERE r.first_visit`,
  },
  {
    table: 'pipeline_agg_stays',
    source: 'pipeline_step_visits',
    keys: { cohort: 'date', step: 'text', hours: 'integer' },
    values: ['n'],
    facts: (rows) =>
      `SELECT r.municipality_id, ${COHORT('j')} AS cohort, r.step, pipeline_stay_hours(r.entered_at, r.left_at) AS hours, 1 AS n
       FROM ${WITH_JOURNEY(rows)} WHERE r.next_step IS NOT NULL`,
  },
  {
    table: 'pipeline_agg_outcomes',
    source: 'pipeline_outcomes',
    keys: { cohort: 'date', kind: 'text', route: 'text', day: 'date' },
    values: ['n'],
    facts: (rows) =>
      `SELECT r.municipality_id, ${COHORT('j')} AS cohort, r.kind, coalesce(r.route, '') AS route, ${AMSTERDAM_DAY('r.occurred_at')} AS day, 1 AS n
       FROM ${WITH_JOURNEY(rows)}`,
  },
  {
    table: 'pipeline_agg_tasks',
    source: 'human_tasks',
    keys: { cohort: 'date', organisation_id: 'uuid', due_day: 'date' },
    values: ['open', 'escalated'],
    facts: (rows) => `
      SELECT j.municipality_id, ${COHORT('j')} AS cohort, r.assignee_organisation_id AS organisation_id, pipeline_due_day(r.due_at) AS due_day, 1 AS open,
             r.escalated::int AS escalated
      FROM ${WITH_JOURNEY(rows)} WHERE r.status IN ('OPEN', 'CLAIMED')`,
    ofMunicipality: (m) => `(SELECT t.* FROM human_tasks t JOIN journeys tj ON tj.candidate_id = t.candidate_id WHERE tj.municipality_id = ${m})`,
  },
];

/** municipality_id and the aggregate's key columns, in primary-key order. */
const keyColumns = (a: Aggregate): string[] => ['municipality_id', ...Object.keys(a.keys)];

/** The municipalities of a statement's rows of `source` (tasks have theirs through the journey). */
const municipalitiesOf = (source: Source, rows: string): string =>
  source === 'human_tasks' ? `SELECT j.municipality_id FROM ${WITH_JOURNEY(rows)}` : `SELECT municipality_id FROM ${rows}`;

/** The aggregate's rows summed from facts, grouped by municipality and keys, rows with every value zero left out. */
function summed(a: Aggregate, facts: string): string {
  const cols = keyColumns(a);
  const sums = a.values.map((v) => `sum(${v})::int AS ${v}`);
  const nonZero = a.values.map((v) => `sum(${v}) <> 0`).join(' OR ');
  return `SELECT ${cols.join(', ')}, ${sums.join(', ')} FROM (${facts}) f GROUP BY ${cols.join(', ')} HAVING ${nonZero}`;
}

/** Applies facts(new) - facts(old) to the aggregate: one upsert, rows in key order. */
function applyDelta(a: Aggregate, newRows: string | undefined, oldRows: string | undefined): string {
  const cols = keyColumns(a);
  const parts: string[] = [];
  if (newRows) parts.push(`SELECT * FROM (${a.facts(newRows)}) p`);
  if (oldRows) parts.push(`SELECT ${cols.join(', ')}, ${a.values.map((v) => `-${v} AS ${v}`).join(', ')} FROM (${a.facts(oldRows)}) m`);
  return `INSERT INTO ${a.table} (${cols.join(', ')}, ${a.values.join(', ')})
    ${summed(a, parts.join(' UNION ALL '))} ORDER BY ${cols.join(', ')}
    ON CONFLICT (${cols.join(', ')}) DO UPDATE SET ${a.values.map((v) => `${v} = ${a.table}.${v} + EXCLUDED.${v}`).join(', ')}`;
}

function ofMunicipality(a: Aggregate, m: string): string {
  return a.ofMunicipality ? a.ofMunicipality(m) : `(SELECT * FROM ${a.source} WHERE municipality_id = ${m})`;
}

/** The aggregate as it should be for municipality m. */
function recomputed(a: Aggregate, m: string): string {
  return summed(a, a.facts(ofMunicipality(a, m)));
}

/** The aggregate's stored rows for municipality m, as `recomputed` lists them. */
function stored(a: Aggregate, m: string): string {
  return `SELECT ${keyColumns(a).join(', ')}, ${a.values.join(', ')} FROM ${a.table}
          WHERE municipality_id = ${m} AND (${a.values.map((v) => `${v} <> 0`).join(' OR ')})`;
}

const SOURCES: Source[] = ['journeys', 'pipeline_step_visits', 'pipeline_outcomes', 'human_tasks'];

export class PipelineAggregates1763930000000 implements MigrationInterface {
  name = 'PipelineAggregates1763930000000';

  async up(q: QueryRunner): Promise<void> {
    // A stay's length in whole hours: the unit of the flow-time percentiles, here and in filtered summaries.
    await q.query(`
      CREATE FUNCTION pipeline_stay_hours(entered timestamptz, left_at timestamptz) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
        SELECT round(extract(epoch FROM left_at - entered) / 3600)::int
      $$`);
    // The referral month of a journey (Europe/Amsterdam), as the summary's cohort filter reads it.
    await q.query(`
      CREATE FUNCTION pipeline_cohort(referred timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$
        SELECT date_trunc('month', referred AT TIME ZONE 'Europe/Amsterdam')::date
      $$`);
    // The UTC day a task falls due ('infinity' without a due date): overdue = earlier days + today's up to now.
    await q.query(`
      CREATE FUNCTION pipeline_due_day(due timestamptz) RETURNS date LANGUAGE sql IMMUTABLE AS $$
        SELECT coalesce((due AT TIME ZONE 'UTC')::date, 'infinity'::date)
      $$`);

    for (const a of AGGREGATES) {
      const columns = [...Object.entries(a.keys).map(([k, type]) => `${k} ${type} NOT NULL`), ...a.values.map((v) => `${v} integer NOT NULL`)];
      await q.query(`CREATE TABLE ${a.table} (municipality_id uuid NOT NULL, ${columns.join(', ')}, PRIMARY KEY (${keyColumns(a).join(', ')}))`);
    }

    for (const source of SOURCES) {
      const mine = AGGREGATES.filter((a) => a.source === source);
      // One writer of a municipality's aggregates at a time, until its transaction ends: a
      // projection's statements (journey, timeline, tasks: an insert and an update trigger each)
      // touch shared rows in no order common to all, which deadlocked two lanes under load.
      const lock = (rows: string[]): string =>
        `PERFORM pg_advisory_xact_lock(727003, hashtext(m::text)) FROM (
           SELECT DISTINCT municipality_id AS m FROM (${rows.map((r) => municipalitiesOf(source, r)).join(' UNION ALL ')}) u ORDER BY 1) l;`;
      const apply = (newRows?: string, oldRows?: string): string =>
        [lock([newRows, oldRows].filter((r): r is string => Boolean(r))), ...mine.map((a) => `${applyDelta(a, newRows, oldRows)};`)].join('\n');
      await q.query(`
        CREATE FUNCTION pipeline_agg_${source}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN
            ${apply('new_rows', undefined)}
          ELSIF TG_OP = 'UPDATE' THEN
            ${apply('new_rows', 'old_rows')}
          ELSE
            ${apply(undefined, 'old_rows')}
          END IF;
          RETURN NULL;
        EXCEPTION WHEN OTHERS THEN
          -- Monitoring never blocks a projection; reconciliation finds and rebuilds the drift.
          RAISE WARNING 'pipeline aggregates of ${source} not updated: %', SQLERRM;
          RETURN NULL;
        END
        $$`);
      await q.query(`CREATE TRIGGER pipeline_agg_insert AFTER INSERT ON ${source} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline_agg_${source}()`);
      await q.query(
        `CREATE TRIGGER pipeline_agg_update AFTER UPDATE ON ${source} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline_agg_${source}()`,
      );
      await q.query(`CREATE TRIGGER pipeline_agg_delete AFTER DELETE ON ${source} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION pipeline_agg_${source}()`);
    }

    // Rebuild: under the municipality's lock, so it waits for the projections under way, then sees
    // all they committed, and later ones apply on top of it.
    await q.query(`
      CREATE FUNCTION pipeline_aggregates_rebuild(m uuid) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(727003, hashtext(m::text));
        ${AGGREGATES.map((a) => `DELETE FROM ${a.table} WHERE municipality_id = m;
        INSERT INTO ${a.table} (${keyColumns(a).join(', ')}, ${a.values.join(', ')}) ${recomputed(a, 'm')};`).join('\n')}
      END
      $$`);
    // Drift: per aggregate, how many rows differ from their recomputation.
    await q.query(`
      CREATE FUNCTION pipeline_aggregates_drift(m uuid) RETURNS TABLE (aggregate text, differing integer) LANGUAGE sql STABLE AS $$
        ${AGGREGATES.map(
          (a) => `SELECT '${a.table}'::text, count(*)::int FROM (
            (${stored(a, 'm')} EXCEPT ALL ${recomputed(a, 'm')}) UNION ALL (${recomputed(a, 'm')} EXCEPT ALL ${stored(a, 'm')})) d`,
        ).join('\nUNION ALL\n')}
      $$`);

    // Flow times within a period (not served by the aggregates): the stays that ended in it.
    await q.query(`CREATE INDEX pipeline_step_visits_left_idx ON pipeline_step_visits (municipality_id, left_at) WHERE next_step IS NOT NULL`);

    await this.refreshOnlyChanges(q);

    // Backfill every municipality that has journeys.
    await q.query(`SELECT pipeline_aggregates_rebuild(m) FROM (SELECT DISTINCT municipality_id AS m FROM journeys) ms`);

    // Reconciliation reports aggregate drift per municipality, without a journey.
    await q.query(`ALTER TABLE pipeline_reconciliation_findings ALTER COLUMN candidate_id DROP NOT NULL`);
  }

  /** pipeline_refresh, writing only the rows that changed; derivations as set-returning functions. */
  private async refreshOnlyChanges(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION pipeline_derive_visits(ids uuid[]) RETURNS SETOF pipeline_step_visits LANGUAGE sql STABLE AS $$
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
        WINDOW w AS (PARTITION BY en.candidate_id ORDER BY en.sequence)
      $$`);
    await q.query(`
      CREATE FUNCTION pipeline_derive_outcomes(ids uuid[]) RETURNS SETOF pipeline_outcomes LANGUAGE sql STABLE AS $$
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
        ) o WHERE kind IS NOT NULL
      $$`);
    await q.query(`
      CREATE FUNCTION pipeline_derive_progress(ids uuid[]) RETURNS SETOF pipeline_progress LANGUAGE sql STABLE AS $$
        SELECT e.candidate_id, j.municipality_id, max(e.occurred_at)
        FROM journey_events e JOIN journeys j ON j.candidate_id = e.candidate_id
        WHERE e.candidate_id = ANY (ids)
          AND e.type IN ('journey.referred', 'task.completed', 'journey.moved', 'journey.resumed', 'journey.care-provider-transferred', 'placement.extended')
        GROUP BY e.candidate_id, j.municipality_id
      $$`);

    // One statement per table, the derivation run once: rows no longer derived are deleted, the
    // others inserted or updated where they differ (disjoint keys, so the two never meet).
    const sync = (table: string, derive: string, key: string[], cols: string[]): string => `
        WITH derived AS MATERIALIZED (SELECT * FROM ${derive}(ids)),
        gone AS (
          DELETE FROM ${table} t WHERE t.candidate_id = ANY (ids)
            AND (${key.map((k) => `t.${k}`).join(', ')}) NOT IN (SELECT ${key.join(', ')} FROM derived))
        INSERT INTO ${table} SELECT * FROM derived ORDER BY ${key.join(', ')}
        ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${cols.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
        WHERE (${cols.map((c) => `${table}.${c}`).join(', ')}) IS DISTINCT FROM (${cols.map((c) => `EXCLUDED.${c}`).join(', ')});`;
    await q.query(`
      CREATE OR REPLACE FUNCTION pipeline_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        IF ids IS NULL OR cardinality(ids) = 0 THEN RETURN; END IF;
        -- One writer per journey at a time (projections already hold the journey row; repairs too).
        PERFORM pg_advisory_xact_lock(727002, hashtext(id::text)) FROM (SELECT DISTINCT unnest(ids) AS id ORDER BY 1) l;
        ${sync('pipeline_step_visits', 'pipeline_derive_visits', ['candidate_id', 'sequence'], ['municipality_id', 'step', 'entered_at', 'left_at', 'next_step', 'first_visit'])}
        ${sync('pipeline_outcomes', 'pipeline_derive_outcomes', ['candidate_id', 'sequence'], ['municipality_id', 'kind', 'occurred_at', 'employer_id', 'route'])}
        ${sync('pipeline_progress', 'pipeline_derive_progress', ['candidate_id'], ['municipality_id', 'last_progress_at'])}
      END
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM pipeline_reconciliation_findings WHERE candidate_id IS NULL`);
    await q.query(`ALTER TABLE pipeline_reconciliation_findings ALTER COLUMN candidate_id SET NOT NULL`);
    for (const source of SOURCES) {
      for (const t of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER IF EXISTS pipeline_agg_${t} ON ${source}`);
      await q.query(`DROP FUNCTION IF EXISTS pipeline_agg_${source}()`);
    }
    await q.query(`DROP INDEX IF EXISTS pipeline_step_visits_left_idx`);
    await q.query(`DROP FUNCTION IF EXISTS pipeline_aggregates_drift(uuid)`);
    await q.query(`DROP FUNCTION IF EXISTS pipeline_aggregates_rebuild(uuid)`);
    for (const a of AGGREGATES) await q.query(`DROP TABLE IF EXISTS ${a.table}`);
    // pipeline_refresh keeps its new body (same results); the derivations it calls stay with it.
    await q.query(`DROP FUNCTION IF EXISTS pipeline_due_day(timestamptz)`);
    await q.query(`DROP FUNCTION IF EXISTS pipeline_cohort(timestamptz)`);
    await q.query(`DROP FUNCTION IF EXISTS pipeline_stay_hours(timestamptz, timestamptz)`);
  }
}
