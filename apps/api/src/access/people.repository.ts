import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ConsentGrant } from '../../../../libs/domain/src/privacy';

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
}
