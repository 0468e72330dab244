import { Global, Module } from '@nestjs/common';
import { AccessLogRepository } from './access-log.repository';
import { CandidatesRepository } from './candidates.repository';
import { ConsentsRepository } from './consents.repository';
import { ErasuresRepository } from './erasures.repository';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import { NotificationsRepository } from './notifications.repository';
import { OrganisationsRepository } from './organisations.repository';
import { PipelineAggregatesRepository } from './pipeline-aggregates.repository';
import { SignInUsersRepository } from './sign-in-users.repository';

const REPOSITORIES = [
  AccessLogRepository,
  CandidatesRepository,
  ConsentsRepository,
  ErasuresRepository,
  IdempotencyKeysRepository,
  NotificationsRepository,
  OrganisationsRepository,
  PipelineAggregatesRepository,
  SignInUsersRepository,
];

/** The shared repositories (the API's modules and the worker's activities use the same). */
@Global()
@Module({ providers: REPOSITORIES, exports: REPOSITORIES })
export class RepositoriesModule {}
