import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { JourneyEntity } from '../../../../libs/database/src/entities';

@Injectable()
export class JourneysRepository {
  constructor(@InjectRepository(JourneyEntity) private readonly journeys: Repository<JourneyEntity>) {}

  findOne(candidateId: string): Promise<JourneyEntity | null> {
    return this.journeys.findOneBy({ candidateId });
  }
}
