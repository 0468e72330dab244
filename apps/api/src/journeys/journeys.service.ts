import { Injectable } from '@nestjs/common';
import { JourneyDto } from '../../../../libs/contracts/src/referral.dto';
import { ProblemException } from '../problem/problem';
import { JourneysRepository } from './journeys.repository';

@Injectable()
export class JourneysService {
  constructor(private readonly journeys: JourneysRepository) {}

  /** The journey from the read model (the projection the workflow keeps). */
  async get(candidateId: string): Promise<JourneyDto> {
    const row = await this.journeys.findOne(candidateId);
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
