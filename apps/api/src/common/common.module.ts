import { Global, Module } from '@nestjs/common';
import { IdempotencyService } from './idempotency.service';

/** What every capability's commands share: the one idempotency mechanism. */
@Global()
@Module({ providers: [IdempotencyService], exports: [IdempotencyService] })
export class CommonModule {}
