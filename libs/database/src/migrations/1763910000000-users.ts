import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users of each organisation with their roles; organisations can be deactivated and changed; referral lists. */
export class Users1763910000000 implements MigrationInterface {
  name = 'Users1763910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisations
      ADD COLUMN active boolean NOT NULL DEFAULT true,
      ADD COLUMN version integer NOT NULL DEFAULT 1,
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`CREATE INDEX organisations_municipality_idx ON organisations (municipality_id, id)`);
    // The referral lists: a municipality's, and a referrer's, newest first.
    await q.query(`CREATE INDEX referrals_municipality_idx ON referrals (municipality_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX referrals_referrer_idx ON referrals (referrer_organisation_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX referrals_care_provider_idx ON referrals (care_provider_id, created_at DESC, id DESC)`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL REFERENCES organisations (id),
        subject text NOT NULL,
        name text NOT NULL,
        email text,
        roles text[] NOT NULL,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The bearer token's (org, sub) finds the user on every request.
    await q.query(`CREATE UNIQUE INDEX users_subject_idx ON users (organisation_id, subject)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS users`);
    await q.query(`DROP INDEX IF EXISTS organisations_municipality_idx`);
    for (const index of ['referrals_municipality_idx', 'referrals_referrer_idx', 'referrals_care_provider_idx']) await q.query(`DROP INDEX IF EXISTS ${index}`);
    await q.query(`ALTER TABLE organisations DROP COLUMN IF EXISTS active, DROP COLUMN IF EXISTS version, DROP COLUMN IF EXISTS updated_at`);
  }
}
