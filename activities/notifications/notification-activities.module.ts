import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Environment, mailSettings } from '../../libs/config/src/environment';
import { createNotificationActivities, type NotificationActivities } from './notifications.activities';

export const NOTIFICATION_ACTIVITIES = Symbol('NOTIFICATION_ACTIVITIES');
export type { NotificationActivities };

/** The notification activities as a Nest provider. */
@Module({
  providers: [
    {
      provide: NOTIFICATION_ACTIVITIES,
      inject: [DataSource, Environment],
      useFactory: (dataSource: DataSource, env: Environment): NotificationActivities => {
        const mail = mailSettings(env);
        return createNotificationActivities({ dataSource, publicUrl: mail.publicUrl, messageIdDomain: mail.domain });
      },
    },
  ],
  exports: [NOTIFICATION_ACTIVITIES],
})
export class NotificationActivitiesModule {}
