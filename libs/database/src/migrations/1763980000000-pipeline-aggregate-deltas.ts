import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AGGREGATES, SOURCES, allOf, appendDelta, columns, correct, drift, fold, type Aggregate, type Source } from '../sql/pipeline-aggregates';

/**
 * The aggregates off the commands' path: statement triggers no longer take a lock per municipality
 * and update shared rows (every projection of a municipality waited on the one before it); they
 * append the statement's netted delta to a log (`<aggregate>_delta`, inserts only, so concurrent
 * projections never wait on each other). The summary reads `<aggregate>_all`: the table and the
 * log together, summed by the reader, so it stays exact. The worker folds the log into the table
 * every few seconds (`pipeline_aggregates_fold`), rebuild and drift compare the sum with its
 * recomputation in one snapshot. See libs/database/src/sql/pipeline-aggregates.ts.
 */
export class PipelineAggregateDeltas1763980000000 implements MigrationInterface {
  name = 'PipelineAggregateDeltas1763980000000';

  async up(q: QueryRunner): Promise<void> {
    for (const a of AGGREGATES) {
      const types = ['municipality_id uuid NOT NULL', ...Object.entries(a.keys).map(([k, type]) => `${k} ${type} NOT NULL`), ...a.values.map((v) => `${v} integer NOT NULL`)];
      await q.query(`CREATE TABLE ${a.table}_delta (${types.join(', ')})`);
      await q.query(`CREATE INDEX ${a.table}_delta_municipality_idx ON ${a.table}_delta (municipality_id)`);
      await q.query(`CREATE VIEW ${allOf(a)} AS SELECT ${columns(a).join(', ')} FROM ${a.table} UNION ALL SELECT ${columns(a).join(', ')} FROM ${a.table}_delta`);
    }
    for (const source of SOURCES) {
      const mine = AGGREGATES.filter((a) => a.source === source);
      const append = (newRows?: string, oldRows?: string): string => mine.map((a) => `${appendDelta(a, newRows, oldRows)};`).join('\n');
      await q.query(triggerFunction(source, append));
    }
    // One folder at a time (a second one skips); readers never wait for it.
    await q.query(`
      CREATE OR REPLACE FUNCTION pipeline_aggregates_fold() RETURNS boolean LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT pg_try_advisory_xact_lock(727003, 0) THEN RETURN false; END IF;
        ${AGGREGATES.map((a) => `${fold(a)};`).join('\n')}
        RETURN true;
      END
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION pipeline_aggregates_rebuild(m uuid) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        ${AGGREGATES.map((a) => `${correct(a, 'm')};`).join('\n')}
      END
      $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION pipeline_aggregates_drift(m uuid) RETURNS TABLE (aggregate text, differing integer) LANGUAGE sql STABLE AS $$
        ${AGGREGATES.map((a) => drift(a, 'm')).join('\nUNION ALL\n')}
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`SELECT pipeline_aggregates_fold()`);
    await q.query(`DROP FUNCTION IF EXISTS pipeline_aggregates_fold()`);
    for (const a of AGGREGATES as Aggregate[]) {
      await q.query(`DROP VIEW IF EXISTS ${allOf(a)}`);
      await q.query(`DROP TABLE IF EXISTS ${a.table}_delta`);
    }
    // The triggers of 1763930000000 come back with that migration's own down/up; rebuild and drift too.
  }
}

/** The statement trigger's function of a source table: its netted delta appended to each of its aggregates' logs. */
function triggerFunction(source: Source, append: (newRows?: string, oldRows?: string) => string): string {
  return `
    CREATE OR REPLACE FUNCTION pipeline_agg_${source}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        ${append('new_rows', undefined)}
      ELSIF TG_OP = 'UPDATE' THEN
        ${append('new_rows', 'old_rows')}
      ELSE
        ${append(undefined, 'old_rows')}
      END IF;
      RETURN NULL;
    EXCEPTION WHEN OTHERS THEN
      -- Monitoring never blocks a projection; reconciliation finds and corrects the drift.
      RAISE WARNING 'pipeline aggregates of ${source} not updated: %', SQLERRM;
      RETURN NULL;
    END
    $$`;
}
