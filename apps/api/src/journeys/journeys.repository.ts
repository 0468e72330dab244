import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { JourneyEntity } from '../../../../libs/database/src/entities';

@Injectable()
export class JourneysRepository {
  constructor(@InjectRepository(JourneyEntity) private readonly journeys: Repository<JourneyEntity>) {}

  /** The journey, if this organisation takes part in it (municipality, care provider, referrer or employer). */
  findForParticipant(candidateId: string, organisationId: string): Promise<JourneyEntity | null> {
    return this.journeys
      .createQueryBuilder('j')
      .where('j.candidate_id = :candidateId', { candidateId })
      .andWhere(
        '(j.municipality_id = :org OR j.care_provider_id = :org OR j.referrer_organisation_id = :org OR :org = ANY(j.employer_ids))',
        { org: organisationId },
      )
      .getOne();
  }
}
