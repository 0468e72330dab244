import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One Idempotency-Key space per organisation across every command. A key row now says which
 * command it was (method and route, its path parameters, the body's hash) and, once the command
 * succeeded, the answer it gave, so the same request again is answered from it and any other
 * request with the key is refused. Rows of before name their command in their scope prefix; they
 * are moved over so a retry of an old request still replays. Where one organisation used a key for
 * two commands (allowed before), the first use keeps it.
 */
export class IdempotencyCommands1763960000000 implements MigrationInterface {
  name = 'IdempotencyCommands1763960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys
      ADD COLUMN organisation_id uuid,
      ADD COLUMN command text,
      ADD COLUMN params jsonb NOT NULL DEFAULT '{}'::jsonb,
      ADD COLUMN response_status integer,
      ADD COLUMN response_body jsonb,
      ADD COLUMN answered_at timestamptz,
      ALTER COLUMN resource_id DROP NOT NULL`);
    // scope: referrals:<org> | workplaces:<org> | workplace:<workplace> | organisations:<org>
    //        | organisation:<id>:<org> | users:<organisation>:<org> | user:<user>:<org>
    await q.query(`
      UPDATE idempotency_keys k SET
        organisation_id = m.organisation_id, command = m.command, params = m.params
      FROM (
        SELECT scope, key,
          CASE split_part(scope, ':', 1)
            WHEN 'workplace' THEN (SELECT w.employer_id FROM workplaces w WHERE w.id::text = split_part(scope, ':', 2))
            WHEN 'referrals' THEN split_part(scope, ':', 2)::uuid
            WHEN 'workplaces' THEN split_part(scope, ':', 2)::uuid
            WHEN 'organisations' THEN split_part(scope, ':', 2)::uuid
            ELSE nullif(split_part(scope, ':', 3), '')::uuid
          END AS organisation_id,
          CASE split_part(scope, ':', 1)
            WHEN 'referrals' THEN 'POST /referrals'
            WHEN 'workplaces' THEN 'POST /workplaces'
            WHEN 'workplace' THEN 'PATCH /workplaces/{id}'
            WHEN 'organisations' THEN 'POST /organisations'
            WHEN 'organisation' THEN 'PATCH /organisations/{id}'
            WHEN 'users' THEN 'POST /organisations/{id}/users'
            WHEN 'user' THEN 'PATCH /organisations/{id}/users/{userId}'
          END AS command,
          CASE split_part(scope, ':', 1)
            WHEN 'workplace' THEN jsonb_build_object('id', split_part(scope, ':', 2))
            WHEN 'organisation' THEN jsonb_build_object('id', split_part(scope, ':', 2))
            WHEN 'users' THEN jsonb_build_object('id', split_part(scope, ':', 2))
            WHEN 'user' THEN jsonb_build_object('id', (SELECT u.organisation_id::text FROM users u WHERE u.id::text = split_part(scope, ':', 2)), 'userId', split_part(scope, ':', 2))
            ELSE '{}'::jsonb
          END AS params
        FROM idempotency_keys
      ) m
      WHERE k.scope = m.scope AND k.key = m.key`);
    await q.query(`DELETE FROM idempotency_keys WHERE organisation_id IS NULL OR command IS NULL OR params::text LIKE '%null%'`);
    await q.query(`
      DELETE FROM idempotency_keys later USING idempotency_keys earlier
      WHERE later.organisation_id = earlier.organisation_id AND later.key = earlier.key
        AND (later.created_at, later.scope) > (earlier.created_at, earlier.scope)`);
    await q.query(`ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey`);
    await q.query(`ALTER TABLE idempotency_keys
      DROP COLUMN scope,
      ALTER COLUMN organisation_id SET NOT NULL,
      ALTER COLUMN command SET NOT NULL,
      ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (organisation_id, key),
      ADD CONSTRAINT idempotency_keys_answer_check CHECK ((response_status IS NULL) = (answered_at IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey, DROP CONSTRAINT idempotency_keys_answer_check, ADD COLUMN scope text`);
    await q.query(`UPDATE idempotency_keys SET scope = command || ':' || organisation_id || ':' || params::text`);
    await q.query(`DELETE FROM idempotency_keys WHERE resource_id IS NULL`);
    await q.query(`ALTER TABLE idempotency_keys
      DROP COLUMN organisation_id, DROP COLUMN command, DROP COLUMN params, DROP COLUMN response_status, DROP COLUMN response_body, DROP COLUMN answered_at,
      ALTER COLUMN scope SET NOT NULL, ALTER COLUMN resource_id SET NOT NULL,
      ADD CONSTRAINT idempotency_keys_pkey PRIMARY KEY (scope, key)`);
  }
}
