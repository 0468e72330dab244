import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../../../activities/activities.module';
import { NotificationActivitiesModule } from '../../../activities/notifications/notification-activities.module';
import { PipelineActivitiesModule } from '../../../activities/pipeline/pipeline-activities.module';
import { PrivacyActivitiesModule } from '../../../activities/privacy/privacy-activities.module';
import { VenueActivitiesModule } from '../../../activities/venues/venue-activities.module';
import { ConfigModule } from '../../../libs/config/src/config.module';
import { DatabaseModule } from '../../../libs/database/src/database.module';
import { MailDispatcherService } from './mail-dispatcher.service';
import { NoticeDispatcherService } from './notice-dispatcher.service';
import { PipelineFoldService } from './pipeline-fold.service';
import { SchedulesService } from './schedules.service';
import { TemporalWorkerService } from './temporal-worker.service';

/** The worker process: a Nest application context without controllers. */
@Module({
  imports: [ConfigModule, DatabaseModule, ActivitiesModule, PipelineActivitiesModule, PrivacyActivitiesModule, NotificationActivitiesModule, VenueActivitiesModule],
  providers: [TemporalWorkerService, SchedulesService, PipelineFoldService, MailDispatcherService, NoticeDispatcherService],
})
export class WorkerModule {}
