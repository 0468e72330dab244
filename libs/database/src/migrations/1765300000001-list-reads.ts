import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A list that names young people (an inbox, the referrals, the placements) is a read of their
 * personal data: one access-log row per list read, naming every young person shown in
 * `candidate_ids` (`candidate_id` stays for a read about one young person and is empty for a list).
 * The row's digest covers the list; a row without one digests as before, so the chain written
 * before still verifies.
 */
export class ListReads1765300000001 implements MigrationInterface {
  name = 'ListReads1765300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE access_log ADD COLUMN candidate_ids uuid[], ALTER COLUMN candidate_id DROP NOT NULL`);
    await q.query(`ALTER TABLE access_log ADD CONSTRAINT access_log_about_someone CHECK (candidate_id IS NOT NULL OR cardinality(candidate_ids) > 0)`);
    await q.query(`CREATE INDEX access_log_candidate_ids_idx ON access_log USING gin (candidate_ids)`);
    // concat_ws leaves out a NULL: a row without a list digests exactly as under 1764100000000.
    await q.query(`
      CREATE OR REPLACE FUNCTION access_log_digest(prev text, r access_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT encode(sha256(convert_to(concat_ws('|', coalesce(prev, ''), r.chain_seq, r.municipality_id, r.candidate_id,
          r.organisation_id, r.user_id, coalesce(r.role, ''), r.action, coalesce(r.purpose, ''), r.endpoint,
          array_to_string(r.fields, ','), to_char(r.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
          array_to_string(r.candidate_ids, ',')), 'UTF8')), 'hex')
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION access_log_digest(prev text, r access_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT encode(sha256(convert_to(concat_ws('|', coalesce(prev, ''), r.chain_seq, r.municipality_id, r.candidate_id,
          r.organisation_id, r.user_id, coalesce(r.role, ''), r.action, coalesce(r.purpose, ''), r.endpoint,
          array_to_string(r.fields, ','), to_char(r.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')), 'UTF8')), 'hex')
      $$`);
    await q.query(`ALTER TABLE access_log DROP CONSTRAINT access_log_about_someone, DROP COLUMN candidate_ids`);
  }
}
