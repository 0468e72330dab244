import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A match names the workplace it takes a place of: the completions that name one, found by it (a workplace's places taken). */
export class WorkplaceOccupancy1765700000003 implements MigrationInterface {
  name = 'WorkplaceOccupancy1765700000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX journey_events_workplace_idx ON journey_events ((data->>'workplaceId')) WHERE type = 'task.completed' AND data ? 'workplaceId'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS journey_events_workplace_idx`);
  }
}
