import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A workplace's hours a week in halves (12.5): numeric with one decimal, whole or half hours only. */
export class WorkplaceHalfHours1765700000001 implements MigrationInterface {
  name = 'WorkplaceHalfHours1765700000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workplaces ALTER COLUMN hours_per_week TYPE numeric(3,1)`);
    await q.query(`ALTER TABLE workplaces ADD CONSTRAINT workplaces_half_hours CHECK (hours_per_week * 2 = trunc(hours_per_week * 2))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workplaces DROP CONSTRAINT IF EXISTS workplaces_half_hours`);
    await q.query(`ALTER TABLE workplaces ALTER COLUMN hours_per_week TYPE integer USING round(hours_per_week)`);
  }
}
