import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import type { ActorFacts as ActorRow } from '../access/access.service';

export interface EventRow extends ActorRow {
  sequence: number;
  type: string;
  step: string;
  occurred_at: Date;
  task_id: string | null;
  data: Record<string, unknown>;
}

/** Joins the acting organisation and its user (found by the subject the row keeps), as `ao` and `au`. */
function actorJoin(organisation: string, subject: string): string {
  return `LEFT JOIN organisations ao ON ao.id = ${organisation}
          LEFT JOIN users au ON au.organisation_id = ${organisation} AND au.subject = ${subject}`;
}
const ACTOR_COLUMNS = 'ao.name AS actor_organisation_name, au.id AS actor_user_id, au.name AS actor_user_name, au.roles AS actor_user_roles';

export interface CandidateRow {
  id: string;
  first_name: string;
  last_name: string;
  date_of_birth: string;
  situation: string;
  consent_given_by: string;
  consent_given_at: Date;
}

@Injectable()
export class JourneysRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Timeline entries after a sequence number, in order (who may see which is the access check's). */
  timeline(candidateId: string, after: number, limit: number): Promise<EventRow[]> {
    return this.dataSource.query(
      `SELECT e.sequence, e.type, e.step, e.occurred_at, e.actor_organisation_id, e.task_id, e.data, ${ACTOR_COLUMNS}
       FROM journey_events e ${actorJoin('e.actor_organisation_id', 'e.actor_user_id')}
       WHERE e.candidate_id = $1 AND e.sequence > $2
       ORDER BY e.sequence LIMIT $3`,
      [candidateId, after, limit],
    );
  }

  async organisationType(id: string): Promise<string | undefined> {
    const rows: { type: string }[] = await this.dataSource.query('SELECT type FROM organisations WHERE id = $1', [id]);
    return rows[0]?.type;
  }

  async candidate(candidateId: string): Promise<CandidateRow | undefined> {
    const rows: CandidateRow[] = await this.dataSource.query(
      `SELECT c.id, c.first_name, c.last_name, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
              r.situation, r.consent_given_by, r.consent_given_at
       FROM candidates c JOIN referrals r ON r.candidate_id = c.id WHERE c.id = $1`,
      [candidateId],
    );
    return rows[0];
  }

  async logAccess(entry: { candidateId: string; municipalityId: string; organisationId: string; userId: string; endpoint: string; fields: string[] }): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO access_log (candidate_id, municipality_id, organisation_id, user_id, endpoint, fields) VALUES ($1, $2, $3, $4, $5, $6)`,
      [entry.candidateId, entry.municipalityId, entry.organisationId, entry.userId, entry.endpoint, entry.fields],
    );
  }

  accessLog(municipalityId: string, candidateId: string | undefined, after: number, limit: number) {
    return this.dataSource.query(
      `SELECT l.id::int AS id, l.occurred_at, l.candidate_id, l.organisation_id AS actor_organisation_id, l.endpoint, l.fields, ${ACTOR_COLUMNS}
       FROM access_log l ${actorJoin('l.organisation_id', 'l.user_id')}
       WHERE l.municipality_id = $1 AND l.id > $2 ${candidateId ? 'AND l.candidate_id = $4' : ''}
       ORDER BY l.id LIMIT $3`,
      candidateId ? [municipalityId, after, limit, candidateId] : [municipalityId, after, limit],
    ) as Promise<(ActorRow & { id: number; occurred_at: Date; candidate_id: string; endpoint: string; fields: string[] })[]>;
  }
}
