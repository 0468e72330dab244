import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Environment } from '../../libs/config/src/environment';
import { createPipelineActivities, type PipelineActivities } from './pipeline.activities';

export const PIPELINE_ACTIVITIES = Symbol('PIPELINE_ACTIVITIES');
export type { PipelineActivities };

/** The reconciliation activities as a Nest provider; they use the worker's own Temporal client. */
@Module({
  providers: [
    {
      provide: PIPELINE_ACTIVITIES,
      inject: [DataSource, Environment],
      useFactory: (dataSource: DataSource, env: Environment): PipelineActivities => createPipelineActivities({ dataSource, taskQueue: env.TEMPORAL_TASK_QUEUE }),
    },
  ],
  exports: [PIPELINE_ACTIVITIES],
})
export class PipelineActivitiesModule {}
