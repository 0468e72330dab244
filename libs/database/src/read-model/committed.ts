import type { DataSource } from 'typeorm';

/**
 * The rows a person is shown: those of the committed history only. A projection is written by a
 * local activity inside a workflow task; when that task is lost (a worker or Temporal killed before
 * its completion is stored), its rows stay until the workflow's redo replaces them, seconds later.
 * Every row of the read model carries the sequence it was written at, and each journey the
 * sequence up to which its history is known committed (`journeys.committed_sequence`: raised by
 * an Update's answer, by the next projection's base, and by the notice dispatcher's confirmation
 * of what no Update answered). A row above it is not shown yet; a lost task's rows never are.
 *
 * `alias` names the row (journey_events, human_tasks); the condition reads its journey's
 * committed sequence by primary key.
 */
export function committed(alias: string): string {
  return `${alias}.sequence <= (SELECT cj.committed_sequence FROM journeys cj WHERE cj.candidate_id = ${alias}.candidate_id)`;
}

/**
 * The writes of the journeys' committed sequence, beside the one writer of the rows
 * (journey-projection.writer.ts), whose base raises it too: the Updates' answers (the API), the
 * notice dispatcher's confirmations of what no Update answered (the worker).
 */
export class CommittedSequence {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Updates' answers: each journey's history up to its sequence is committed (its notices may be
   * told). One statement for any number of journeys, in candidate order.
   */
  async confirmCommitted(confirmed: ReadonlyMap<string, number>): Promise<void> {
    const sorted = [...confirmed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    await this.dataSource.query(
      `UPDATE journeys j SET committed_sequence = c.sequence FROM unnest($1::uuid[], $2::int[]) AS c(candidate_id, sequence)
       WHERE j.candidate_id = c.candidate_id AND j.committed_sequence < c.sequence`,
      [sorted.map(([id]) => id), sorted.map(([, sequence]) => sequence)],
    );
  }

  /**
   * Journeys whose rows (timeline, tasks, notices) go beyond their committed sequence and were
   * written longer than `olderThanMs` ago: what no Update's answer confirmed (a timer's workflow
   * task, an answer lost), or a lost workflow task's rows. Oldest first.
   */
  async unconfirmedJourneys(olderThanMs: number, limit = 20): Promise<string[]> {
    const rows: { candidate_id: string }[] = await this.dataSource.query(
      `SELECT candidate_id FROM journeys
       WHERE sequence > committed_sequence AND updated_at < now() - make_interval(secs => $1::float8 / 1000)
       ORDER BY updated_at LIMIT $2`,
      [olderThanMs, limit],
    );
    return rows.map((r) => r.candidate_id);
  }

  /**
   * A journey whose workflow is closed (or gone): its rows are all there will be. A completed run's
   * last projection came from its last, committed workflow task: all of it is committed. A run that
   * ended otherwise (terminated, failed) leaves its unconfirmed notices untold; its rows are shown
   * as they are (the reconciliation compares them with its history).
   */
  async closeCommitted(candidateId: string, completed: boolean): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      if (!completed) {
        await tx.query(
          `DELETE FROM journey_notices n USING journeys j WHERE n.candidate_id = $1 AND j.candidate_id = $1 AND n.sequence > j.committed_sequence`,
          [candidateId],
        );
      }
      await tx.query(`UPDATE journeys SET committed_sequence = sequence WHERE candidate_id = $1 AND committed_sequence < sequence`, [candidateId]);
    });
  }
}
