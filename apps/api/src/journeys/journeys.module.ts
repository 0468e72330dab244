import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JourneyEntity } from '../../../../libs/database/src/entities';
import { JourneysController } from './journeys.controller';
import { JourneysRepository } from './journeys.repository';
import { JourneysService } from './journeys.service';

@Module({
  imports: [TypeOrmModule.forFeature([JourneyEntity])],
  controllers: [JourneysController],
  providers: [JourneysService, JourneysRepository],
})
export class JourneysModule {}
