import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ConfigModule } from '../../../libs/config/src/config.module';
import { validateEnvironment } from '../../../libs/config/src/environment';
import { AccessModule } from './access/access.module';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { DatabaseModule } from '../../../libs/database/src/database.module';
import { HealthModule } from './health/health.module';
import { JourneysModule } from './journeys/journeys.module';
import { PrivacyModule } from './privacy/privacy.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { PipelineModule } from './pipeline/pipeline.module';
import { ProblemDetailsFilter } from './problem/problem-details.filter';
import { createValidationPipe } from './problem/validation';
import { ReferralsModule } from './referrals/referrals.module';
import { TaskTypesModule } from './task-types/task-types.module';
import { TasksModule } from './tasks/tasks.module';
import { TemporalModule } from './temporal/temporal.module';
import { VenuesModule } from './venues/venues.module';
import { WorkplacesModule } from './workplaces/workplaces.module';

/** The HTTP app: one module per capability. Pipe and filter are app-wide, so test apps get them too. */
@Module({})
export class AppModule {
  /** The app for this environment: without the token-minting endpoint in production. */
  static forEnvironment(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule,
        DatabaseModule,
        TemporalModule,
        CommonModule,
        AccessModule,
        AuthModule.forEnvironment(validateEnvironment(env).NODE_ENV),
        HealthModule,
        OrganisationsModule,
        ReferralsModule,
        JourneysModule,
        TasksModule,
        TaskTypesModule,
        WorkplacesModule,
        VenuesModule,
        PipelineModule,
        PrivacyModule,
        NotificationsModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
      ],
    };
  }
}
