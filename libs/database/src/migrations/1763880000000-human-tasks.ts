import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Human tasks in the read model, and what the journey row needs for inboxes and the pipeline. */
export class HumanTasks1763880000000 implements MigrationInterface {
  name = 'HumanTasks1763880000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE journeys
      ADD COLUMN phase text NOT NULL DEFAULT 'CONNECT:ACTIVE',
      ADD COLUMN employer_ids uuid[] NOT NULL DEFAULT '{}',
      ADD COLUMN proposed_route text,
      ADD COLUMN route text,
      ADD COLUMN run_count integer NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE journey_events ADD COLUMN task_id text`);
    await q.query(`
      CREATE TABLE human_tasks (
        candidate_id uuid NOT NULL REFERENCES candidates (id),
        task_id text NOT NULL,
        type text NOT NULL,
        step text NOT NULL,
        status text NOT NULL,
        assignee_organisation_id uuid NOT NULL,
        assignee_role text NOT NULL,
        assignee_user_id text,
        due_at timestamptz,
        escalated boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL,
        closed_at timestamptz,
        completed_by_organisation_id uuid,
        completed_by_user_id text,
        sequence integer NOT NULL,
        PRIMARY KEY (candidate_id, task_id)
      )`);
    // The inbox: open tasks of an organisation by due date.
    await q.query(`CREATE INDEX human_tasks_inbox_idx ON human_tasks (assignee_organisation_id, status, due_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS human_tasks`);
    await q.query(`ALTER TABLE journey_events DROP COLUMN IF EXISTS task_id`);
    await q.query(`ALTER TABLE journeys DROP COLUMN phase, DROP COLUMN employer_ids, DROP COLUMN proposed_route, DROP COLUMN route, DROP COLUMN run_count`);
  }
}
