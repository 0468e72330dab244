import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './1764100000000-privacy';

/**
 * Changes of a Social Firm's register entry, kept as history: new terms (employment form,
 * contract and paid hours a week) from a day, or the end of the employment on a day, each with
 * who recorded it, when and why. The registration itself is never overwritten; a month's
 * inclusion share counts the terms in effect then. The API's role may insert and read, not
 * change or delete.
 */
export class SocialFirmWorkerChanges1764300100000 implements MigrationInterface {
  name = 'SocialFirmWorkerChanges1764300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE social_firm_worker_changes (
        id uuid PRIMARY KEY,
        worker_id uuid NOT NULL REFERENCES social_firm_workers (id),
        venue_id uuid NOT NULL REFERENCES organisations (id),
        version integer NOT NULL CHECK (version >= 1),
        effective_from date NOT NULL,
        employment_form text CHECK (employment_form IN ('REGULAR', 'WSW', 'SHELTERED_WORK', 'JOBS_AGREEMENT', 'SECONDMENT', 'TRIAL_PLACEMENT')),
        contract_hours_hundredths integer CHECK (contract_hours_hundredths BETWEEN 0 AND 16800),
        paid_hours_hundredths integer CHECK (paid_hours_hundredths BETWEEN 0 AND 16800),
        ends boolean NOT NULL DEFAULT false,
        reason text NOT NULL CHECK (length(reason) > 0),
        recorded_by_organisation_id uuid NOT NULL,
        recorded_by_user_id text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (worker_id, version),
        CHECK (ends OR employment_form IS NOT NULL OR contract_hours_hundredths IS NOT NULL OR paid_hours_hundredths IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX social_firm_worker_changes_end_idx ON social_firm_worker_changes (worker_id) WHERE ends`);
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          GRANT SELECT, INSERT ON social_firm_worker_changes TO ${APP_ROLE};
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS social_firm_worker_changes`);
  }
}
