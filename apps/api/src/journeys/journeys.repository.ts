import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ACTOR_COLUMNS, actorJoin, type ActorRow } from '../../../../libs/database/src/repositories/actors';
import { committed } from '../../../../libs/database/src/read-model/committed';

export interface EventRow extends ActorRow {
  sequence: number;
  type: string;
  step: string;
  occurred_at: Date;
  task_id: string | null;
  data: Record<string, unknown>;
}

/** The timeline of a journey (the read model the workflow's projection keeps). */
@Injectable()
export class JourneysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Timeline entries after a sequence number, in order (who may see which is the access check's):
   * the committed history's only (COMMITTED below).
   */
  timeline(candidateId: string, after: number, limit: number): Promise<EventRow[]> {
    return this.dataSource.query(
      `SELECT e.sequence, e.type, e.step, e.occurred_at, e.actor_organisation_id, e.task_id, e.data, ${ACTOR_COLUMNS}
       FROM journey_events e ${actorJoin('e.actor_organisation_id', 'e.actor_user_id')}
       WHERE e.candidate_id = $1 AND e.sequence > $2 AND ${committed('e')}
       ORDER BY e.sequence LIMIT $3`,
      [candidateId, after, limit],
    );
  }
}
