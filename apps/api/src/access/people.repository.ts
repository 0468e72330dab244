import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ConsentGrant } from '../../../../libs/domain/src/privacy';
import type { HostPartFact } from '../../../../libs/domain/src/access';
import { committed } from '../../../../libs/database/src/read-model/committed';
import { JourneyEntity } from '../../../../libs/database/src/entities';

/** What a list row needs to name a young person and say where the journey stands: one row per journey. */
export interface PersonRow {
  candidate_id: string;
  municipality_id: string;
  care_provider_id: string | null;
  referrer_organisation_id: string;
  employer_ids: string[];
  status: string;
  step: string;
  referred_at: Date;
  first_name: string | null;
  last_name: string | null;
  date_of_birth: string | null;
  referrer_name: string | null;
  host_id: string | null;
  host_name: string | null;
  consent_version: number | null;
  consent_grants: ConsentGrant[] | null;
  consent_withdrawn_all: boolean | null;
  today: string;
}

/** The young people of a list page, with their journey's parties and current consent, in one query. */
@Injectable()
export class PeopleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One journey's row; inside a transaction through its manager (no second pool connection while it holds one). */
  async journey(candidateId: string, tx?: EntityManager): Promise<JourneyEntity | undefined> {
    return (await (tx ?? this.dataSource.manager).getRepository(JourneyEntity).findOne({ where: { candidateId } })) ?? undefined;
  }

  find(candidateIds: readonly string[]): Promise<PersonRow[]> {
    if (!candidateIds.length) return Promise.resolve([]);
    return this.dataSource.query(
      `SELECT j.candidate_id, j.municipality_id, j.care_provider_id, j.referrer_organisation_id, j.employer_ids, j.status, j.step, j.referred_at,
              c.first_name, c.last_name, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
              ro.name AS referrer_name, j.current_employer_id AS host_id, ho.name AS host_name,
              cv.version AS consent_version, cv.grants AS consent_grants, cv.withdrawn_all AS consent_withdrawn_all,
              to_char(now() AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD') AS today
       FROM journeys j
       LEFT JOIN candidates c ON c.id = j.candidate_id AND c.erased_at IS NULL
       LEFT JOIN organisations ro ON ro.id = j.referrer_organisation_id
       LEFT JOIN organisations ho ON ho.id = j.current_employer_id
       LEFT JOIN LATERAL (SELECT v.version, v.grants, v.withdrawn_all FROM consent_versions v WHERE v.candidate_id = j.candidate_id ORDER BY v.version DESC LIMIT 1) cv ON true
       WHERE j.candidate_id = ANY($1::uuid[])`,
      [candidateIds],
    );
  }

  /**
   * What a host's part in these journeys rests on (hostPartRunning): the tasks opened and
   * completed, each completion with the host its task was about, in the order they happened.
   */
  async hostFacts(db: EntityManager | DataSource | undefined, candidateIds: readonly string[]): Promise<Map<string, HostPartFact[]>> {
    const facts = new Map<string, HostPartFact[]>(candidateIds.map((id) => [id, []]));
    if (!candidateIds.length) return facts;
    const rows: { candidate_id: string; type: HostPartFact['type']; task_type: string; assignee_organisation_id: string | null; employer_id: string | null; data: Record<string, unknown> }[] =
      await (db ?? this.dataSource).query(
        `SELECT e.candidate_id, e.type, e.data->>'taskType' AS task_type, e.data->>'assigneeOrganisationId' AS assignee_organisation_id,
                coalesce(e.data->>'employerId', o.data->>'employerId') AS employer_id, e.data
         FROM journey_events e
         LEFT JOIN journey_events o ON e.type = 'task.completed' AND o.candidate_id = e.candidate_id AND o.task_id = e.task_id AND o.type = 'task.opened'
         WHERE e.candidate_id = ANY($1::uuid[]) AND e.type IN ('task.opened', 'task.completed') AND ${committed('e')}
         ORDER BY e.candidate_id, e.sequence`,
        [candidateIds],
      );
    for (const r of rows) facts.get(r.candidate_id)?.push({ type: r.type, taskType: r.task_type, assigneeOrganisationId: r.assignee_organisation_id, employerId: r.employer_id, data: r.data });
    return facts;
  }
}
