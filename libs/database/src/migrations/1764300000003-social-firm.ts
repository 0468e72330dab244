import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './1764100000000-privacy';

/**
 * A Social Firm's register of its workers: employment form, contract and paid hours a week (in
 * hundredths, at most 168 hours), in the target-group register and on which basis (never the
 * BSN: the firm's own reference names the worker). A journey placed at the firm enters it.
 */
export class SocialFirm1764300000003 implements MigrationInterface {
  name = 'SocialFirm1764300000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE social_firm_workers (
        id uuid PRIMARY KEY,
        venue_id uuid NOT NULL REFERENCES organisations (id),
        municipality_id uuid NOT NULL REFERENCES organisations (id),
        candidate_id uuid,
        worker_reference text NOT NULL CHECK (worker_reference !~ '^[0-9]{9}$'),
        employment_form text NOT NULL CHECK (employment_form IN ('REGULAR', 'WSW', 'SHELTERED_WORK', 'JOBS_AGREEMENT', 'SECONDMENT', 'TRIAL_PLACEMENT')),
        contract_hours_hundredths integer NOT NULL CHECK (contract_hours_hundredths BETWEEN 0 AND 16800),
        paid_hours_hundredths integer NOT NULL CHECK (paid_hours_hundredths BETWEEN 0 AND 16800),
        in_target_group_register boolean NOT NULL,
        register_basis text,
        started_on date NOT NULL,
        ended_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (venue_id, worker_reference),
        CHECK (in_target_group_register OR register_basis IS NULL),
        CHECK (ended_on IS NULL OR ended_on >= started_on)
      )`);
    await q.query(`CREATE UNIQUE INDEX social_firm_workers_journey_idx ON social_firm_workers (venue_id, candidate_id) WHERE candidate_id IS NOT NULL`);
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          GRANT SELECT, INSERT, UPDATE ON social_firm_workers TO ${APP_ROLE};
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS social_firm_workers`);
  }
}
