import { Module } from '@nestjs/common';
import { Environment } from '../../libs/config/src/environment';
import { ErasuresRepository } from '../../libs/database/src/repositories/erasures.repository';
import { createPrivacyActivities, type PrivacyActivities } from './privacy.activities';

export const PRIVACY_ACTIVITIES = Symbol('PRIVACY_ACTIVITIES');
export type { PrivacyActivities };

/** The retention workflow's activities as a Nest provider. */
@Module({
  providers: [
    {
      provide: PRIVACY_ACTIVITIES,
      inject: [ErasuresRepository, Environment],
      useFactory: (erasures: ErasuresRepository, env: Environment): PrivacyActivities => createPrivacyActivities({ erasures, defaultRetentionDays: env.RETENTION_DAYS_DEFAULT }),
    },
  ],
  exports: [PRIVACY_ACTIVITIES],
})
export class PrivacyActivitiesModule {}
