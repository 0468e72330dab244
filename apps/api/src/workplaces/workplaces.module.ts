import { Module } from '@nestjs/common';
import { WorkplacesController } from './workplaces.controller';
import { WorkplacesRepository } from './workplaces.repository';
import { WorkplacesService } from './workplaces.service';

@Module({ controllers: [WorkplacesController], providers: [WorkplacesService, WorkplacesRepository], exports: [WorkplacesService] })
export class WorkplacesModule {}
