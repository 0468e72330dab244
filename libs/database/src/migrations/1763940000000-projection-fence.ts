import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fence of the last projection written to a journey ([run, history length, workflow task
 * time]): a projection from a workflow task that was lost never overwrites a later one (see
 * writeJourneyProjection). Rows written before have none, and take the next projection.
 */
export class ProjectionFence1763940000000 implements MigrationInterface {
  name = 'ProjectionFence1763940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE journeys ADD COLUMN projection_fence bigint[]`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE journeys DROP COLUMN projection_fence`);
  }
}
