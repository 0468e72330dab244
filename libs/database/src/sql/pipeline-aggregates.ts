/**
 * The pipeline summary's aggregates: what each one counts (its key columns and its "facts" per row
 * of a source table), and the SQL that keeps them. The current home of these definitions; the
 * migrations apply them (1763930000000 created the tables with the copy of its day).
 *
 * Every aggregate is a sum: the stored table (folded) plus a log of deltas that statement
 * triggers append without a lock, so concurrent projections never wait on each other here. The
 * summary reads `<aggregate>_all` (both, summed by the reader); the worker folds the log into the
 * table every few seconds (`pipeline_aggregates_fold`); a rebuild appends the correction that makes
 * the sum equal its recomputation (`pipeline_aggregates_rebuild`), in one statement and snapshot.
 */
import { isOpenJourney, isOpenTask } from './conditions';
export type Source = 'journeys' | 'pipeline_step_visits' | 'pipeline_outcomes' | 'human_tasks';

export interface Aggregate {
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

const OPEN_JOURNEY = isOpenJourney('r.status');
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
      FROM ${WITH_JOURNEY(rows)} WHERE ${isOpenTask('r.status')}`,
    ofMunicipality: (m) => `(SELECT t.* FROM human_tasks t JOIN journeys tj ON tj.candidate_id = t.candidate_id WHERE tj.municipality_id = ${m})`,
  },
];

/** municipality_id and the aggregate's key columns, in primary-key order. */
export const keyColumns = (a: Aggregate): string[] => ['municipality_id', ...Object.keys(a.keys)];

/** The aggregate's rows summed from facts, grouped by municipality and keys, rows with every value zero left out. */
export function summed(a: Aggregate, facts: string): string {
  const cols = keyColumns(a);
  const sums = a.values.map((v) => `sum(${v})::int AS ${v}`);
  const nonZero = a.values.map((v) => `sum(${v}) <> 0`).join(' OR ');
  return `SELECT ${cols.join(', ')}, ${sums.join(', ')} FROM (${facts}) f GROUP BY ${cols.join(', ')} HAVING ${nonZero}`;
}

export function ofMunicipality(a: Aggregate, m: string): string {
  return a.ofMunicipality ? a.ofMunicipality(m) : `(SELECT * FROM ${a.source} WHERE municipality_id = ${m})`;
}

/** The aggregate as it should be for municipality m. */
export function recomputed(a: Aggregate, m: string): string {
  return summed(a, a.facts(ofMunicipality(a, m)));
}

export const SOURCES: Source[] = ['journeys', 'pipeline_step_visits', 'pipeline_outcomes', 'human_tasks'];

/** Key and value columns of an aggregate, in order. */
export const columns = (a: Aggregate): string[] => [...keyColumns(a), ...a.values];

/** The aggregate as stored and not yet folded, one row per contribution (readers sum). */
export const allOf = (a: Aggregate): string => `${a.table}_all`;

/** The netted difference facts(new) - facts(old) of a statement, appended to the delta log. */
export function appendDelta(a: Aggregate, newRows: string | undefined, oldRows: string | undefined): string {
  const parts: string[] = [];
  if (newRows) parts.push(`SELECT * FROM (${a.facts(newRows)}) p`);
  if (oldRows) parts.push(`SELECT ${keyColumns(a).join(', ')}, ${a.values.map((v) => `-${v} AS ${v}`).join(', ')} FROM (${a.facts(oldRows)}) m`);
  return `INSERT INTO ${a.table}_delta (${columns(a).join(', ')}) ${summed(a, parts.join(' UNION ALL '))}`;
}

/** The stored sum (table and log) for municipality m, rows with every value zero left out. */
export function stored(a: Aggregate, m: string): string {
  return summed(a, `SELECT ${columns(a).join(', ')} FROM ${allOf(a)} WHERE municipality_id = ${m}`);
}

/** Moves the log into the table: one statement, so a reader sees the rows in one place or the other. */
export function fold(a: Aggregate): string {
  const cols = columns(a);
  return `WITH moved AS (DELETE FROM ${a.table}_delta RETURNING ${cols.join(', ')})
    INSERT INTO ${a.table} (${cols.join(', ')})
    SELECT ${keyColumns(a).join(', ')}, ${a.values.map((v) => `sum(${v})::int`).join(', ')} FROM moved
    GROUP BY ${keyColumns(a).join(', ')} ORDER BY ${keyColumns(a).join(', ')}
    ON CONFLICT (${keyColumns(a).join(', ')}) DO UPDATE SET ${a.values.map((v) => `${v} = ${a.table}.${v} + EXCLUDED.${v}`).join(', ')}`;
}

/** Appends what makes municipality m's sum equal its recomputation (nothing when it does). */
export function correct(a: Aggregate, m: string): string {
  const negated = `SELECT ${keyColumns(a).join(', ')}, ${a.values.map((v) => `-${v} AS ${v}`).join(', ')} FROM (${stored(a, m)}) s`;
  return `INSERT INTO ${a.table}_delta (${columns(a).join(', ')}) ${summed(a, `SELECT * FROM (${recomputed(a, m)}) r UNION ALL ${negated}`)}`;
}

/** How many rows of m's sum differ from its recomputation. */
export function drift(a: Aggregate, m: string): string {
  return `SELECT '${a.table}'::text, count(*)::int FROM (
    (${stored(a, m)} EXCEPT ALL ${recomputed(a, m)}) UNION ALL (${recomputed(a, m)} EXCEPT ALL ${stored(a, m)})) d`;
}
