import { Module } from '@nestjs/common';
import { MunicipalitiesController } from './municipalities.controller';
import { OrganisationsController } from './organisations.controller';
import { OrganisationsService } from './organisations.service';

/** Organisations and their users, managed by admins. */
@Module({ controllers: [OrganisationsController, MunicipalitiesController], providers: [OrganisationsService] })
export class OrganisationsModule {}
