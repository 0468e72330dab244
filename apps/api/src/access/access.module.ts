import { Global, Module } from '@nestjs/common';
import { AccessService } from './access.service';

/** The one access check, available to every module. */
@Global()
@Module({ providers: [AccessService], exports: [AccessService] })
export class AccessModule {}
