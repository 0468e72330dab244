import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reads show only rows of the committed history (read-model/committed.ts): at or below their
 * journey's committed sequence. Until now that sequence was kept for the notices alone, and only
 * where a journey had some; what the projection wrote before this is taken as committed (a lost
 * workflow task's rows were replaced by its redo long ago, and the reconciliation compares every
 * journey with its history). The notice dispatcher finds the journeys not yet confirmed by this
 * index: few at any time.
 */
export class CommittedRows1765800000001 implements MigrationInterface {
  name = 'CommittedRows1765800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE journeys SET committed_sequence = sequence WHERE committed_sequence < sequence`);
    await q.query(`CREATE INDEX journeys_unconfirmed_idx ON journeys (updated_at) WHERE sequence > committed_sequence`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS journeys_unconfirmed_idx`);
  }
}
