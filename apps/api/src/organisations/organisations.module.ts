import { Module } from '@nestjs/common';
import { MunicipalitiesController } from './municipalities.controller';
import { OrganisationsController } from './organisations.controller';
import { OrganisationsRepository } from './organisations.repository';
import { OrganisationsService } from './organisations.service';

/** Organisations and their users, managed by admins. */
@Module({ controllers: [OrganisationsController, MunicipalitiesController], providers: [OrganisationsService, OrganisationsRepository] })
export class OrganisationsModule {}
