import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createVenueActivities, type VenueActivities } from './venue.activities';

export const VENUE_ACTIVITIES = Symbol('VENUE_ACTIVITIES');
export type { VenueActivities };

/** The monthly statements workflow's activities as a Nest provider. */
@Module({
  providers: [{ provide: VENUE_ACTIVITIES, inject: [DataSource], useFactory: (dataSource: DataSource): VenueActivities => createVenueActivities({ dataSource }) }],
  exports: [VENUE_ACTIVITIES],
})
export class VenueActivitiesModule {}
