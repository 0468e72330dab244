import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { CreateReferralDto } from '../../../../libs/contracts/src/referral.dto';
import { AccessLogRepository } from '../../../../libs/database/src/repositories/access-log.repository';
import { CandidatesRepository } from '../../../../libs/database/src/repositories/candidates.repository';
import { ConsentsRepository } from '../../../../libs/database/src/repositories/consents.repository';
import { initialGrants } from '../../../../libs/domain/src/privacy';
import { isOpenTask } from '../../../../libs/database/src/sql/conditions';

/** All I/O of referrals (the candidate's personal data through its own repository). */
@Injectable()
export class ReferralsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly candidates: CandidatesRepository,
    private readonly consents: ConsentsRepository,
    private readonly accessLogs: AccessLogRepository,
  ) {}

  /**
   * Writes the candidate, the referral, version 1 of the consent ledger and the access log's record
   * of the referrer's write, in the caller's transaction (the one that claims the Idempotency-Key).
   */
  async create(
    tx: EntityManager,
    input: { candidateId: string; referralId: string; referrerOrganisationId: string; userId: string; role?: string; careProviderId?: string; dto: CreateReferralDto },
  ): Promise<void> {
    const { dto } = input;
    await this.candidates.insert(tx, { id: input.candidateId, municipalityId: dto.municipalityId, ...dto.candidate });
    await tx.query(
      `INSERT INTO referrals (id, candidate_id, referrer_organisation_id, municipality_id, care_provider_id, situation, consent_given_by, consent_given_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [input.referralId, input.candidateId, input.referrerOrganisationId, dto.municipalityId, input.careProviderId ?? null, dto.situation, dto.consent.givenBy, dto.consent.givenAt],
    );
    await this.consents.append(tx, input.candidateId, {
      givenBy: dto.consent.givenBy,
      givenAt: dto.consent.givenAt,
      grants: initialGrants(),
      withdrawnAll: false,
      recordedBy: { organisationId: input.referrerOrganisationId, subject: input.userId },
    });
    await this.accessLogs.record(
      {
        candidateId: input.candidateId,
        municipalityId: dto.municipalityId,
        organisationId: input.referrerOrganisationId,
        userId: input.userId,
        role: input.role,
        action: 'CHANGE',
        purpose: 'INTAKE',
        endpoint: 'POST /referrals',
        fields: ['firstName', 'lastName', 'dateOfBirth', ...(dto.candidate.email ? ['email'] : []), ...(dto.candidate.phone ? ['phone'] : []), 'situation', 'consent'],
      },
      tx,
    );
  }

  /** The referral of a candidate: what its journey starts from. */
  async find(candidateId: string): Promise<{ municipalityId: string; careProviderId?: string; referrerOrganisationId: string; referredAt: Date } | undefined> {
    const rows: { municipality_id: string; care_provider_id: string | null; referrer_organisation_id: string; created_at: Date }[] = await this.dataSource.query(
      'SELECT municipality_id, care_provider_id, referrer_organisation_id, created_at FROM referrals WHERE candidate_id = $1',
      [candidateId],
    );
    const row = rows[0];
    return (
      row && {
        municipalityId: row.municipality_id,
        ...(row.care_provider_id ? { careProviderId: row.care_provider_id } : {}),
        referrerOrganisationId: row.referrer_organisation_id,
        referredAt: row.created_at,
      }
    );
  }

  /** Referrals seen through one column (municipality, referrer or care provider), newest first. */
  list(filter: { column: 'municipality_id' | 'referrer_organisation_id' | 'care_provider_id'; organisationId: string; intake?: string; before?: { createdAt: string; id: string }; limit: number }): Promise<ReferralListRow[]> {
    return this.dataSource.query(
      `SELECT * FROM (
         SELECT r.id, r.candidate_id, r.referrer_organisation_id, r.municipality_id, r.care_provider_id, r.consent_given_by, r.consent_given_at,
                r.created_at, to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS created_key, j.step, j.status,
                CASE WHEN EXISTS (SELECT 1 FROM human_tasks t WHERE t.candidate_id = r.candidate_id AND t.type = 'intake.accept' AND ${isOpenTask('t.status')}) THEN 'PENDING'
                     ELSE coalesce((SELECT CASE e.data->>'decision' WHEN 'ACCEPT' THEN 'ACCEPTED' WHEN 'REJECT' THEN 'REJECTED' END
                                    FROM journey_events e WHERE e.candidate_id = r.candidate_id AND e.type = 'task.completed' AND e.task_id LIKE 'intake.accept#%'
                                    ORDER BY e.sequence DESC LIMIT 1), 'CLOSED') END AS intake
         FROM referrals r JOIN journeys j ON j.candidate_id = r.candidate_id
         WHERE r.${filter.column} = $1 AND ($2::timestamptz IS NULL OR (r.created_at, r.id) < ($2::timestamptz, $3::uuid))
         ORDER BY r.created_at DESC, r.id DESC
       ) page WHERE $4::text IS NULL OR intake = $4 LIMIT $5`,
      [filter.organisationId, filter.before?.createdAt ?? null, filter.before?.id ?? null, filter.intake ?? null, filter.limit],
    );
  }
}

export interface ReferralListRow {
  id: string;
  candidate_id: string;
  referrer_organisation_id: string;
  municipality_id: string;
  care_provider_id: string | null;
  consent_given_by: string;
  consent_given_at: Date;
  created_at: Date;
  created_key: string;
  step: string;
  status: string;
  intake: 'PENDING' | 'ACCEPTED' | 'REJECTED' | 'CLOSED';
}
