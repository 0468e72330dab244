import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Workers say every few seconds that they poll their task queue: the API's readiness and its 503
 * answers tell "no worker" apart from "Temporal is down" by it (Temporal lists a dead worker's
 * pollers for minutes).
 */
export class WorkerHeartbeats1763950000000 implements MigrationInterface {
  name = 'WorkerHeartbeats1763950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE worker_heartbeats (
        worker_id uuid PRIMARY KEY,
        task_queue text NOT NULL,
        host text NOT NULL,
        pid integer NOT NULL,
        started_at timestamptz NOT NULL,
        seen_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX worker_heartbeats_queue_idx ON worker_heartbeats (task_queue, seen_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS worker_heartbeats`);
  }
}
