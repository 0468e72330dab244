import { Module } from '@nestjs/common';
import { ActivitiesModule } from '../../../activities/activities.module';
import { PipelineActivitiesModule } from '../../../activities/pipeline/pipeline-activities.module';
import { PrivacyActivitiesModule } from '../../../activities/privacy/privacy-activities.module';
import { ConfigModule } from '../../../libs/config/src/config.module';
import { DatabaseModule } from '../../../libs/database/src/database.module';
import { PipelineFoldService } from './pipeline-fold.service';
import { PipelineScheduleService } from './pipeline-schedule.service';
import { TemporalWorkerService } from './temporal-worker.service';

/** The worker process: a Nest application context without controllers. */
@Module({
  imports: [ConfigModule, DatabaseModule, ActivitiesModule, PipelineActivitiesModule, PrivacyActivitiesModule],
  providers: [TemporalWorkerService, PipelineScheduleService, PipelineFoldService],
})
export class WorkerModule {}
