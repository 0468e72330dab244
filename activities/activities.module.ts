import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createJourneyActivities, type JourneyActivities } from './journey/journey.activities';

export const JOURNEY_ACTIVITIES = Symbol('JOURNEY_ACTIVITIES');
export type { JourneyActivities };

/** Activities as Nest providers: the only writers of the read model. */
@Module({
  providers: [
    {
      provide: JOURNEY_ACTIVITIES,
      inject: [DataSource],
      useFactory: (dataSource: DataSource): JourneyActivities => createJourneyActivities({ dataSource }),
    },
  ],
  exports: [JOURNEY_ACTIVITIES],
})
export class ActivitiesModule {}
