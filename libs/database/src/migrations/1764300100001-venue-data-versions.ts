import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './1764100000000-privacy';

/**
 * A venue's kind data (a cooperative's benefit level and outflow months, a firm's own target, a
 * space's seats) corrected as dated versions: valid from a day, with who recorded it, when and
 * why; the data registered with the venue holds before the first. A month is settled with the
 * version in effect then. The API's role may insert and read, not change or delete.
 */
export class VenueDataVersions1764300100001 implements MigrationInterface {
  name = 'VenueDataVersions1764300100001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE venue_data_versions (
        id uuid PRIMARY KEY,
        venue_id uuid NOT NULL REFERENCES organisations (id),
        version integer NOT NULL CHECK (version >= 1),
        valid_from date NOT NULL,
        data jsonb NOT NULL,
        reason text NOT NULL CHECK (length(reason) > 0),
        recorded_by_organisation_id uuid NOT NULL,
        recorded_by_user_id text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (venue_id, version)
      )`);
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          GRANT SELECT, INSERT ON venue_data_versions TO ${APP_ROLE};
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS venue_data_versions`);
  }
}
