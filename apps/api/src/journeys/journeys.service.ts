import { Injectable } from '@nestjs/common';
import { JourneyDto } from '../../../../libs/contracts/src/referral.dto';
import type { Principal } from '../auth/principal';
import { ProblemException } from '../problem/problem';
import { JourneysRepository } from './journeys.repository';

@Injectable()
export class JourneysService {
  constructor(private readonly journeys: JourneysRepository) {}

  /** The journey from the read model (the projection the workflow keeps). */
  async get(principal: Principal, candidateId: string): Promise<JourneyDto> {
    // Another party's journey does not exist for this caller: 404, not 403.
    const row = await this.journeys.findForParticipant(candidateId, principal.organisationId);
    if (!row) throw ProblemException.notFound(`There is no journey for candidate ${candidateId}.`);
    return Object.assign(new JourneyDto(), {
      candidateId: row.candidateId,
      workflowId: row.workflowId,
      step: row.step,
      status: row.status,
      municipalityId: row.municipalityId,
      careProviderId: row.careProviderId,
      referrerOrganisationId: row.referrerOrganisationId,
      sequence: row.sequence,
      referredAt: row.referredAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    });
  }
}
