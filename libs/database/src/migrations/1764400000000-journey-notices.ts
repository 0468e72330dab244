import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './1764100000000-privacy';

/**
 * Notices written by the journey's projection (patch '2026-11-30-notices-in-projection'), in the
 * projection's own transaction, instead of a notify activity per projection: `journey_notices`
 * holds a journey's notices not yet turned into notifications, and `journeys.committed_sequence`
 * the sequence up to which its history is known to be committed (the projection's base, or an
 * Update's answer). A notice at or below it is told; one above it may be a lost workflow task's
 * and is replaced like the timeline entries beyond the base.
 */
export class JourneyNotices1764400000000 implements MigrationInterface {
  name = 'JourneyNotices1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE journeys ADD COLUMN committed_sequence integer NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE journey_notices (
        candidate_id uuid NOT NULL,
        sequence integer NOT NULL,
        notice jsonb NOT NULL,
        parties jsonb NOT NULL,
        written_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (candidate_id, sequence)
      )`);
    await q.query(`CREATE INDEX journey_notices_written_idx ON journey_notices (written_at)`);
    await q.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          GRANT SELECT, INSERT, UPDATE, DELETE ON journey_notices TO ${APP_ROLE};
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS journey_notices`);
    await q.query(`ALTER TABLE journeys DROP COLUMN IF EXISTS committed_sequence`);
  }
}
