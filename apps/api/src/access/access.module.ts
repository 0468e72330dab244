import { Global, Module } from '@nestjs/common';
import { AccessService } from './access.service';
import { PeopleRepository } from './people.repository';

/** The one access check, available to every module. */
@Global()
@Module({ providers: [AccessService, PeopleRepository], exports: [AccessService] })
export class AccessModule {}
