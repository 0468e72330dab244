import type { DataSource } from 'typeorm';
import { COOPERATIVE_STATEMENT, type StatementDueParams } from '../../libs/domain/src/venues/cooperative';
import { ruleInForce, type DatedRule } from '../../libs/domain/src/venues/rules';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface VenueActivityDeps {
  dataSource: DataSource;
}

/** The monthly statements workflow's activities: a month in, counts out; never personal data. */
export function createVenueActivities({ dataSource }: VenueActivityDeps) {
  return {
    /**
     * Opens the statement task of `month` for every member of a social cooperative who had joined
     * by the month's end (assigned to the cooperative). Keyed by member and month: a retry or a
     * second run opens nothing more. Returns how many it opened.
     */
    async openStatementTasks({ month, dueAt }: { month: string; dueAt: string }): Promise<number> {
      const rows: unknown[] = await dataSource.query(
        `INSERT INTO venue_tasks (id, type, venue_id, municipality_id, member_id, candidate_id, month, assignee_organisation_id, due_at)
         SELECT 'cooperative.statement:' || m.id || ':' || $1, 'cooperative.statement', m.venue_id, m.municipality_id, m.id, m.candidate_id, $1, m.venue_id, $2
         FROM cooperative_members m
         WHERE to_char(m.joined_on, 'YYYY-MM') <= $1
           AND NOT EXISTS (SELECT 1 FROM cooperative_statements s WHERE s.member_id = m.id AND s.month = $1)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [month, dueAt],
      );
      return rows.length;
    },

    /**
     * Opens the statement tasks of `month` as above, each due its municipality's due period after
     * `openedAt` (the dated rule COOPERATIVE_STATEMENT in force that day: the municipality's own,
     * else the national one), or `dueAfterMs` after it when given (tests). Returns how many it
     * opened and every due time of the month's open statement tasks, earliest first.
     */
    async openStatementTasksPerMunicipality({ month, openedAt, dueAfterMs }: { month: string; openedAt: string; dueAfterMs?: number }): Promise<{ opened: number; dueAts: string[] }> {
      const municipalities: { municipality_id: string }[] = await dataSource.query(`SELECT DISTINCT municipality_id FROM cooperative_members WHERE to_char(joined_on, 'YYYY-MM') <= $1`, [month]);
      const rules: { id: string; municipality_id: string | null; valid_from: string; valid_to: string | null; version: number; params: StatementDueParams }[] = await dataSource.query(
        `SELECT id, municipality_id, to_char(valid_from, 'YYYY-MM-DD') AS valid_from, to_char(valid_to, 'YYYY-MM-DD') AS valid_to, version, params FROM venue_rules WHERE rule_set = $1`,
        [COOPERATIVE_STATEMENT],
      );
      let opened = 0;
      for (const { municipality_id: municipalityId } of municipalities) {
        const own: DatedRule<StatementDueParams>[] = rules
          .filter((r) => r.municipality_id === null || r.municipality_id === municipalityId)
          .map((r) => ({ id: r.id, ruleSet: COOPERATIVE_STATEMENT, variant: 'DEFAULT', validFrom: r.valid_from, ...(r.valid_to ? { validTo: r.valid_to } : {}), version: r.version, params: r.params }));
        const days = ruleInForce(own, COOPERATIVE_STATEMENT, 'DEFAULT', openedAt.slice(0, 10))?.params.dueDays ?? 10;
        const dueAt = new Date(Date.parse(openedAt) + (dueAfterMs ?? days * DAY_MS)).toISOString();
        const rows: unknown[] = await dataSource.query(
          `INSERT INTO venue_tasks (id, type, venue_id, municipality_id, member_id, candidate_id, month, assignee_organisation_id, due_at)
           SELECT 'cooperative.statement:' || m.id || ':' || $1, 'cooperative.statement', m.venue_id, m.municipality_id, m.id, m.candidate_id, $1, m.venue_id, $2
           FROM cooperative_members m
           WHERE m.municipality_id = $3 AND to_char(m.joined_on, 'YYYY-MM') <= $1
             AND NOT EXISTS (SELECT 1 FROM cooperative_statements s WHERE s.member_id = m.id AND s.month = $1)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [month, dueAt, municipalityId],
        );
        opened += rows.length;
      }
      const due: { due_at: Date }[] = await dataSource.query(
        `SELECT DISTINCT due_at FROM venue_tasks WHERE type = 'cooperative.statement' AND month = $1 AND status = 'OPEN' AND escalated_at IS NULL ORDER BY due_at`,
        [month],
      );
      return { opened, dueAts: due.map((d) => new Date(d.due_at).toISOString()) };
    },

    /**
     * Hands the statement tasks of `month` still open to the municipality's coordinator
     * (escalated), those due by `dueBy` when given; returns how many.
     */
    async escalateLateStatementTasks({ month, dueBy }: { month: string; dueBy?: string }): Promise<number> {
      const [rows]: [unknown[], number] = await dataSource.query(
        `UPDATE venue_tasks SET escalated_at = now(), assignee_organisation_id = municipality_id
         WHERE type = 'cooperative.statement' AND month = $1 AND status = 'OPEN' AND escalated_at IS NULL AND ($2::timestamptz IS NULL OR due_at <= $2) RETURNING id`,
        [month, dueBy ?? null],
      );
      return rows.length;
    },
  };
}

export type VenueActivities = ReturnType<typeof createVenueActivities>;
