import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Employers' workplaces, and the employer of a journey's current placement or job. */
export class Workplaces1763900000000 implements MigrationInterface {
  name = 'Workplaces1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE journeys ADD COLUMN current_employer_id uuid`);
    await q.query(`CREATE INDEX journeys_current_employer_idx ON journeys (current_employer_id, step) WHERE current_employer_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE workplaces (
        id uuid PRIMARY KEY,
        employer_id uuid NOT NULL REFERENCES organisations (id),
        municipality_id uuid NOT NULL REFERENCES organisations (id),
        title text NOT NULL,
        location text NOT NULL,
        hours_per_week integer NOT NULL,
        capacity integer NOT NULL,
        support_on_site text[] NOT NULL DEFAULT '{}',
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX workplaces_employer_idx ON workplaces (employer_id)`);
    await q.query(`CREATE INDEX workplaces_municipality_idx ON workplaces (municipality_id, active)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS workplaces`);
    await q.query(`ALTER TABLE journeys DROP COLUMN IF EXISTS current_employer_id`);
  }
}
