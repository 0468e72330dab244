import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A command's result id may be text (a venue task's id is `cooperative.outflow-review:<member>:<month>`):
 * `idempotency_keys.resource_id` widens from uuid to text, so such a command records its own id
 * instead of a placeholder uuid. Every uuid stored so far stays the same text.
 */
export class IdempotencyTextResource1764300100002 implements MigrationInterface {
  name = 'IdempotencyTextResource1764300100002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ALTER COLUMN resource_id TYPE text USING resource_id::text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE idempotency_keys SET resource_id = NULL WHERE resource_id !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`);
    await q.query(`ALTER TABLE idempotency_keys ALTER COLUMN resource_id TYPE uuid USING resource_id::uuid`);
  }
}
