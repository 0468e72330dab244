import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ACTOR_COLUMNS, actorJoin, type ActorRow } from './actors';

export interface AccessLogRow extends ActorRow {
  id: number;
  occurred_at: Date;
  candidate_id: string;
  endpoint: string;
  fields: string[];
}

/** Every read of a young person's personal data: who, which fields, through which endpoint, when. */
@Injectable()
export class AccessLogRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(entry: { candidateId: string; municipalityId: string; organisationId: string; userId: string; endpoint: string; fields: string[] }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO access_log (candidate_id, municipality_id, organisation_id, user_id, endpoint, fields) VALUES ($1, $2, $3, $4, $5, $6)`,
      [entry.candidateId, entry.municipalityId, entry.organisationId, entry.userId, entry.endpoint, entry.fields],
    );
  }

  /** A municipality's log, after an id, optionally of one young person. */
  list(municipalityId: string, candidateId: string | undefined, after: number, limit: number): Promise<AccessLogRow[]> {
    return this.dataSource.query(
      `SELECT l.id::int AS id, l.occurred_at, l.candidate_id, l.organisation_id AS actor_organisation_id, l.endpoint, l.fields, ${ACTOR_COLUMNS}
       FROM access_log l ${actorJoin('l.organisation_id', 'l.user_id')}
       WHERE l.municipality_id = $1 AND l.id > $2 ${candidateId ? 'AND l.candidate_id = $4' : ''}
       ORDER BY l.id LIMIT $3`,
      candidateId ? [municipalityId, after, limit, candidateId] : [municipalityId, after, limit],
    );
  }
}
