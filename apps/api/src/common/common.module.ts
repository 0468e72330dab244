import { Global, Module } from '@nestjs/common';
import { IdempotencyKeysRepository } from '../../../../libs/database/src/repositories/idempotency-keys.repository';
import { IdempotencyService } from './idempotency.service';

/** What every capability's commands share: the one idempotency mechanism. */
@Global()
@Module({ providers: [IdempotencyService, IdempotencyKeysRepository], exports: [IdempotencyService] })
export class CommonModule {}
