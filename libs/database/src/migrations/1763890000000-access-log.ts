import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every read of a young person's personal data: who, what, when, which endpoint. */
export class AccessLog1763890000000 implements MigrationInterface {
  name = 'AccessLog1763890000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE access_log (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        candidate_id uuid NOT NULL REFERENCES candidates (id),
        municipality_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        user_id text NOT NULL,
        endpoint text NOT NULL,
        fields text[] NOT NULL
      )`);
    await q.query(`CREATE INDEX access_log_municipality_idx ON access_log (municipality_id, id)`);
    await q.query(`CREATE INDEX access_log_candidate_idx ON access_log (candidate_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS access_log`);
  }
}
