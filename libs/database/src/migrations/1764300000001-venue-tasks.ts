import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './1764100000000-privacy';

/**
 * A venue's monthly work as human tasks: the cooperative's statement of each member's month
 * (opened by the monthly statements workflow, escalated to the municipality's coordinator when
 * late, completed by the statement), and the coordinator's review when a member's net result
 * stood at or above the benefit level for the configured months, or a flex-work space's
 * participant's net revenue above the outflow threshold. Ids are deterministic (type, member or
 * participant, month), so a rerun opens nothing twice.
 */
export class VenueTasks1764300000001 implements MigrationInterface {
  name = 'VenueTasks1764300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE venue_tasks (
        id text PRIMARY KEY,
        type text NOT NULL,
        venue_id uuid NOT NULL REFERENCES organisations (id),
        municipality_id uuid NOT NULL REFERENCES organisations (id),
        member_id uuid REFERENCES cooperative_members (id),
        candidate_id uuid NOT NULL,
        month text NOT NULL,
        assignee_organisation_id uuid NOT NULL REFERENCES organisations (id),
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'COMPLETED')),
        due_at timestamptz NOT NULL,
        escalated_at timestamptz,
        completed_at timestamptz,
        outcome text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX venue_tasks_assignee_idx ON venue_tasks (assignee_organisation_id, status)`);
    await q.query(`CREATE INDEX venue_tasks_escalated_idx ON venue_tasks (municipality_id, status) WHERE escalated_at IS NOT NULL`);
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          GRANT SELECT, INSERT, UPDATE ON venue_tasks TO ${APP_ROLE};
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS venue_tasks`);
  }
}
