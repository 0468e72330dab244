import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A municipality can require a second coordinator for the funding decision (four eyes): off by default. */
export class FourEyesFunding1765700000002 implements MigrationInterface {
  name = 'FourEyesFunding1765700000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisations ADD COLUMN four_eyes_funding boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisations DROP COLUMN IF EXISTS four_eyes_funding`);
  }
}
