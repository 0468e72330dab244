import type { DataSource } from 'typeorm';

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

    /** Hands the statement tasks of `month` still open to the municipality's coordinator (escalated); returns how many. */
    async escalateLateStatementTasks({ month }: { month: string }): Promise<number> {
      const [rows]: [unknown[], number] = await dataSource.query(
        `UPDATE venue_tasks SET escalated_at = now(), assignee_organisation_id = municipality_id
         WHERE type = 'cooperative.statement' AND month = $1 AND status = 'OPEN' AND escalated_at IS NULL RETURNING id`,
        [month],
      );
      return rows.length;
    },
  };
}

export type VenueActivities = ReturnType<typeof createVenueActivities>;
